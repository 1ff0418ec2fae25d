/**
 * Replay of real Logpush archives: reads firewall_events NDJSON (plain or
 * gzip, told apart by content, as Logpush names files freely) and yields the
 * records for the emulator, `Datetime` read exactly (whatever format it was
 * archived in) as epoch nanoseconds, so the job can print it in its own.
 */
import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { isValidationRecord } from "../normaliser";
import { datetimeDigits, isRecordObject, parseJson } from "../normaliser/input";
import { decodedChunks, LineSplitter, MAX_LINE_BYTES, TOO_LONG } from "../normaliser/lines";
import type { LogRecord } from "./filter-eval";
import { epochNanosOf } from "./timestamp-format";

/** A line that could not be replayed, and why. */
export interface ReplayProblem {
  line: number;
  reason: string;
}

/** The record of one NDJSON line, or why there is none; undefined for lines that carry no event (blank, validation). */
export function recordOfLine(
  line: string,
): { ok: true; record: LogRecord } | { ok: false; reason: string } | undefined {
  if (line.trim() === "" || isValidationRecord(line)) return undefined;
  const parsed = parseJson(line);
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  if (!isRecordObject(parsed.value)) return { ok: false, reason: "not a JSON object" };
  const record: Record<string, unknown> = { ...parsed.value };
  const datetime = record.Datetime;
  if (datetime !== undefined) {
    const digits =
      typeof datetime === "number" && !Number.isSafeInteger(datetime) ? datetimeDigits(line, datetime) : undefined;
    const nanos = epochNanosOf(datetime, digits);
    // Kept as archived when unreadable: the job then sends it unchanged.
    if (nanos !== undefined) record.Datetime = nanos;
  }
  return { ok: true, record };
}

/**
 * The records of an NDJSON stream, in order. Lines that are not records are
 * passed to `onProblem` and skipped; blank lines and Cloudflare's validation
 * record are skipped silently.
 */
export async function* replayRecords(
  input: Readable,
  onProblem?: (problem: ReplayProblem) => void,
): AsyncGenerator<LogRecord> {
  let lineNo = 0;
  let pending: Array<LogRecord> = [];
  const splitter = new LineSplitter((line) => {
    lineNo++;
    if (line === TOO_LONG) {
      onProblem?.({ line: lineNo, reason: `longer than ${MAX_LINE_BYTES} bytes` });
      return;
    }
    const result = recordOfLine(lineNo === 1 ? line.replace(/^\uFEFF/, "") : line);
    if (result === undefined) return;
    if (result.ok) pending.push(result.record);
    else onProblem?.({ line: lineNo, reason: result.reason });
  });
  for await (const chunk of decodedChunks(input)) {
    splitter.push(chunk);
    yield* pending;
    pending = [];
  }
  splitter.end();
  yield* pending;
}

/**
 * The records of an NDJSON file (plain or gzip). The file is opened when the
 * first record is asked for, so a read error reaches the reader (it would
 * otherwise be an unhandled stream error while nobody reads yet).
 */
export async function* replayFile(
  path: string,
  onProblem?: (problem: ReplayProblem) => void,
): AsyncGenerator<LogRecord> {
  yield* replayRecords(createReadStream(path), onProblem);
}
