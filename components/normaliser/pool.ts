/**
 * The worker threads of the CLI's `--jobs`: each normalises the batches it is
 * given in the order given, so each worker's answers come back in order and
 * the main thread only has to match them up.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { BatchResult } from "./batch";
import type { Batch } from "./batches";
import type { BatchRequest } from "./jobs-worker";
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

/** A fixed set of worker threads; `close()` ends them all (on every path: they would keep the process alive). */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private failure: WorkerFailed | undefined;
  private closing = false;

  /**
   * @param size how many threads
   * @param options how events are written, the same for every batch
   * @param file the worker's compiled entry
   */
  constructor(size: number, options: LineOptions, file: string = WORKER_FILE) {
    if (!existsSync(file)) {
      // Running from the TypeScript sources, or a partial build: say so rather than wait for an answer that never comes.
      throw new WorkerFailed(`--jobs needs the compiled worker ${file}, which is missing; run "npm run build"`);
    }
    for (let index = 0; index < size; index++) {
      const worker = new Worker(file, { workerData: { keepOriginal: options.keepOriginal, pretty: options.pretty } });
      const slot: Slot = { worker, waiting: [] };
      worker.on("message", (result: BatchResult) => slot.waiting.shift()?.resolve(result));
      worker.on("error", (error) => this.fail(`a worker thread failed: ${error.message}`));
      worker.on("exit", (code) => {
        if (!this.closing) this.fail(`a worker thread stopped (exit code ${code})`);
      });
      this.slots.push(slot);
    }
  }

  /**
   * Normalises a batch on the least busy thread; its bytes are transferred (unusable here afterwards).
   * @param batch the batch
   */
  run(batch: Batch): Promise<BatchResult> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const slot = this.slots.reduce((best, next) => (next.waiting.length < best.waiting.length ? next : best));
    return new Promise<BatchResult>((resolve, reject) => {
      slot.waiting.push({ resolve, reject });
      const request: BatchRequest = { bytes: ownArrayBuffer(batch.bytes), first: batch.first };
      slot.worker.postMessage(request, [request.bytes]);
    });
  }

  /** Ends every thread; batches not answered are dropped. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private fail(message: string): void {
    this.failure ??= new WorkerFailed(message);
    for (const slot of this.slots) for (const waiting of slot.waiting.splice(0)) waiting.reject(this.failure);
  }
}
