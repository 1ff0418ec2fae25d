/**
 * An input's bytes cut into batches of whole lines, for the worker threads of
 * `--jobs`. A batch ends just after a newline (or at the end of the input), so
 * a worker splits it into the same lines as one reader would. A line above
 * `maxBytes` is never held: once the line read so far passes it, its bytes are
 * dropped as they come, and it becomes a TOO_LONG piece in its place.
 */
import { MAX_LINE_BYTES, TOO_LONG } from "./lines";

/** A batch's target size: large enough that handing it to a worker costs little, small enough to keep memory low. */
export const BATCH_BYTES = 1024 * 1024;

/** Whole lines of an input, in order. */
export interface Batch {
  /** The lines' bytes, in an ArrayBuffer of their own (so it can be transferred). */
  readonly bytes: Buffer;
  /** The batch starts at the input's first line (which may have a byte order mark). */
  readonly first: boolean;
}

/** What the input is cut into, in order: batches, and single lines too long to read. */
export type Piece = Batch | typeof TOO_LONG;

/** Cuts an input's bytes into pieces; feed it the bytes in order. */
export class Batcher {
  /** Bytes of whole lines (each ending with a newline) not yet in a batch. */
  private whole: Buffer[] = [];
  private wholeBytes = 0;
  /** The line being read, with no newline yet. */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  /** Inside a line above maxBytes: its bytes are dropped until its newline. */
  private skipping = false;
  /** No piece given yet: the next one starts at the input's first line. */
  private atStart = true;

  /**
   * @param batchBytes a batch's target size (cut at the first newline past it)
   * @param maxBytes lines above this are TOO_LONG pieces
   */
  constructor(
    private readonly batchBytes = BATCH_BYTES,
    private readonly maxBytes = MAX_LINE_BYTES,
  ) {}

  /**
   * Takes the next bytes; returns the pieces they complete.
   * @param chunk the input's next bytes (kept by reference until its batch is cut)
   */
  push(chunk: Buffer): Piece[] {
    const pieces: Piece[] = [];
    let start = 0;
    if (this.skipping) {
      const newline = chunk.indexOf(10);
      if (newline === -1) return pieces;
      this.skipping = false;
      pieces.push(this.tooLong());
      start = newline + 1;
    }
    // Cut at the first newline at or past the batch's target size.
    for (;;) {
      const target = start + Math.max(0, this.batchBytes - this.wholeBytes - this.partialBytes - 1);
      const newline = target < chunk.length ? chunk.indexOf(10, target) : -1;
      if (newline === -1) break;
      this.addWhole(chunk.subarray(start, newline + 1));
      pieces.push(this.batch());
      start = newline + 1;
    }
    const newline = chunk.lastIndexOf(10);
    if (newline >= start) {
      this.addWhole(chunk.subarray(start, newline + 1));
      start = newline + 1;
    }
    if (start < chunk.length) {
      this.partial.push(chunk.subarray(start));
      this.partialBytes += chunk.length - start;
    }
    if (this.partialBytes > this.maxBytes) {
      // Too long to hold: the lines before it go first; its bytes are dropped from here to its newline.
      if (this.wholeBytes > 0) pieces.push(this.batch());
      this.partial = [];
      this.partialBytes = 0;
      this.skipping = true;
    }
    return pieces;
  }

  /** The input has ended: the last pieces (a last line needs no newline). */
  end(): Piece[] {
    if (this.skipping) {
      this.skipping = false;
      return [this.tooLong()];
    }
    this.addWhole();
    return this.wholeBytes > 0 ? [this.batch()] : [];
  }

  /** The input failed: its whole lines so far, without the line cut short. */
  abandon(): Piece[] {
    this.partial = [];
    this.partialBytes = 0;
    this.skipping = false;
    return this.wholeBytes > 0 ? [this.batch()] : [];
  }

  /** Moves the partial line (ended by `end`) into the whole lines. */
  private addWhole(end?: Buffer): void {
    if (end !== undefined) this.partial.push(end);
    for (const part of this.partial) {
      this.whole.push(part);
      this.wholeBytes += part.length;
    }
    this.partial = [];
    this.partialBytes = 0;
  }

  private batch(): Batch {
    // allocUnsafeSlow: an ArrayBuffer of its own, never Node's shared pool, so transferring it detaches nothing else.
    const bytes = Buffer.allocUnsafeSlow(this.wholeBytes);
    let at = 0;
    for (const part of this.whole) at += part.copy(bytes, at);
    this.whole = [];
    this.wholeBytes = 0;
    const first = this.atStart;
    this.atStart = false;
    return { bytes, first };
  }

  private tooLong(): typeof TOO_LONG {
    this.atStart = false;
    return TOO_LONG;
  }
}

/**
 * The batch size: BATCH_BYTES, or `NORMALISE_BATCH_BYTES` when it is a whole
 * number of bytes. Internal, for tests: tiny batches put batch boundaries
 * between every few lines of a small input.
 * @param env the process's environment
 */
export function batchBytesFrom(env: Readonly<Record<string, string | undefined>>): number {
  const text = env.NORMALISE_BATCH_BYTES;
  return text !== undefined && /^[1-9][0-9]{0,9}$/.test(text) ? Number(text) : BATCH_BYTES;
}
