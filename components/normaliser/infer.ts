/**
 * The fields SEKOIA's engine infers after the mapping, for every format:
 * `*.address`, the domain parts, the parsed `user_agent.*` (each from one
 * top-level object, so computed with it) and `related.*` (across objects).
 */
import { domainParts } from "./domain";
import type { EcsEvent } from "./types";
import { parseUserAgent } from "./user-agent";

type Node = Record<string, unknown>;

/** `.address` is the domain when there is one, else the IP. */
function setAddress(node: Node): void {
  const address = node.domain ?? node.ip;
  if (address !== undefined) node.address = address;
}

function addDomainParts(node: Node): void {
  if (typeof node.domain !== "string") return;
  const parts = domainParts(node.domain);
  if (parts.registered_domain !== undefined) node.registered_domain = parts.registered_domain;
  if (parts.top_level_domain !== undefined) node.top_level_domain = parts.top_level_domain;
  if (parts.subdomain !== undefined) node.subdomain = parts.subdomain;
}

/** Inferences per top-level ECS object, applied when the engine builds it. */
export const GROUP_INFERENCE: Readonly<Record<string, (node: Node) => void>> = {
  source: setAddress,
  destination: (destination) => {
    setAddress(destination);
    // SEKOIA splits destination.domain only when it is the address.
    if (destination.address === destination.domain) addDomainParts(destination);
  },
  url: addDomainParts,
  user_agent: (userAgent) => {
    if (typeof userAgent.original !== "string") return;
    const parsed = parseUserAgent(userAgent.original);
    // Fresh objects: the parsed result is cached and frozen.
    userAgent.name = parsed.name;
    if (parsed.version !== undefined) userAgent.version = parsed.version;
    userAgent.os =
      parsed.os.version === undefined ? { name: parsed.os.name } : { name: parsed.os.name, version: parsed.os.version };
    userAgent.device = { name: parsed.device.name };
  },
};

/** `related.hosts` and `related.ip`, from the objects already built. */
export function inferRelated(event: EcsEvent): void {
  const source = event.source as Node | undefined;
  const destination = event.destination as Node | undefined;
  const url = event.url as Node | undefined;
  // The referer host is not a related host for SEKOIA: only the request's.
  const hosts = distinct(destination?.domain, url?.domain);
  const ips = distinct(source?.ip, destination?.ip);
  if (hosts === undefined && ips === undefined) return;
  const related: Node = {};
  if (hosts !== undefined) related.hosts = hosts;
  if (ips !== undefined) related.ip = ips;
  event.related = related;
}

/** The distinct defined values, in order; undefined when there are none. */
function distinct(first: unknown, second: unknown): unknown[] | undefined {
  if (first === undefined) return second === undefined ? undefined : [second];
  return second === undefined || second === first ? [first] : [first, second];
}
