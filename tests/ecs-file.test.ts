/** The ECS file's commit: every spooled byte appended once, in order, whether the spool stayed in memory or not. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import type { FileHandle } from "node:fs/promises";
import { EcsFile, SPOOL_MEMORY_BYTES, unwritten, writeFully } from "../components/sandbox/ecs-file";

const text = (buffers: readonly Buffer[]) => Buffer.concat(buffers).toString("latin1");

describe("unwritten: what a short write leaves", () => {
  const buffers = [Buffer.from("abc"), Buffer.from("de"), Buffer.from("fghi")];

  it.each([
    [0, "abcdefghi", 3],
    [1, "bcdefghi", 3],
    [3, "defghi", 2], // a buffer written exactly: dropped, the next one whole
    [4, "efghi", 2],
    [8, "i", 1],
    [9, "", 0],
  ])("after %i bytes: %j left in %i buffers", (written, left, count) => {
    const rest = unwritten(buffers, written);
    expect(text(rest)).toBe(left);
    expect(rest).toHaveLength(count);
  });

  it("leaves the caller's buffers as they were", () => {
    unwritten(buffers, 4);
    expect(text(buffers)).toBe("abcdefghi");
  });
});

describe("writeFully", () => {
  /** A file that takes at most the next of `takes` bytes per call (at least one), as a short write does. */
  function shortFile(takes: number[]): {
    handle: Pick<FileHandle, "writev">;
    written: () => string;
    calls: () => number;
  } {
    const out: Buffer[] = [];
    let calls = 0;
    const handle = {
      writev: async (buffers: Buffer[]) => {
        const total = buffers.reduce((sum, b) => sum + b.length, 0);
        const take = Math.min(total, Math.max(1, takes[calls++ % Math.max(1, takes.length)] ?? total));
        out.push(Buffer.concat(buffers).subarray(0, take));
        return { bytesWritten: take, buffers };
      },
    } as unknown as Pick<FileHandle, "writev">;
    return { handle, written: () => text(out), calls: () => calls };
  }

  it("goes on after short writes until every byte is written once, in order", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ maxLength: 20 }), { maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 8 }),
        async (parts, takes) => {
          const file = shortFile(takes);
          await writeFully(
            file.handle,
            parts.map((part) => Buffer.from(part, "latin1")),
          );
          expect(file.written()).toBe(parts.join(""));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("takes a request's blocks in one call when the file takes them all", async () => {
    const file = shortFile([]);
    await writeFully(file.handle, [Buffer.from("ab"), Buffer.alloc(0), Buffer.from("cd")]);
    expect(file.written()).toBe("abcd");
    expect(file.calls()).toBe(1);
  });

  it("fails, rather than looping, when the file takes nothing", async () => {
    const handle = { writev: async () => ({ bytesWritten: 0 }) } as unknown as Pick<FileHandle, "writev">;
    await expect(writeFully(handle, [Buffer.from("x")])).rejects.toMatchObject({ code: "EIO" });
  });
});

describe("EcsFile.commit", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "ecs-file-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const lines = (prefix: string, count: number, bytes: number) =>
    Array.from({ length: count }, (_, i) => `${prefix}${i}:${"x".repeat(bytes)}\n`);

  it("appends requests in order, after what the file held, a spool in memory and one on disk alike", async () => {
    const path = join(dir, "ecs.ndjson");
    const file = await EcsFile.open(path);
    const small = lines("a", 10, 100);
    // Past SPOOL_MEMORY_BYTES: the spool moves to a file and is copied back a MiB at a time.
    const large = lines("b", 60, 100 * 1024);
    expect(large.join("").length).toBeGreaterThan(SPOOL_MEMORY_BYTES);
    for (const request of [small, large, small]) {
      const spool = file.spool();
      // Blocks of several lines, as the intake hands them over.
      for (let i = 0; i < request.length; i += 7) await spool.write(Buffer.from(request.slice(i, i + 7).join("")));
      await file.commit(spool, request.length);
    }
    await file.close();
    expect(readFileSync(path, "latin1")).toBe([...small, ...large, ...small].join(""));
    expect(file.count).toBe(80);
  });
});
