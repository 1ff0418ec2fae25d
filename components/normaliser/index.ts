/**
 * The normaliser: a Cloudflare firewall_events record in, the ECS event
 * SEKOIA.IO shows for it out. No Pulumi here: it runs without it.
 *
 * ```ts
 * import { normalise } from "cloudflare-sekoia-logpush/normaliser";
 * const result = normalise(line); // one Logpush line (JSON text) or a parsed object
 * if (result.kind === "event") send(result.event);
 * ```
 */
import { normaliseRecord } from "./core";
import type { NormaliseOptions, NormaliseResult } from "./types";

export type { EcsEvent, NormaliseOptions, NormaliseResult } from "./types";
export { isValidationRecord } from "./input";
export { SEKOIA_MAX_EVENT_BYTES } from "./size";
export { MAPPING, type MappingRow, type Conversion } from "./mapping";
export { ACTION_EVENT_TYPES } from "./actions";

/**
 * Normalises one firewall_events record into the ECS event SEKOIA shows.
 *
 * - `record`: a parsed object, or one line of JSON text (then a unixnano
 *   Datetime is read exactly, from its digits).
 * - Never throws. `{"content":"tests"}` gives `skip`. Anything that is not a
 *   JSON object, or an object with none of the fields the mapping reads, gives
 *   `error`: it is not a firewall_events record, so there is nothing to show.
 * - A field of the wrong type, or an unparseable Datetime, is left out and
 *   `warnings` says so; the event is kept.
 * - The event is a fresh nested plain object: the caller may change it.
 */
export function normalise(record: unknown, options?: NormaliseOptions): NormaliseResult {
  return normaliseRecord(record, options, false);
}
