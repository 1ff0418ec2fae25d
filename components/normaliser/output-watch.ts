/**
 * A failing output (a full disk, a closed pipe) ends the CLI's run: every later
 * write would fail the same way. `OutputWatch` lets the run wait for anything
 * (a flush, a worker's batch) but stop at once when the output fails.
 *
 * Not `Promise.race([promise, failed])`: each race leaves a reaction on the
 * never-settled `failed` promise, holding the race's result for the whole run
 * (the events of every batch, with `--jobs`).
 */
import type { Writable } from "node:stream";

/** Thrown into the run when the output stream has failed. */
export class OutputFailed extends Error {}

/** Watches a stream for its first error. */
export class OutputWatch {
  /** The stream's first error, once it has failed. */
  error: NodeJS.ErrnoException | undefined;
  private readonly waiting = new Set<(error: OutputFailed) => void>();

  /** @param stream the output */
  constructor(stream: Writable) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      this.error ??= error;
      for (const reject of this.waiting) reject(new OutputFailed());
      this.waiting.clear();
    });
  }

  /**
   * Settles as `promise` does, or rejects with OutputFailed as soon as the output has failed.
   * @param promise what to wait for
   */
  unlessFailed<T>(promise: Promise<T>): Promise<T> {
    if (this.error !== undefined) return Promise.reject(new OutputFailed());
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject);
      promise.then(
        (value) => {
          this.waiting.delete(reject);
          resolve(value);
        },
        (error: unknown) => {
          this.waiting.delete(reject);
          reject(error);
        },
      );
    });
  }
}
