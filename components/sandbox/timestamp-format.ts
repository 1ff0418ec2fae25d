/**
 * `Datetime` as Logpush writes it for each `timestamp_format`. The emulator
 * holds every event time as epoch nanoseconds (a bigint: unixnano values are
 * above 2^53) and prints it once, as JSON text, in the job's format.
 */
import type { TimestampFormat } from "../validation";

/** Nanoseconds per second, as a bigint. */
const NS = 1_000_000_000n;

/**
 * The JSON text of `Datetime` in a Logpush format: a bare integer for
 * `unixnano` and `unix`, a quoted RFC 3339 UTC string otherwise (`rfc3339`:
 * whole seconds; `rfc3339ms`: 3 digits; `rfc3339ns`: 9 digits).
 */
export function formatDatetime(epochNanos: bigint, format: TimestampFormat): string {
  const seconds = epochNanos / NS;
  switch (format) {
    case "unixnano":
      return epochNanos.toString();
    case "unix":
      return seconds.toString();
    default: {
      const whole = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
      const fraction = (epochNanos % NS).toString().padStart(9, "0");
      const digits = format === "rfc3339ms" ? `.${fraction.slice(0, 3)}` : format === "rfc3339ns" ? `.${fraction}` : "";
      return `"${whole}${digits}Z"`;
    }
  }
}

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
