/**
 * Reading a gzip file that goes bad part way: every byte gunzip gave before
 * the fault is read, however slowly the reader takes them (what `--jobs` and
 * one thread write before the file's report is then the same).
 */
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { decodedChunks } from "../components/normaliser/lines";

const TEXT = Buffer.from(
  Array.from({ length: 40_000 }, (_, index) => `{"RayID":"${index.toString(16).padStart(16, "0")}"}\n`).join(""),
);

/** The bytes read before the error, and the error's code; `pause` ms between chunks. */
async function readAll(gzip: Buffer, pause: number): Promise<{ bytes: number; code: string | undefined }> {
  let bytes = 0;
  try {
    const input = Readable.from([gzip.subarray(0, 50_000), gzip.subarray(50_000)], { objectMode: false });
    for await (const chunk of decodedChunks(input)) {
      bytes += chunk.length;
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
    }
    return { bytes, code: undefined };
  } catch (error) {
    return { bytes, code: (error as NodeJS.ErrnoException).code };
  }
}

describe("decodedChunks on a gzip that goes bad", () => {
  it("a truncated file: a slow reader reads as much as a fast one, then the error", async () => {
    const whole = gzipSync(TEXT);
    const truncated = whole.subarray(0, Math.floor(whole.length * 0.6));
    const fast = await readAll(truncated, 0);
    expect(fast.code).toBe("Z_BUF_ERROR");
    expect(fast.bytes).toBeGreaterThan(TEXT.length * 0.5);
    expect(await readAll(truncated, 5)).toEqual(fast);
  });

  it("a damaged file: the same bytes, slow or fast, then the error", async () => {
    const damaged = Buffer.from(gzipSync(TEXT));
    for (let at = damaged.length >> 1; at < (damaged.length >> 1) + 64; at++) damaged[at] ^= 0x55;
    const fast = await readAll(damaged, 0);
    expect(fast.code).toMatch(/^Z_/);
    expect(await readAll(damaged, 5)).toEqual(fast);
  });

  it("a whole file: every byte, no error", async () => {
    expect(await readAll(gzipSync(TEXT), 1)).toEqual({ bytes: TEXT.length, code: undefined });
  });
});
