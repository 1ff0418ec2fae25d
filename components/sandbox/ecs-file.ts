/**
 * The local intake's output: ECS events appended as NDJSON to one file, in
 * blocks (one write per accepted batch), honouring back-pressure.
 */
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { dirname } from "node:path";

/** An NDJSON file of ECS events, opened for appending. */
export class EcsFile {
  private readonly stream: WriteStream;
  /** Events written so far. */
  count = 0;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.stream = createWriteStream(path, { flags: "a" });
  }

  /** Appends events (already serialised, one JSON text each). */
  async append(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    this.count += lines.length;
    if (!this.stream.write(lines.join("\n") + "\n"))
      await new Promise<void>((resolve) => this.stream.once("drain", resolve));
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
}
