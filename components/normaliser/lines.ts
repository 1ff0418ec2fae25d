/**
 * Reading Logpush files as a stream of lines: plain or gzip NDJSON (told apart
 * by content, as Logpush names files freely), in constant memory.
 */
import { isUtf8 } from "node:buffer";
import { pipeline, Readable } from "node:stream";
import { createGunzip } from "node:zlib";

/** Lines longer than this are reported and dropped unread, so memory stays flat. */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;

/** Marks a line that was longer than MAX_LINE_BYTES. */
export const TOO_LONG: unique symbol = Symbol("line too long");

/**
 * The decompressed bytes of an input: gunzipped when it starts with the gzip
 * magic number (1f 8b), as is otherwise. Concatenated gzip members (what
 * joining Logpush files with `cat` gives) are read as one stream.
 */
export async function* decodedChunks(input: Readable): AsyncGenerator<Buffer> {
  const iterator: AsyncIterator<Buffer> = input[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  while (head.length < 2) {
    const next = await iterator.next();
    if (next.done) break;
    head = Buffer.concat([head, next.value]);
  }
  async function* raw(): AsyncGenerator<Buffer> {
    try {
      if (head.length > 0) yield head;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      // Stopped early (a gzip that goes bad, a reader that stops): the input is closed, not left holding its
      // file descriptor until the process ends.
      await iterator.return?.();
    }
  }
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = createGunzip();
    // pipeline forwards a read error into gunzip, and so into this iteration.
    pipeline(Readable.from(raw()), gunzip, () => undefined);
    yield* everyChunk(gunzip);
  } else {
    yield* raw();
  }
}

/**
 * A stream's chunks, like `for await`, except that on an error every chunk the
 * stream gave before it is yielded before the error is thrown. A stream's own
 * iterator drops what is buffered when the stream fails, so how much of a
 * gzip file that goes bad was read would depend on how fast it was read.
 * @param stream a readable byte stream; destroyed when the iteration stops early
 */
async function* everyChunk(stream: Readable): AsyncGenerator<Buffer> {
  let failure: { error: unknown } | undefined;
  let ended = false;
  let wake = () => {};
  const onReadable = () => wake();
  const onError = (error: unknown) => {
    failure ??= { error };
    wake();
  };
  const onEnd = () => {
    ended = true;
    wake();
  };
  stream.on("readable", onReadable).on("error", onError).on("end", onEnd);
  try {
    for (;;) {
      // read() still returns what is buffered once the stream has failed.
      const chunk = stream.read() as Buffer | null;
      if (chunk !== null) yield chunk;
      else if (failure !== undefined) throw failure.error;
      else if (ended) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stream.off("readable", onReadable).off("error", onError).off("end", onEnd);
    if (!ended) stream.destroy();
  }
}

/** Where a line's UTF-8 bytes are: `source[start, end)`. */
export interface LineBytes {
  source: Buffer;
  start: number;
  /** One past the last byte (no newline, no carriage return). */
  end: number;
}

/**
 * Receives each line, for a caller that may copy its bytes rather than encode
 * its text again.
 * @param line the line's text, or TOO_LONG
 * @param invalidUtf8 its bytes were not valid UTF-8 (the text holds U+FFFD for them)
 * @param bytes for a valid UTF-8 line, the bytes it was decoded from; the
 *   splitter reuses this object and its source: read them during the call only
 */
export type LineHandler = (line: string | typeof TOO_LONG, invalidUtf8: boolean, bytes?: Readonly<LineBytes>) => void;

/**
 * Splits chunks into UTF-8 lines (`\n` or `\r\n`), calling `emit` for each in
 * order; the last line needs no newline. A line above `maxBytes` is emitted as
 * TOO_LONG, without being held in memory. A line that is not valid UTF-8 is
 * emitted with its bad bytes as U+FFFD (as every JSON reader would see it) and
 * `invalidUtf8` true, so the caller reports it instead of passing it silently.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private skipping = false;
  /** The bytes of the line being emitted (one object, reused). */
  private readonly bytes: LineBytes = { source: Buffer.alloc(0), start: 0, end: 0 };

  constructor(
    private readonly emit: LineHandler,
    private readonly maxBytes = MAX_LINE_BYTES,
  ) {}

  /** Feeds the next chunk. */
  push(chunk: Buffer): void {
    let start = 0;
    for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
      this.finishLine(chunk, start, newline);
      start = newline + 1;
    }
    if (start >= chunk.length || this.skipping) return;
    this.pendingBytes += chunk.length - start;
    if (this.pendingBytes > this.maxBytes) {
      this.skipping = true;
      this.pending = [];
    } else {
      this.pending.push(chunk.subarray(start));
    }
  }

  /** Emits the last line when the input does not end with a newline. */
  end(): void {
    if (this.skipping || this.pendingBytes > 0) this.finishLine(Buffer.alloc(0), 0, 0);
  }

  private finishLine(chunk: Buffer, start: number, end: number): void {
    const bytes = this.pendingBytes + end - start;
    if (this.skipping || bytes > this.maxBytes) {
      this.emit(TOO_LONG, false);
    } else {
      let source = chunk;
      let first = start;
      let last = end;
      if (this.pending.length > 0) {
        source = Buffer.concat([...this.pending, chunk.subarray(start, end)]);
        first = 0;
        last = source.length;
      }
      if (last > first && source[last - 1] === 13) last--;
      const line = source.toString("utf8", first, last);
      // Only a line that shows U+FFFD can hold bad bytes; the byte check runs on those alone.
      if (line.includes("\ufffd") && !isUtf8(source.subarray(first, last))) this.emit(line, true);
      else {
        const bytes = this.bytes;
        bytes.source = source;
        bytes.start = first;
        bytes.end = last;
        this.emit(line, false, bytes);
      }
    }
    this.pending = [];
    this.pendingBytes = 0;
    this.skipping = false;
  }
}
