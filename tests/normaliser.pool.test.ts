/**
 * The worker threads of `--jobs` end on every path: a worker that fails, or
 * stops, fails the run at once (no batch waits for ever), and `close()` ends
 * them all, so the process can exit.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
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

  it("starts threads as batches need them: one for one batch at a time, up to its size when they wait", async () => {
    const echo = worker(
      "echo.js",
      `parentPort.on("message", () => parentPort.postMessage({ output: new ArrayBuffer(0), reports: [], counts: {} }));`,
    );
    const pool = new WorkerPool(3, OPTIONS, echo);
    try {
      await pool.run(batch());
      await pool.run(batch());
      expect(pool.started).toBe(1);
      await Promise.all([pool.run(batch()), pool.run(batch()), pool.run(batch()), pool.run(batch())]);
      expect(pool.started).toBe(3);
    } finally {
      await pool.close();
    }
  });

  it("a thread that cannot start (the system's limit) fails the run with one message; those started are ended", async () => {
    const echo = worker("echo2.js", `parentPort.on("message", () => {});`);
    const started: Worker[] = [];
    const pool = new WorkerPool(4, OPTIONS, echo, (file, options) => {
      if (started.length === 1) throw Object.assign(new Error("spawn failed"), { code: "EAGAIN" });
      const thread = new Worker(file, options);
      started.push(thread);
      return thread;
    });
    const first = pool.run(batch()); // never answered: the second batch needs a second thread
    await expect(pool.run(batch())).rejects.toThrow(new WorkerFailed("cannot start a worker thread (EAGAIN)"));
    await expect(first).rejects.toThrow(WorkerFailed);
    const exited = new Promise((resolve) => started[0].once("exit", resolve));
    await pool.close();
    await expect(exited).resolves.toBeDefined();
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
