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
  private block = Buffer.allocUnsafe(OUTPUT_BLOCK);
  private used = 0;
  private pending: Buffer[] = [];

  /** Queues one line; true when a block is full and should be taken. */
  line(text: string): boolean {
    // Worst case 3 bytes per UTF-16 unit, plus the newline.
    if (this.used + text.length * 3 + 1 > this.block.length) {
      if (this.used > 0) this.push();
      if (text.length * 3 + 1 > this.block.length) {
        this.pending.push(Buffer.from(`${text}\n`));
        return true;
      }
    }
    this.used += this.block.write(text, this.used);
    this.block[this.used++] = 10;
    return this.pending.length > 0;
  }

  /**
   * Queues one line given as UTF-8 bytes (a newline is added); true when a block is full.
   * @param bytes holds the line in its first `length` bytes; copied, so it may be reused at once
   * @param length the line's length in bytes
   */
  lineBytes(bytes: Buffer, length: number): boolean {
    if (this.used + length + 1 > this.block.length) {
      if (this.used > 0) this.push();
      if (length + 1 > this.block.length) {
        const copy = Buffer.allocUnsafe(length + 1);
        bytes.copy(copy, 0, 0, length);
        copy[length] = 10;
        this.pending.push(copy);
        return true;
      }
    }
    this.used += bytes.copy(this.block, this.used, 0, length);
    this.block[this.used++] = 10;
    return this.pending.length > 0;
  }

  private push(): void {
    this.pending.push(this.block.subarray(0, this.used));
    this.block = Buffer.allocUnsafe(OUTPUT_BLOCK);
    this.used = 0;
  }

  /**
   * Every queued byte, in order, as blocks the caller now owns. A partly used
   * block is copied out when small (so a short request does not hold a whole
   * block) and the block is kept for the next lines.
   */
  take(): Buffer[] {
    if (this.used > 0 && this.used < OUTPUT_BLOCK / 4) {
      this.pending.push(Buffer.from(this.block.subarray(0, this.used)));
      this.used = 0;
    } else if (this.used > 0) this.push();
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
