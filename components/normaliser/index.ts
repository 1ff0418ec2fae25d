/**
 * The normaliser: a Cloudflare firewall_events record in, the ECS event
 * SEKOIA.IO shows for it out. No Pulumi here: it runs without it.
 *
 * ```ts
 * import { normalise } from "cloudflare-sekoia-logpush/components/normaliser";
 * const result = normalise(line);            // a JSON text or a parsed object
 * if (result.kind === "event") send(result.event);
 * ```
 */
import { applyMapping, SOURCE_FIELDS } from "./engine";
import { inferFields } from "./infer";
import { datetimeDigits, isRecordObject, isValidationRecord, notARecordReason, parseJson } from "./input";
import { isOversize } from "./size";
import type { EcsEvent, NormaliseOptions, NormaliseResult } from "./types";

export type { EcsEvent, NormaliseOptions, NormaliseResult } from "./types";
export { isValidationRecord } from "./input";
export { SEKOIA_MAX_EVENT_BYTES } from "./size";
export { MAPPING, type MappingRow } from "./mapping";
export { ACTION_EVENT_TYPES } from "./actions";

const VALIDATION_SKIP: NormaliseResult = Object.freeze({
  kind: "skip",
  reason: 'Cloudflare\'s destination validation record {"content":"tests"}',
});

/**
 * Normalises one firewall_events record into the ECS event SEKOIA shows.
 *
 * - `record`: a parsed object, or one line of JSON text (then a unixnano
 *   Datetime is read exactly from its digits).
 * - Never throws. `{"content":"tests"}` gives `skip`; anything that is not a
 *   JSON object, or an object with none of the fields the mapping reads (SOURCE_FIELDS), gives
 *   `error` (it is not a firewall_events record, so there is nothing to show).
 * - Wrong-typed fields and an unparseable Datetime are left out, and
 *   `warnings` says so; the event is kept.
 */
export function normalise(record: unknown, options?: NormaliseOptions): NormaliseResult {
  try {
    let value = record;
    const text = typeof record === "string" ? record : undefined;
    if (text !== undefined) {
      const parsed = parseJson(text);
      if (!parsed.ok) return { kind: "error", reason: parsed.reason };
      value = parsed.value;
    }
    if (!isRecordObject(value)) return { kind: "error", reason: notARecordReason(value) };
    if (isValidationRecord(value)) return VALIDATION_SKIP;

    const datetime = value.Datetime;
    const digits =
      text !== undefined && typeof datetime === "number" && !Number.isSafeInteger(datetime)
        ? datetimeDigits(text, datetime)
        : undefined;
    const original = options?.original;
    const event: EcsEvent = typeof original === "string" ? { message: original } : {};
    const { warnings, fieldsPresent } = applyMapping(value, event, digits);
    if (fieldsPresent === 0) return { kind: "error", reason: "not a firewall_events record: none of its fields is present" };
    inferFields(event);
    return { kind: "event", event, warnings, oversize: isOversize(event, text?.length, original?.length) };
  } catch (error) {
    // Only reachable with objects JSON cannot produce (getters that throw, proxies...).
    return { kind: "error", reason: `cannot read the record: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export { SOURCE_FIELDS };
