/**
 * One record through the normaliser: input checks, mapping, inferences, size.
 * `index.ts` exposes it as `normalise()`; the CLI uses it with shared memoised
 * objects, since it serialises each event at once.
 */
import { applyMapping, readSources } from "./engine";
import { exactDatetime, isRecordObject, isValidationRecord, notARecordReason, parseJson } from "./input";
import { isOversize } from "./size";
import type { EcsEvent, NormaliseOptions, NormaliseResult } from "./types";

const VALIDATION_SKIP: NormaliseResult = Object.freeze({
  kind: "skip",
  reason: 'Cloudflare\'s destination validation record {"content":"tests"}',
});

/**
 * Normalises one record (an object or a JSON text). Never throws. With
 * `shared`, parts of the event are frozen objects shared between events.
 */
export function normaliseRecord(
  record: unknown,
  options: NormaliseOptions | undefined,
  shared: boolean,
): NormaliseResult {
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
    // An object with none of the fields the mapping reads is not a firewall_events
    // record (another dataset, another tool's JSON): an error, not an empty event.
    const values = readSources(value);
    if (values === undefined)
      return { kind: "error", reason: "not a firewall_events record: none of its fields is present" };

    const digits = text === undefined ? undefined : exactDatetime(text, value.Datetime);
    const original = options?.original;
    const event: EcsEvent = typeof original === "string" ? { message: original } : {};
    const warnings = applyMapping(values, event, digits, shared);
    return { kind: "event", event, warnings, oversize: isOversize(event, text?.length, original?.length) };
  } catch (error) {
    // Only reachable with objects JSON cannot produce (getters that throw, proxies...).
    return {
      kind: "error",
      reason: `cannot read the record: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
