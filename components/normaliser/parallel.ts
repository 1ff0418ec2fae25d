/**
 * The inputs through the worker threads of `--jobs`, in input order.
 *
 * Why this split: the main thread reads and gunzips (a stream, which it owns
 * anyway) and cuts the bytes into ~1 MiB batches of whole lines (`Batcher`:
 * one `indexOf` per batch, not per line); the workers do everything per line
 * (splitting, UTF-8, the writer, the engine), which is where the time goes.
 * Batches' bytes go to the workers and their events come back transferred, not
 * copied. The main thread writes each batch's events strictly in order, numbers
 * its reports from the lines before it, and prints them through the same
 * `LineReports` as the single-threaded path (same cap, same prefix), so a user
 * cannot tell the two apart. At most `2 × jobs` batches are in flight, and none
 * is sent while standard output is saturated: memory stays bounded.
 */
import type { Readable, Writable } from "node:stream";
import { normaliseBatch, type BatchResult } from "./batch";
import { Batcher, type Piece } from "./batches";
import { addCounts, type LineCounts, type LineOptions } from "./line";
import type { LineReports } from "./line-reports";
import { decodedChunks, TOO_LONG } from "./lines";
import type { WorkerPool } from "./pool";
import type { EventWriter } from "./writer";

/** What the parallel path needs from the run. */
export interface ParallelRun {
  readonly pool: WorkerPool;
  /** Batches in flight at most. */
  readonly inFlight: number;
  /** A batch's target size in bytes. */
  readonly batchBytes: number;
  readonly options: LineOptions;
  /** The main thread's writer, for the pieces it handles itself (lines too long to read). */
  readonly writer: EventWriter;
  readonly stdout: Writable;
  /** Waits for `promise`, or rejects at once when the output has failed. */
  unlessOutputFailed<T>(promise: Promise<T>): Promise<T>;
}

/** One input's place in the output: its reports, and the lines of it written so far. */
interface InputState {
  readonly reports: LineReports;
  lineNo: number;
}

/** What is queued for writing, in input order: a batch's answer, or the end of an input that failed to read. */
type Entry = { readonly result: Promise<BatchResult>; readonly input: InputState } | { readonly failed: () => void };

/**
 * The inputs of a run through the worker threads, in input order. One queue
 * spans the inputs, so the threads stay busy across files: a month of Logpush
 * archives is thousands of files of about one batch each, which a queue that
 * drained at each file's end would normalise one at a time.
 */
export class InputsInWorkers {
  private readonly queue: Entry[] = [];
  /** Entries queued that are batches (the in-flight bound counts these). */
  private batches = 0;

  /**
   * @param run the pool and the run's output
   * @param totals the run's counts, added to as batches are written
   */
  constructor(
    private readonly run: ParallelRun,
    private readonly totals: LineCounts,
  ) {}

  /**
   * Reads one input and queues its batches, writing earlier ones as the
   * in-flight bound asks. A read fault is not thrown: every line read before
   * it is queued, then `failed`, which is called once those lines are written.
   * @param input the input's bytes (plain or gzip)
   * @param reports where its line reports go
   * @param failed reports the input's read fault, in its place
   */
  async add(input: Readable, reports: LineReports, failed: (error: unknown) => void): Promise<void> {
    const state: InputState = { reports, lineNo: 0 };
    const batcher = new Batcher(this.run.batchBytes);
    // Only reading can fail the input; a failing output or worker ends the run, so is not caught here.
    const chunks = decodedChunks(input);
    let readFailure: { error: unknown } | undefined;
    try {
      for (;;) {
        let next: IteratorResult<Buffer>;
        try {
          next = await chunks.next();
        } catch (error) {
          readFailure = { error };
          break;
        }
        if (next.done === true) break;
        await this.sendAll(batcher.push(next.value), state);
      }
    } finally {
      await chunks.return(undefined);
    }
    await this.sendAll(readFailure === undefined ? batcher.end() : batcher.abandon(), state);
    if (readFailure !== undefined) this.queue.push({ failed: () => failed(readFailure.error) });
  }

  /** Writes everything still queued. */
  async finish(): Promise<void> {
    while (this.queue.length > 0) await this.writeNext();
  }

  private async sendAll(pieces: readonly Piece[], input: InputState): Promise<void> {
    for (const piece of pieces) {
      // A line too long to read was never held: nothing to send, it is numbered and reported here, in its place.
      const result =
        piece === TOO_LONG
          ? Promise.resolve(normaliseBatch(this.run.writer, this.run.options, TOO_LONG, false))
          : this.run.pool.run(piece);
      result.catch(() => undefined); // awaited in order; a run that stops early leaves some unawaited
      this.queue.push({ result, input });
      this.batches++;
      while (this.batches >= this.run.inFlight) await this.writeNext();
    }
  }

  private async writeNext(): Promise<void> {
    const entry = this.queue.shift()!;
    if ("failed" in entry) {
      entry.failed();
      return;
    }
    this.batches--;
    const { input } = entry;
    const result = await this.run.unlessOutputFailed(entry.result);
    for (const report of result.reports) {
      if (report.warning) input.reports.warning(input.lineNo + report.lineNo, report.text);
      else input.reports.error(input.lineNo + report.lineNo, report.text);
    }
    input.lineNo += result.counts.lines;
    addCounts(this.totals, result.counts);
    const stdout = this.run.stdout;
    if (result.output.byteLength > 0 && !stdout.write(Buffer.from(result.output))) {
      await this.run.unlessOutputFailed(new Promise<void>((resolve) => stdout.once("drain", resolve)));
    }
  }
}
