/**
 * One input through the worker threads of `--jobs`, in input order.
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

/**
 * Normalises one input in the worker threads; throws what reading it threw,
 * after writing every line read before the fault.
 * @param input the input's bytes (plain or gzip)
 * @param reports where its line reports go
 * @param run the pool and the run's output
 * @param totals the run's counts, added to
 */
export async function normaliseInputInWorkers(
  input: Readable,
  reports: LineReports,
  run: ParallelRun,
  totals: LineCounts,
): Promise<void> {
  const batcher = new Batcher(run.batchBytes);
  const queue: Promise<BatchResult>[] = [];
  let lineNo = 0;
  const send = (piece: Piece) => {
    // A line too long to read was never held: nothing to send, it is numbered and reported here, in its place.
    const result =
      piece === TOO_LONG
        ? Promise.resolve(normaliseBatch(run.writer, run.options, TOO_LONG, false))
        : run.pool.run(piece);
    result.catch(() => undefined); // awaited in order below; a run that stops early leaves some unawaited
    queue.push(result);
  };
  const writeNext = async () => {
    const result = await run.unlessOutputFailed(queue.shift() as Promise<BatchResult>);
    for (const report of result.reports) {
      if (report.warning) reports.warning(lineNo + report.lineNo, report.text);
      else reports.error(lineNo + report.lineNo, report.text);
    }
    lineNo += result.counts.lines;
    addCounts(totals, result.counts);
    if (result.output.byteLength > 0 && !run.stdout.write(Buffer.from(result.output))) {
      await run.unlessOutputFailed(new Promise<void>((resolve) => run.stdout.once("drain", resolve)));
    }
  };
  const sendAll = async (pieces: readonly Piece[]) => {
    for (const piece of pieces) {
      send(piece);
      while (queue.length >= run.inFlight) await writeNext();
    }
  };
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
      await sendAll(batcher.push(next.value));
    }
  } finally {
    await chunks.return(undefined);
  }
  await sendAll(readFailure === undefined ? batcher.end() : batcher.abandon());
  while (queue.length > 0) await writeNext();
  if (readFailure !== undefined) throw readFailure.error;
}
