/**
 * `@timestamp` from Cloudflare's `Datetime`, in every Logpush timestamp format,
 * printed as SEKOIA prints it: `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC, 6 digits).
 *
 * SEKOIA reads Datetime only as nanoseconds (`float / 1e9`): `unix` seconds
 * land in 1970 and RFC 3339 strings give nothing, although the guide configures
 * `rfc3339`. Here every format Logpush offers is read:
 *
 * | format    | Datetime                                    | read as |
 * |-----------|---------------------------------------------|---------|
 * | unixnano  | `1657630626219000000` (number or text)      | nanoseconds, exact: digits, not a float |
 * | unix      | `1657630626` (number or text)               | seconds |
 * | rfc3339   | `"2022-07-12T12:57:06Z"`                    | with any offset |
 * | rfc3339ms | `"2022-07-12T12:57:06.219Z"`                | |
 * | rfc3339ns | `"2022-07-12T12:57:06.219000000+02:00"`     | |
 *
 * A number is read by its magnitude (no Logpush format is ambiguous there):
 * up to 11 digits seconds, 12–14 milliseconds, 15–16 microseconds, 17 or more
 * nanoseconds. Fractions below the microsecond are cut, not rounded, so an
 * event never moves into the next microsecond.
 */

import type { TimestampFormat } from "../validation";
import { describeType, preview } from "./describe";

/** A parsed timestamp, or why there is none. */
export type TimestampResult = { ok: true; value: string } | { ok: false; reason: string };

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const INTEGER = /^\d+$/;
const DECIMAL_SECONDS = /^(\d+)\.(\d+)$/;

/**
 * Reads a Datetime value. `digits`, when given, are the exact decimal digits of
 * a JSON number as written in the raw line (JSON.parse rounds unixnano values,
 * which are above 2^53, to about 256 ns).
 */
export function parseDatetime(value: unknown, digits?: string): TimestampResult {
  if (typeof value === "number") {
    if (digits !== undefined) return fromEpochDigits(digits);
    if (!Number.isFinite(value) || value < 0) return unparseable(value);
    if (Number.isInteger(value)) return fromEpochDigits(integerDigits(value));
    // A fractional number is only meaningful as `unix` seconds with a fraction.
    if (value < 1e11) {
      const [whole, fraction] = value.toFixed(6).split(".");
      return format(Number(whole), fraction);
    }
    return fromEpochDigits(integerDigits(Math.trunc(value)));
  }
  if (typeof value === "string") {
    const utc = plainUtcRfc3339(value);
    if (utc !== undefined) return { ok: true, value: utc };
    if (INTEGER.test(value)) return fromEpochDigits(value);
    const decimal = DECIMAL_SECONDS.exec(value);
    if (decimal && decimal[1].length <= 11) return format(Number(decimal[1]), decimal[2]);
    return fromRfc3339(value);
  }
  return { ok: false, reason: `expected int or string, got ${describeType(value)}` };
}

/** Digits of a non-negative integer number without exponent notation. */
function integerDigits(value: number): string {
  return value < 1e21 ? String(value) : BigInt(value).toString();
}

/** Digits after the whole-second part, per magnitude: s, ms, µs, ns. */
function fractionDigitsFor(length: number): number {
  if (length <= 11) return 0;
  if (length <= 14) return 3;
  if (length <= 16) return 6;
  return 9;
}

function fromEpochDigits(raw: string): TimestampResult {
  const digits = raw.length > 1 && raw.charCodeAt(0) === 48 ? raw.replace(/^0+(?=\d)/, "") : raw;
  const unit = fractionDigitsFor(digits.length);
  const wholeSeconds = unit === 0 ? digits : digits.slice(0, digits.length - unit) || "0";
  const fraction = unit === 0 ? "" : digits.slice(digits.length - unit);
  if (wholeSeconds.length > 15) return unparseable(raw);
  return format(Number(wholeSeconds), fraction, raw);
}

