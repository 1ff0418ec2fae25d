/**
 * The worker threads of the CLI's `--jobs`: each normalises the batches it is
 * given in the order given, so each worker's answers come back in order and
 * the main thread only has to match them up.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker, type WorkerOptions } from "node:worker_threads";
import type { BatchResult } from "./batch";
import type { Batch } from "./batches";
import type { BatchRequest } from "./jobs-worker";
import { errorText } from "../messages";
import type { LineOptions } from "./line";

/** The worker's compiled entry, beside this module in `dist/`. */
export const WORKER_FILE = join(__dirname, "jobs-worker.js");

/** A worker could not start, or failed: the run cannot go on. */
export class WorkerFailed extends Error {}

interface Waiting {
  resolve(result: BatchResult): void;
  reject(error: Error): void;
}

interface Slot {
  readonly worker: Worker;
  /** Its batches not answered yet, oldest first. */
  readonly waiting: Waiting[];
}

/**
 * The bytes as an ArrayBuffer that holds them alone, fit to transfer: the
 * batch's own (Batcher allocates one per batch), else a copy (transferring a
 * shared one would take Node's buffer pool, or other data, away from this thread).
 * @param bytes a batch's bytes
 */
function ownArrayBuffer(bytes: Buffer): ArrayBuffer {
  const buffer = bytes.buffer;
  if (buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && buffer.byteLength === bytes.length) return buffer;
  const copy = new ArrayBuffer(bytes.length);
  new Uint8Array(copy).set(bytes);
  return copy;
}

/**
 * Up to `size` worker threads, started as batches need them (a small input
 * starts one); `close()` ends them all (on every path: they would keep the
 * process alive).
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private failure: WorkerFailed | undefined;
  private closing = false;

  /**
   * @param size most threads
   * @param options how events are written, the same for every batch
   * @param file the worker's compiled entry
   * @param startWorker starts one thread (tests stand in a failing one)
   */
  constructor(
    private readonly size: number,
    private readonly options: LineOptions,
    private readonly file: string = WORKER_FILE,
    private readonly startWorker: (file: string, options: WorkerOptions) => Worker = (path, workerOptions) =>
      new Worker(path, workerOptions),
  ) {
    if (!existsSync(file)) {
      // Running from the TypeScript sources, or a partial build: say so rather than wait for an answer that never comes.
      throw new WorkerFailed(`--jobs needs the compiled worker ${file}, which is missing; run "npm run build"`);
    }
  }

  /** Threads started so far. */
  get started(): number {
    return this.slots.length;
  }

  /**
   * Normalises a batch on an idle thread (a new one while fewer than `size`
   * run), else the least busy; its bytes are transferred (unusable here afterwards).
   * @param batch the batch
   */
  run(batch: Batch): Promise<BatchResult> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    let slot = this.slots.reduce<Slot | undefined>(
      (best, next) => (best === undefined || next.waiting.length < best.waiting.length ? next : best),
      undefined,
    );
    if ((slot === undefined || slot.waiting.length > 0) && this.slots.length < this.size) {
      try {
        slot = this.start();
      } catch (error) {
        // No more threads (the system's limit): the run stops with one line; close() ends those started.
        this.fail(`cannot start a worker thread (${(error as NodeJS.ErrnoException).code ?? errorText(error, 200)})`);
        return Promise.reject(this.failure);
      }
    }
    const chosen = slot!;
    return new Promise<BatchResult>((resolve, reject) => {
      const request: BatchRequest = { bytes: ownArrayBuffer(batch.bytes), first: batch.first };
      chosen.worker.postMessage(request, [request.bytes]);
      // Queued once sent: a send that throws leaves no entry for a later answer to be matched with.
      chosen.waiting.push({ resolve, reject });
    });
  }

  /** Ends every thread; batches not answered are dropped. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private start(): Slot {
    const { keepOriginal, pretty } = this.options;
    const worker = this.startWorker(this.file, { workerData: { keepOriginal, pretty } });
    const slot: Slot = { worker, waiting: [] };
    worker.on("message", (result: BatchResult) => slot.waiting.shift()?.resolve(result));
    worker.on("messageerror", (error) => this.fail(`a worker thread's answer could not be read: ${error.message}`));
    worker.on("error", (error) => this.fail(`a worker thread failed: ${error.message}`));
    worker.on("exit", (code) => {
      if (!this.closing) this.fail(`a worker thread stopped (exit code ${code})`);
    });
    this.slots.push(slot);
    return slot;
  }

  private fail(message: string): void {
    this.failure ??= new WorkerFailed(message);
    for (const slot of this.slots) for (const waiting of slot.waiting.splice(0)) waiting.reject(this.failure);
  }
}
