/**
 * What one input line produces: an event's bytes, a skip, an error report or
 * warnings. The one place that decides it, for the CLI's single-threaded path
 * and for its worker threads (`--jobs`) alike, so both give the same output.
 */
import { normaliseRecord } from "./core";
import { LineSplitter, MAX_LINE_BYTES, TOO_LONG, type LineBytes } from "./lines";
import type { LineBlocks } from "./output";
import { serialiseEvent } from "./serialise";
import type { EventWriter } from "./writer";

/** How events are written. */
export interface LineOptions {
  /** Keep each raw line as the event's `message`. */
  readonly keepOriginal: boolean;
  /** Indent each event. */
  readonly pretty: boolean;
}

/** The figures lines add up to (warnings are counted where they are printed, against the cap). */
export interface LineCounts {
  lines: number;
  events: number;
  skipped: number;
  errors: number;
  oversize: number;
  invalidUtf8: number;
}

/** Where one line's results go. */
export interface LineSink {
  /** Added to for each line. */
  readonly counts: LineCounts;
  /** Receives each event, one line each. */
  readonly output: LineBlocks;
  /**
   * A line that could not be normalised.
   * @param lineNo the line's number (from 1)
   * @param reason why, without the line itself
   */
  error(lineNo: number, reason: string): void;
  /**
   * Something left out of a line's event.
   * @param lineNo the line's number (from 1)
   * @param warning what and why
   */
  warning(lineNo: number, warning: string): void;
}

/** No count yet. */
export function noCounts(): LineCounts {
  return { lines: 0, events: 0, skipped: 0, errors: 0, oversize: 0, invalidUtf8: 0 };
}

/**
 * Adds `more` into `into`.
 * @param into the counts to add to
 * @param more the counts to add
 */
export function addCounts(into: LineCounts, more: Readonly<LineCounts>): void {
  for (const key of Object.keys(more) as (keyof LineCounts)[]) into[key] += more[key];
}

/** A byte order mark, as UTF-8. */
const BOM_BYTES = 3;

/**
 * Normalises one line into `sink`. The line's arguments are a LineSplitter's (`LineHandler`), last.
 * @param writer the byte writer (its caches are shared by the lines of a thread)
 * @param options how events are written
 * @param sink where the event, the reports and the counts go
 * @param lineNo the line's number, as reported
 * @param firstOfInput the line is its input's first, which may start with a byte order mark
 * @param raw the line (no newline), or TOO_LONG for a line above MAX_LINE_BYTES
 * @param invalidUtf8 the line held bytes that are not UTF-8 (read as U+FFFD)
 * @param bytes for a valid UTF-8 line, the bytes it was decoded from (a kept `message` is copied from them)
 */
export function normaliseLine(
  writer: EventWriter,
  options: LineOptions,
  sink: LineSink,
  lineNo: number,
  firstOfInput: boolean,
  raw: string | typeof TOO_LONG,
  invalidUtf8: boolean,
  bytes?: Readonly<LineBytes>,
): void {
  const counts = sink.counts;
  counts.lines++;
  if (raw === TOO_LONG) {
    counts.errors++;
    sink.error(lineNo, `longer than ${MAX_LINE_BYTES} bytes; not read`);
    return;
  }
  if (invalidUtf8) {
    counts.invalidUtf8++;
    sink.warning(lineNo, "not valid UTF-8; the bad bytes were read as U+FFFD");
  }
  const bom = firstOfInput && raw.charCodeAt(0) === 0xfeff;
  const line = bom ? raw.slice(1) : raw;
  if (line.trim() === "") {
    counts.skipped++; // blank lines carry no record
    return;
  }
  // The byte writer first, in place in the output's block; a record it declines (one that warns, or fails)
  // goes to the engine.
  const original = options.keepOriginal ? line : undefined;
  const own = bom && bytes !== undefined ? { ...bytes, start: bytes.start + BOM_BYTES } : bytes;
  if (!options.pretty && writer.writeLine(sink.output, line, original, own)) {
    counts.events++;
    return;
  }
  // Shared memoised objects: each event is serialised at once and dropped.
  const result = normaliseRecord(line, options.keepOriginal ? { original: line } : undefined, true);
  if (result.kind === "skip") {
    counts.skipped++;
    return;
  }
  if (result.kind === "error") {
    counts.errors++;
    sink.error(lineNo, result.reason);
    return;
  }
  counts.events++;
  sink.output.line(options.pretty ? JSON.stringify(result.event, null, 2) : serialiseEvent(result.event));
  if (result.oversize) counts.oversize++;
  for (const warning of result.warnings) sink.warning(lineNo, warning);
  if (result.oversize) sink.warning(lineNo, `event above SEKOIA's 250 KiB limit; SEKOIA would reject it`);
}

/**
 * A line splitter that numbers its lines from 1 and normalises each into
 * `sink`: one input read in one thread, or one batch of it in a worker.
 * @param writer the byte writer
 * @param options how events are written
 * @param sink where the events, the reports and the counts go
 * @param startsInput its first line is its input's first (which may start with a byte order mark)
 */
export function normalisingSplitter(
  writer: EventWriter,
  options: LineOptions,
  sink: LineSink,
  startsInput: boolean,
): LineSplitter {
  let lineNo = 0;
  return new LineSplitter((raw, invalidUtf8, bytes) => {
    lineNo++;
    normaliseLine(writer, options, sink, lineNo, startsInput && lineNo === 1, raw, invalidUtf8, bytes);
  });
}
