/**
 * The fields SEKOIA's engine infers after the mapping, for every format,
 * declared as data beside the mapping table so that both back-ends (the event
 * object built by `engine.ts`, the JSON bytes written by `writer.ts`) derive
 * from the same declarations:
 *
 * - per top-level object, keys computed from that object's own fields
 *   (`*.address`, the domain parts, the parsed `user_agent.*`), appended after
 *   the table's keys;
 * - `related.*`, lists of distinct values gathered across objects, appended
 *   last.
 */
import { domainParts } from "./domain";
import { parseUserAgent } from "./user-agent";

/** Keys a top-level object gains from its own fields. */
export interface ObjectInference {
  /** The object's fields read (the table's `object.field` rows), in order. */
  readonly reads: readonly string[];
  /** Every key it may add, in order: none may be a key the table writes in the object. */
  readonly adds: readonly string[];
  /**
   * The added keys and values, from the read values (undefined for a field the
   * event does not have), in the order of `adds`. The result may be cached and
   * shared: it is frozen, and the engine copies nested values before use.
   */
  readonly infer: (values: readonly unknown[]) => Readonly<Record<string, unknown>>;
}

const NOTHING: Readonly<Record<string, unknown>> = Object.freeze({});
const DOMAIN_PARTS = ["registered_domain", "top_level_domain", "subdomain"] as const;

/** `.address` is the domain when there is one, else the IP. */
function address(domain: unknown, ip: unknown): unknown {
  return domain ?? ip;
}

/** The domain parts of a host name (none for anything but a string). */
function partsOf(domain: unknown): Readonly<Record<string, unknown>> {
  return typeof domain === "string" ? domainParts(domain) : NOTHING;
}

/** Inferences per top-level ECS object, applied once the object's rows are written. */
export const OBJECT_INFERENCES: Readonly<Record<string, ObjectInference>> = {
  source: {
    reads: ["domain", "ip"],
    adds: ["address"],
    infer: ([domain, ip]) => {
      const value = address(domain, ip);
      return value === undefined ? NOTHING : Object.freeze({ address: value });
    },
  },
  destination: {
    reads: ["domain", "ip"],
    adds: ["address", ...DOMAIN_PARTS],
    infer: ([domain, ip]) => {
      const value = address(domain, ip);
      if (value === undefined) return NOTHING;
      // SEKOIA splits destination.domain only when it is the address.
      const parts = value === domain ? partsOf(domain) : NOTHING;
      return Object.freeze({ address: value, ...parts });
    },
  },
  url: { reads: ["domain"], adds: DOMAIN_PARTS, infer: ([domain]) => partsOf(domain) },
  user_agent: {
    reads: ["original"],
    adds: ["name", "version", "os", "device"],
    infer: ([original]) => (typeof original === "string" ? parseUserAgent(original) : NOTHING),
  },
};

/** One list of `related`: the distinct values of some event fields, in order. */
export interface RelatedList {
  /** The key in `related`. */
  readonly key: string;
  /** The dotted event fields read, in order. */
  readonly from: readonly string[];
}

/** `related.hosts` and `related.ip`; the referer host is not a related host for SEKOIA, only the request's. */
export const RELATED: readonly RelatedList[] = [
  { key: "hosts", from: ["destination.domain", "url.domain"] },
  { key: "ip", from: ["source.ip", "destination.ip"] },
];

/** The top-level key `related` is written under. */
export const RELATED_KEY = "related";

/** The distinct defined values, in order; undefined when there are none. */
export function distinct(values: readonly unknown[]): unknown[] | undefined {
  let out: unknown[] | undefined;
  for (const value of values) {
    if (value === undefined) continue;
    if (out === undefined) out = [value];
    else if (!out.includes(value)) out.push(value);
  }
  return out;
}
