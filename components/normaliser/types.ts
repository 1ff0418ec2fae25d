/** The public types of the normaliser (re-exported by `index.ts`). */

/** An ECS event as SEKOIA shows it: a nested plain object. */
export type EcsEvent = { [key: string]: unknown };

/** Options of `normalise()`. */
export interface NormaliseOptions {
  /** The raw line, kept as `message`, as SEKOIA keeps it. The record is never copied anywhere else. */
  original?: string;
}

/** What `normalise()` makes of one record. */
export type NormaliseResult =
  /** An event; `warnings` says what was left out and why; `oversize`: serialised above 250 KiB, so SEKOIA would reject it. */
  | { kind: "event"; event: EcsEvent; warnings: string[]; oversize: boolean }
  /** Cloudflare's `{"content":"tests"}` destination validation record: not an event. */
  | { kind: "skip"; reason: string }
  /** Not a record at all (not JSON, not an object, no firewall_events field). */
  | { kind: "error"; reason: string };
