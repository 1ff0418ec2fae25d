/**
 * The `user_agent.*` fields SEKOIA infers from `user_agent.original`, following
 * the ua-parser model: uap-core's regexes (npm `uap-core`) run by the ua-parser
 * reference implementation (npm `uap-ref-impl`). ua-parser-js is another model
 * (other names, and AGPL from v2), so it would not reproduce SEKOIA.
 *
 * Parsing walks up to a thousand regexes, so results sit behind a bounded
 * cache: user agents repeat a lot in firewall events.
 */
import makeParser from "uap-ref-impl";
import { BoundedCache } from "./cache";
import { loadUapRegexes } from "./uap-regexes";

/** The inferred user agent fields, as nested ECS objects. */
// A type, not an interface: it is also read as a record of inferred keys (infer.ts).
export type UserAgentFields = {
  readonly name: string;
  readonly version?: string;
  readonly os: { readonly name: string; readonly version?: string };
  readonly device: { readonly name: string };
};

/** User agents longer than this are parsed each time rather than cached, to bound memory. */
const MAX_CACHED_LENGTH = 2048;
const cache = new BoundedCache<string, UserAgentFields>(4096);
let parser: makeParser.UapParser | undefined;

/** The parser, built on first use: a run without user agents need not compile a thousand regexes. */
function uap(): makeParser.UapParser {
  parser ??= makeParser(loadUapRegexes());
  return parser;
}

/** The `user_agent` fields for a user agent string (cached; results are frozen, copy before changing). */
export function parseUserAgent(userAgent: string): UserAgentFields {
  if (userAgent.length > MAX_CACHED_LENGTH) return computeUserAgent(userAgent);
  return cache.getOrCompute(userAgent, computeUserAgent);
}

function computeUserAgent(userAgent: string): UserAgentFields {
  const { ua, os, device } = uap().parse(userAgent);
  const uaVersion = version(ua.major, ua.minor, ua.patch);
  const osVersion = version(os.major, os.minor, os.patch);
  return Object.freeze({
    name: ua.family || "Other",
    ...(uaVersion === undefined ? {} : { version: uaVersion }),
    os: Object.freeze({ name: os.family || "Other", ...(osVersion === undefined ? {} : { version: osVersion }) }),
    device: Object.freeze({ name: device.family || "Other" }),
  });
}

/** `major[.minor[.patch]]`, stopping at the first missing part; undefined without a major. */
function version(major: string | null, minor: string | null, patch: string | null): string | undefined {
  if (!major) return undefined;
  if (!minor) return major;
  return patch ? `${major}.${minor}.${patch}` : `${major}.${minor}`;
}