/** Character codes the fast RFC 3339 reading checks. */
const ZERO = 48;
const NINE = 57;
const DASH = 45;
const COLON = 58;
const DOT = 46;
const UPPER_T = 84;
const UPPER_Z = 90;
const LOWER_Z = 122;

/** The number of two digits at `at`, or -1 when they are not both digits. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - ZERO;
  const units = text.charCodeAt(at + 1) - ZERO;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : -1;
}

/**
 * What Logpush writes (`YYYY-MM-DDTHH:MM:SS[.fff…]Z`, UTC, a valid date, no
 * leap second), read without the regex: the answer `fromRfc3339` gives, or
 * undefined for anything else (which `fromRfc3339` then reads). It runs for
 * every event, so it reads character codes and allocates only the answer.
 * @param text a Datetime string
 */
export function plainUtcRfc3339(text: string): string | undefined {
  const length = text.length;
  if (length < 20 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) return undefined;
  if (text.charCodeAt(10) !== UPPER_T || text.charCodeAt(13) !== COLON || text.charCodeAt(16) !== COLON)
    return undefined;
  const century = twoDigits(text, 0);
  const yearInCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (century < 0 || yearInCentury < 0 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59)
    return undefined;
  if (month < 1 || month > 12 || second < 0 || second > 59) return undefined;
  if (day > daysInMonth(century * 100 + yearInCentury, month)) return undefined;
  const last = text.charCodeAt(length - 1);
  if (last !== UPPER_Z && last !== LOWER_Z) return undefined;
  if (length === 20) return `${text.slice(0, 19)}.000000Z`;
  // A fraction: a dot, then one or more digits up to the Z.
  if (length < 22 || text.charCodeAt(19) !== DOT) return undefined;
  for (let i = 20; i < length - 1; i++) {
    const code = text.charCodeAt(i);
    if (code < ZERO || code > NINE) return undefined;
  }
  return `${text.slice(0, 19)}.${micros(text.slice(20, length - 1))}Z`;
}

/**
 * Any RFC 3339 timestamp, with any offset (the general reading, by regex).
 * @param text a Datetime string
 */
export function fromRfc3339(text: string): TimestampResult {
  const m = RFC3339.exec(text);
  if (!m) return unparseable(text);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  // Second 60 is RFC 3339's leap second; Date rolls it into the next minute.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return unparseable(text);
  if (hour > 23 || minute > 59 || second > 60) return unparseable(text);
  const fraction = m[7] ?? "";
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const offsetHours = Number(m[10]);
    const offsetMins = Number(m[11]);
    if (offsetHours > 23 || offsetMins > 59) return unparseable(text);
    offsetMinutes = (m[9] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  // UTC already (what Logpush writes): the text is the answer, no date arithmetic.
  if (offsetMinutes === 0 && second < 60)
    return { ok: true, value: `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${micros(fraction)}Z` };
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (year < 100) date.setUTCFullYear(year); // Date.UTC maps years 0-99 to 1900-1999
  return format(date.getTime() / 1000 - offsetMinutes * 60, fraction, text);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Six digits of fraction: cut, or padded with zeros. */
function micros(fraction: string): string {
  return fraction.length >= 6 ? fraction.slice(0, 6) : fraction.padEnd(6, "0");
}

/** Events of one batch share their second: its text is computed once. */
let lastSecond = Number.NaN;
let lastSecondText = "";

/** Prints whole epoch seconds plus a decimal fraction of a second, SEKOIA's way. */
function format(epochSeconds: number, fraction: string, original: unknown = epochSeconds): TimestampResult {
  if (epochSeconds !== lastSecond) {
    const date = new Date(epochSeconds * 1000);
    const year = date.getUTCFullYear();
    if (Number.isNaN(year) || year < 0 || year > 9999) return unparseable(original, "out of range");
    lastSecond = epochSeconds;
    lastSecondText = date.toISOString().slice(0, 19);
  }
  return { ok: true, value: `${lastSecondText}.${micros(fraction)}Z` };
}

function unparseable(value: unknown, why = "not a Logpush timestamp"): TimestampResult {
  return { ok: false, reason: `unparseable value ${preview(value)} (${why})` };
}

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
