/**
 * Output for streaming lines: lines are encoded straight into a block of bytes
 * (no joined string in between) and full blocks are written honouring
 * back-pressure, so memory stays flat however long the input.
 */
import type { Writable } from "node:stream";

/** Output is written in blocks of this many bytes. */
const OUTPUT_BLOCK = 256 * 1024;

/** Lines out to a stream, in blocks. */
export class BlockOutput {
  private block = Buffer.allocUnsafe(OUTPUT_BLOCK);
  private used = 0;

  constructor(private readonly stream: Writable) {}

  /** Queues one line; true when the block is full and should be flushed. */
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
   * Queues one line given as UTF-8 bytes (a newline is added).
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

  private pending: Buffer[] = [];

  private push(): void {
    this.pending.push(this.block.subarray(0, this.used));
    this.block = Buffer.allocUnsafe(OUTPUT_BLOCK);
    this.used = 0;
  }

  /** Writes what is queued, waiting while the stream is saturated. */
  async flush(): Promise<void> {
    if (this.used > 0) this.push();
    for (const chunk of this.pending.splice(0)) {
      if (!this.stream.write(chunk)) await new Promise<void>((resolve) => this.stream.once("drain", resolve));
    }
  }
}
