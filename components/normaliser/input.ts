/**
 * What arrives: a record as an object or as one line of JSON text, Cloudflare's
 * validation record, and the exact digits of a unixnano Datetime.
 */
import { describeType } from "./describe";

/** A record as the engine reads it: a JSON object. */
export type RecordObject = Readonly<Record<string, unknown>>;

/** A JSON object (not null, not an array). */
export function isRecordObject(value: unknown): value is RecordObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * True for Cloudflare's destination validation record, `{"content":"tests"}`
 * (an object, or its JSON text), which Logpush posts when a job is created.
 * It is not an event: consumers skip it.
 */
export function isValidationRecord(record: unknown): boolean {
  if (typeof record === "string") {
    if (!record.includes("tests")) return false;
    try {
      record = JSON.parse(record);
    } catch {
      return false;
    }
  }
  if (!isRecordObject(record)) return false;
  const keys = Object.keys(record);
  return keys.length === 1 && keys[0] === "content" && record.content === "tests";
}

/** Parses one line of JSON text; the reason never quotes the line. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    // V8 quotes the start of the input ('"SECRET"... is not valid JSON') and the raw token: keep only its
    // diagnosis, and name an unexpected token by its code point unless it is a visible ASCII character.
    const message = (error instanceof Error ? error.message : "")
      .replace(/, ".*"(\.\.\.)? is not valid JSON$/s, "")
      .replace(/^Unexpected token '(.+?)'/su, (_, token: string) => `Unexpected token ${describeToken(token)}`)
      .replace(/ in JSON at position /, " at character ");
    return { ok: false, reason: `not valid JSON: ${message}` };
  }
}

// A token as a message shows it: visible ASCII quoted, anything else (an escape, a control) as U+XXXX.
function describeToken(token: string): string {
  const code = token.codePointAt(0) ?? 0;
  return token.length === 1 && code > 0x20 && code < 0x7f
    ? `'${token}'`
    : `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Why a parsed value is not a record. */
export function notARecordReason(value: unknown): string {
  return `not a record: expected a JSON object, got ${describeType(value)}`;
}

const DATETIME_KEY = '"Datetime"';

/**
 * The exact digits of a Datetime too large for a double (unixnano), read from
 * the record's text; undefined for any other value.
 * @param text the record's JSON text
 * @param datetime the parsed record's Datetime
 */
export function exactDatetime(text: string, datetime: unknown): string | undefined {
  return typeof datetime === "number" && !Number.isSafeInteger(datetime) ? datetimeDigits(text, datetime) : undefined;
}

/**
 * The exact digits of the integer Datetime in a JSON text. JSON.parse rounds
 * integers above 2^53 (every unixnano value) to about 256 ns, so unixnano is
 * read from the text. The occurrence kept is the last one (JSON.parse keeps the
 * last duplicate key) whose digits round to the parsed number, which rules out
 * a "Datetime" key nested in another field with another value.
 */
export function datetimeDigits(text: string, parsed: number): string | undefined {
  let found: string | undefined;
  for (let at = text.indexOf(DATETIME_KEY); at !== -1; at = text.indexOf(DATETIME_KEY, at + 1)) {
    let i = at + DATETIME_KEY.length;
    while (isJsonSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 58 /* : */) continue;
    i++;
    while (isJsonSpace(text.charCodeAt(i))) i++;
    const start = i;
    while (isDigit(text.charCodeAt(i))) i++;
    if (i === start) continue;
    const end = i;
    while (isJsonSpace(text.charCodeAt(i))) i++;
    const next = text.charCodeAt(i);
    if (next !== 44 /* , */ && next !== 125 /* } */) continue;
    const digits = text.slice(start, end);
    if (Number(digits) === parsed) found = digits;
  }
  return found;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isJsonSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}
