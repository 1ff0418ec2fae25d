/**
 * The fields SEKOIA's engine infers after the mapping, for every format:
 * `*.address`, the domain parts, `related.*` and the parsed `user_agent.*`.
 */
import { domainParts, type DomainParts } from "./domain";
import type { EcsEvent } from "./types";
import { parseUserAgent } from "./user-agent";

type Node = Record<string, unknown>;

/** Adds the inferred fields to a mapped event, in place. */
export function inferFields(event: EcsEvent): void {
  const source = event.source as Node | undefined;
  const destination = event.destination as Node | undefined;
  const url = event.url as Node | undefined;

  // `.address` is the domain when there is one, else the IP.
  if (source !== undefined) setAddress(source);
  if (destination !== undefined) setAddress(destination);

  if (destination !== undefined && typeof destination.domain === "string" && destination.address === destination.domain) {
    addDomainParts(destination, domainParts(destination.domain));
  }
  if (url !== undefined && typeof url.domain === "string") addDomainParts(url, domainParts(url.domain));

  // The referer host is not a related host for SEKOIA: only the request's.
  const hosts = distinct(destination?.domain, url?.domain);
  const ips = distinct(source?.ip, destination?.ip);
  if (hosts !== undefined || ips !== undefined) {
    const related: Node = {};
    if (hosts !== undefined) related.hosts = hosts;
    if (ips !== undefined) related.ip = ips;
    event.related = related;
  }

  const userAgent = event.user_agent as Node | undefined;
  if (userAgent !== undefined && typeof userAgent.original === "string") {
    const parsed = parseUserAgent(userAgent.original);
    // Fresh objects: the parsed result is cached and shared between events.
    userAgent.name = parsed.name;
    if (parsed.version !== undefined) userAgent.version = parsed.version;
    userAgent.os = parsed.os.version === undefined ? { name: parsed.os.name } : { name: parsed.os.name, version: parsed.os.version };
    userAgent.device = { name: parsed.device.name };
  }
}

function setAddress(node: Node): void {
  const address = node.domain ?? node.ip;
  if (address !== undefined) node.address = address;
}

function addDomainParts(node: Node, parts: DomainParts): void {
  if (parts.registered_domain !== undefined) node.registered_domain = parts.registered_domain;
  if (parts.top_level_domain !== undefined) node.top_level_domain = parts.top_level_domain;
  if (parts.subdomain !== undefined) node.subdomain = parts.subdomain;
}

/** The distinct defined values, in order; undefined when there are none. */
function distinct(first: unknown, second: unknown): unknown[] | undefined {
  if (first === undefined) return second === undefined ? undefined : [second];
  return second === undefined || second === first ? [first] : [first, second];
}
