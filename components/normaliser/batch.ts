/**
 * One batch of lines through `normaliseLine`, its results kept as data: what a
 * worker thread of `--jobs` sends back for the main thread to write in order.
 * Line numbers are the batch's own (from 1); the main thread adds the lines
 * before the batch.
 */
import type { TOO_LONG } from "./lines";
import { type LineCounts, type LineOptions, type LineSink, noCounts, normaliseLine, normalisingSplitter } from "./line";
import { LineBlocks } from "./output";
import type { EventWriter } from "./writer";

/** A line report, numbered within its batch. */
export interface BatchReport {
  readonly lineNo: number;
  readonly text: string;
  /** A warning (printed under the cap), else an error. */
  readonly warning: boolean;
}

/** A batch's results. */
export interface BatchResult {
  /** The events, one per line, newline-terminated; an ArrayBuffer of its own (transferable). */
  readonly output: ArrayBuffer;
  readonly reports: readonly BatchReport[];
  readonly counts: LineCounts;
}

/** A sink that keeps everything, for sending on. */
class KeptLines implements LineSink {
  readonly counts = noCounts();
  readonly output = new LineBlocks();
  readonly reports: BatchReport[] = [];

  error(lineNo: number, text: string): void {
    this.reports.push({ lineNo, text, warning: false });
  }

  warning(lineNo: number, text: string): void {
    this.reports.push({ lineNo, text, warning: true });
  }

  result(): BatchResult {
    const blocks = this.output.take();
    // allocUnsafeSlow: an ArrayBuffer of its own, never Node's shared pool, so it can be transferred.
    const output = Buffer.allocUnsafeSlow(blocks.reduce((sum, block) => sum + block.length, 0));
    let at = 0;
    for (const block of blocks) at += block.copy(output, at);
    return { output: output.buffer, reports: this.reports, counts: this.counts };
  }
}

/**
 * Normalises a batch of whole lines, or one line too long to read.
 * @param writer the thread's byte writer
 * @param options how events are written
 * @param bytes the lines (the last needs no newline), or TOO_LONG
 * @param first the batch starts at its input's first line (which may have a byte order mark)
 */
export function normaliseBatch(
  writer: EventWriter,
  options: LineOptions,
  bytes: Buffer | typeof TOO_LONG,
  first: boolean,
): BatchResult {
  const kept = new KeptLines();
  if (!Buffer.isBuffer(bytes)) {
    normaliseLine(writer, options, kept, 1, first, bytes, false);
  } else {
    const splitter = normalisingSplitter(writer, options, kept, first);
    splitter.push(bytes);
    splitter.end();
  }
  return kept.result();
}
