/**
 * The worker threads of `--jobs` end on every path: a worker that fails, or
 * stops, fails the run at once (no batch waits for ever), and `close()` ends
 * them all, so the process can exit.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WorkerFailed, WorkerPool } from "../components/normaliser/pool";

const OPTIONS = { keepOriginal: false, pretty: false };
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "normalise-pool-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A worker entry with the given body. */
function worker(name: string, body: string): string {
  const path = join(work, name);
  writeFileSync(path, `const { parentPort } = require("node:worker_threads");\n${body}\n`);
  return path;
}

const batch = () => ({ bytes: Buffer.from("{}\n"), first: true });

describe("WorkerPool", () => {
  it("refuses a missing worker file at once, naming it and the fix", () => {
    expect(() => new WorkerPool(2, OPTIONS, join(work, "missing.js"))).toThrow(
      new WorkerFailed(
        `--jobs needs the compiled worker ${join(work, "missing.js")}, which is missing; run "npm run build"`,
      ),
    );
  });

  it("a worker that throws fails its batch and every later one, then closes", async () => {
    const pool = new WorkerPool(
      2,
      OPTIONS,
      worker("throws.js", `parentPort.on("message", () => { throw new Error("boom"); });`),
    );
    try {
      await expect(pool.run(batch())).rejects.toThrow(new WorkerFailed("a worker thread failed: boom"));
      await expect(pool.run(batch())).rejects.toThrow(WorkerFailed);
    } finally {
      await pool.close();
    }
  });

  it("a worker that stops fails the batches waiting for it", async () => {
    const pool = new WorkerPool(1, OPTIONS, worker("exits.js", `parentPort.on("message", () => process.exit(3));`));
    try {
      const waiting = [pool.run(batch()), pool.run(batch())];
      for (const result of waiting)
        await expect(result).rejects.toThrow(new WorkerFailed("a worker thread stopped (exit code 3)"));
    } finally {
      await pool.close();
    }
  });

  it("answers in the order given on each worker, and close ends workers that would wait for ever", async () => {
    const echo = worker(
      "echo.js",
      `parentPort.on("message", (m) => { const b = Buffer.from(m.bytes); parentPort.postMessage({ output: m.bytes, reports: [], counts: { lines: b[0] } }, [m.bytes]); });`,
    );
    const pool = new WorkerPool(2, OPTIONS, echo);
    try {
      // Small buffers share Node's pool: each is sent as a copy of its own bytes, never the pool.
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map((n) => pool.run({ bytes: Buffer.from([n]), first: n === 1 })),
      );
      expect(results.map((result) => result.counts.lines)).toEqual([1, 2, 3, 4, 5]);
      expect(Buffer.from([9])[0]).toBe(9); // the pool still works here
    } finally {
      await pool.close(); // open workers would keep jest from ending
    }
  });
});
