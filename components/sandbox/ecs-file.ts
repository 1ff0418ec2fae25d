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
      for (const chunk of this.chunks.splice(0)) await this.file.handle.write(chunk);
      this.memoryBytes = 0;
    }
    await this.file.handle.write(block);
  }

  /** Every spooled byte, in order, a block at a time. */
  async *blocks(): AsyncGenerator<Buffer> {
    if (this.file === undefined) {
      yield* this.chunks;
      return;
    }
    const buffer = Buffer.allocUnsafe(COPY_BYTES);
    for (let position = 0; position < this.bytes;) {
      const { bytesRead } = await this.file.handle.read(buffer, 0, COPY_BYTES, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
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
        for await (const block of spool.blocks()) {
          for (let at = 0; at < block.length;) {
            const { bytesWritten } = await this.handle.write(block, at, block.length - at);
            at += bytesWritten;
          }
        }
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
