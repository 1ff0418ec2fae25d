/**
 * The local intake's output: ECS events appended as NDJSON to one file, each
 * request's events all at once or not at all, and on disk before the request
 * is acknowledged.
 *
 * A request writes into its own spool (memory up to SPOOL_MEMORY_BYTES, then a
 * temporary file), so a slow or broken request never holds the ECS file. Its
 * commit appends the spool under a lock and syncs the file to disk; a failed
 * commit cuts the file back to where it was, so what the file holds is exactly
 * what was acknowledged.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A request's events stay in memory up to this many bytes, then go to a spool file. */
export const SPOOL_MEMORY_BYTES = 4 * 1024 * 1024;

/** Bytes copied from a spool file into the ECS file at a time. */
const COPY_BYTES = 1024 * 1024;

/** The ECS file cannot be opened: a settings error (a directory, no permission), found before any event is sent. */
export class EcsFileOpenError extends Error {
  constructor(
    readonly path: string,
    readonly code: string | undefined,
  ) {
    super(
      code === "EISDIR"
        ? `--out ${path}: is a directory; give the path of a file (it is created, or appended to)`
        : `--out ${path}: cannot be opened for appending (${code ?? "unknown error"})`,
    );
    this.name = "EcsFileOpenError";
  }
}

/** Events could not be written (a full disk, an I/O error): the request is answered 5xx and nothing of it is kept. */
export class EcsWriteError extends Error {
  constructor(
    readonly path: string,
    readonly code: string | undefined,
  ) {
    super(`cannot write the ECS file ${path} (${code ?? "unknown error"})`);
    this.name = "EcsWriteError";
  }
}

const codeOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;

/**
 * What is left of `buffers` once their first `written` bytes are gone (a short
 * write goes on from there).
 * @param buffers the bytes, in order
 * @param written how many of them were written
 */
export function unwritten(buffers: readonly Buffer[], written: number): Buffer[] {
  let skip = written;
  let first = 0;
  while (first < buffers.length && skip >= buffers[first].length) skip -= buffers[first++].length;
  const rest = buffers.slice(first);
  if (rest.length > 0 && skip > 0) rest[0] = rest[0].subarray(skip);
  return rest;
}

/**
 * Writes the buffers whole and in order at the file's position, in one
 * system call when the system takes them all at once (one `writev` per
 * request, not one `write` per block).
 * @param handle the file
 * @param buffers the bytes, in order
 */
export async function writeFully(handle: Pick<FileHandle, "writev">, buffers: readonly Buffer[]): Promise<void> {
  let rest = buffers.filter((buffer) => buffer.length > 0);
  while (rest.length > 0) {
    const { bytesWritten } = await handle.writev(rest);
    // A regular file takes at least a byte or fails with an error; never loop on nothing written.
    if (bytesWritten === 0) throw Object.assign(new Error("nothing was written"), { code: "EIO" });
    rest = unwritten(rest, bytesWritten);
  }
}

/** One request's events, before they are committed. */
export class Spool {
  private chunks: Buffer[] = [];
  private memoryBytes = 0;
  private file?: { handle: FileHandle; path: string };
  /** Bytes spooled. */
  bytes = 0;

  /**
   * @param dir where a spool file is made when the request outgrows memory
   * @param name the spool file's name in `dir`
   */
  constructor(
    private readonly dir: string,
    private readonly name: string,
  ) {}

  /** Adds serialised events (NDJSON, newline-terminated). */
  async write(block: Buffer): Promise<void> {
    if (block.length === 0) return;
    this.bytes += block.length;
    if (this.file === undefined && this.memoryBytes + block.length <= SPOOL_MEMORY_BYTES) {
      this.chunks.push(block);
      this.memoryBytes += block.length;
      return;
    }
    if (this.file === undefined) {
      const path = join(this.dir, this.name);
      this.file = { handle: await open(path, "w+"), path };
      this.chunks.push(block);
      this.memoryBytes = 0;
      await writeFully(this.file.handle, this.chunks.splice(0));
      return;
    }
    await writeFully(this.file.handle, [block]);
  }

  /**
   * Appends every spooled byte, in order, at `handle`'s position: the blocks
   * in memory in one call, a spool file a MiB at a time.
   * @param handle the file to append to
   */
  async copyTo(handle: FileHandle): Promise<void> {
    if (this.file === undefined) {
      await writeFully(handle, this.chunks);
      return;
    }
    const buffer = Buffer.allocUnsafe(COPY_BYTES);
    for (let position = 0; position < this.bytes;) {
      const { bytesRead } = await this.file.handle.read(buffer, 0, COPY_BYTES, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      await writeFully(handle, [buffer.subarray(0, bytesRead)]);
    }
  }

  /** Frees the memory and removes the spool file. */
  async discard(): Promise<void> {
    this.chunks = [];
    const file = this.file;
    this.file = undefined;
    if (file === undefined) return;
    await file.handle.close().catch(() => undefined);
    rmSync(file.path, { force: true });
  }
}

/** An NDJSON file of ECS events, opened for appending. */
export class EcsFile {
  /** Events committed so far. */
  count = 0;
  private size: number;
  private lock: Promise<void> = Promise.resolve();
  private spools = 0;
  private readonly spoolDir: string;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    size: number,
  ) {
    this.size = size;
    this.spoolDir = mkdtempSync(join(tmpdir(), "sekoia-intake-spool-"));
  }

  /** Opens (creating it and its directory when needed) the file for appending; throws EcsFileOpenError. */
  static async open(path: string): Promise<EcsFile> {
    try {
      mkdirSync(dirname(path), { recursive: true });
      const handle = await open(path, "a");
      const stat = await handle.stat();
      if (stat.isDirectory()) {
        await handle.close();
        throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
      }
      return new EcsFile(path, handle, stat.size);
    } catch (error) {
      throw new EcsFileOpenError(path, codeOf(error));
    }
  }

  /** A new spool for one request's events. */
  spool(): Spool {
    return new Spool(this.spoolDir, `request-${++this.spools}.ndjson`);
  }

  /**
   * Appends a spool's `events` to the file and syncs it to disk, then discards
   * the spool. On failure the file is cut back to its size before, and an
   * EcsWriteError is thrown: none of the spool's events is kept.
   */
  async commit(spool: Spool, events: number): Promise<void> {
    const run = this.lock.then(async () => {
      const before = this.size;
      try {
        await spool.copyTo(this.handle);
        await this.sync();
        this.size = before + spool.bytes;
        this.count += events;
      } catch (error) {
        await this.handle.truncate(before).catch(() => undefined);
        throw new EcsWriteError(this.path, codeOf(error));
      }
    });
    this.lock = run.catch(() => undefined);
    try {
      await run;
    } finally {
      await spool.discard();
    }
  }

  // On disk before the answer; a device that cannot sync (a character device, as in tests) has nothing to sync.
  private async sync(): Promise<void> {
    try {
      await this.handle.datasync();
    } catch (error) {
      if (codeOf(error) !== "EINVAL" && codeOf(error) !== "ENOTSUP") throw error;
    }
  }

  /** Waits for commits under way, then closes the file and removes the spool directory. */
  async close(): Promise<void> {
    await this.lock;
    await this.handle.close();
    rmSync(this.spoolDir, { recursive: true, force: true });
  }
}
