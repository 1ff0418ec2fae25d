/**
 * Event times as the emulator holds them: epoch nanoseconds (a bigint:
 * unixnano values are above 2^53), read back from replayed archives in any
 * format. They are printed by the normaliser's `formatDatetime`, in the job's format.
 */

/** Nanoseconds per second, as a bigint. */
const NS = 1_000_000_000n;

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9})\d*)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Epoch nanoseconds of a `Datetime` read from a replayed file, whatever format
 * it was archived in, or undefined when it is none. A number is read by its
 * magnitude, as Logpush formats are unambiguous there: up to 11 digits are
 * seconds, 17 or more nanoseconds. `digits` are the exact digits of a JSON
 * integer as written (JSON.parse rounds unixnano values).
 */
export function epochNanosOf(value: unknown, digits?: string): bigint | undefined {
  if (typeof value === "bigint") return value;
  let text: string | undefined = digits;
  if (text === undefined && typeof value === "number" && Number.isSafeInteger(value) && value >= 0)
    text = String(value);
  if (text === undefined && typeof value === "string" && /^\d+$/.test(value)) text = value;
  if (text !== undefined) {
    if (text.length <= 11) return BigInt(text) * NS;
    if (text.length >= 17) return BigInt(text);
    return undefined; // milli- or microseconds: no Logpush format writes these
  }
  if (typeof value !== "string") return undefined;
  const m = RFC3339.exec(value);
  if (!m) return undefined;
  const millis = Date.parse(`${m[1]}${m[3].toUpperCase()}`);
  if (Number.isNaN(millis)) return undefined;
  return (BigInt(millis) / 1000n) * NS + BigInt((m[2] ?? "").padEnd(9, "0"));
}
