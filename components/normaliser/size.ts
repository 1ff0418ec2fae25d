/**
 * SEKOIA rejects an event above 250 KiB. Serialising every event only to
 * measure it would cost as much as the rest of the normaliser, so a cheap upper
 * bound rules out the common case first.
 */
import type { EcsEvent } from "./types";

/** SEKOIA's limit on one event, in bytes of serialised JSON. */
export const SEKOIA_MAX_EVENT_BYTES = 250 * 1024;

/**
 * Upper bound of the event's size from the record's JSON text: every output
 * string is a copy of an input string, no input string is copied more than
 * about 12 times (the host: domains, addresses, parts, related; the user agent:
 * original and parsed names), a number re-printed grows at most ~6× (`1e20`),
 * every UTF-16 unit takes at most 3 bytes, and `message` (escaped) at most
 * doubles the raw line. Constants and key names fit in the fixed part.
 */
function sizeBound(recordTextLength: number, originalLength: number): number {
  return 3 * (16 * recordTextLength + 2 * originalLength) + 16 * 1024;
}

/**
 * True when an event made from a record of this length is certainly within
 * SEKOIA's limit (false: measure it).
 * @param recordTextLength the record's JSON text length, in UTF-16 units
 * @param originalLength the length of the raw line kept as `message` (0 when none)
 */
export function surelyWithinLimit(recordTextLength: number, originalLength: number): boolean {
  return sizeBound(recordTextLength, originalLength) <= SEKOIA_MAX_EVENT_BYTES;
}

/** True when the serialised event is above SEKOIA's 250 KiB. */
export function isOversize(event: EcsEvent, recordTextLength?: number, originalLength = 0): boolean {
  if (recordTextLength !== undefined && surelyWithinLimit(recordTextLength, originalLength)) return false;
  return Buffer.byteLength(JSON.stringify(event), "utf8") > SEKOIA_MAX_EVENT_BYTES;
}
