/**
 * Output for streaming lines: lines are encoded straight into a block of bytes
 * (no joined string in between) and full blocks are handed on, so memory stays
 * flat however long the input.
 */
import type { Writable } from "node:stream";

/** Output is gathered in blocks of this many bytes. */
const OUTPUT_BLOCK = 256 * 1024;

/** Lines gathered into blocks of UTF-8 bytes, each line newline-terminated. */
export class LineBlocks {
  private current = Buffer.allocUnsafe(OUTPUT_BLOCK);
  private filled = 0;
  private pending: Buffer[] = [];

  /** Queues one line (`ready` tells when a block is full). */
  line(text: string): void {
    // Worst case 3 bytes per UTF-16 unit, plus the newline.
    if (this.filled + text.length * 3 + 1 > this.current.length) {
      if (this.filled > 0) this.push();
      if (text.length * 3 + 1 > this.current.length) {
        this.pending.push(Buffer.from(`${text}\n`));
        return;
      }
    }
    this.filled += this.current.write(text, this.filled);
    this.current[this.filled++] = 10;
  }

  /** The block being filled: a line may be written in place from `used` on, then ended with `endInPlace`. */
  get block(): Buffer {
    return this.current;
  }

  /** Where the next line starts in `block`. */
  get used(): number {
    return this.filled;
  }

  /** True when a block is full and should be taken. */
  get ready(): boolean {
    return this.pending.length > 0;
  }

  /**
   * Starts an empty block for a line that did not fit in place (the one before
   * is queued whole); false when the block was empty already (the line is too
   * long for any block).
   */
  fresh(): boolean {
    if (this.filled === 0) return false;
    this.push();
    return true;
  }

  /**
   * Ends a line written in place in `block` from `used` up to `end`, adding its
   * newline (`end` is below the block's length).
   * @param end one past the line's last byte
   */
  endInPlace(end: number): void {
    if (end < this.filled || end >= this.current.length)
      throw new RangeError(`a line ending at ${end} is not in the block`);
    this.current[end] = 10;
    this.filled = end + 1;
  }

  private push(): void {
    this.pending.push(this.current.subarray(0, this.filled));
    this.current = Buffer.allocUnsafe(OUTPUT_BLOCK);
    this.filled = 0;
  }

  /**
   * Every queued byte, in order, as blocks the caller now owns. A partly used
   * block is copied out when small (so a short request does not hold a whole
   * block) and the block is kept for the next lines.
   */
  take(): Buffer[] {
    if (this.filled > 0 && this.filled < OUTPUT_BLOCK / 4) {
      this.pending.push(Buffer.from(this.current.subarray(0, this.filled)));
      this.filled = 0;
    } else if (this.filled > 0) this.push();
    return this.pending.splice(0);
  }
}

/** Lines out to a stream, in blocks, honouring back-pressure. */
export class BlockOutput extends LineBlocks {
  constructor(private readonly stream: Writable) {
    super();
  }

  /** Writes what is queued, waiting while the stream is saturated. */
  async flush(): Promise<void> {
    for (const chunk of this.take()) {
      if (!this.stream.write(chunk)) await new Promise<void>((resolve) => this.stream.once("drain", resolve));
    }
  }
}
