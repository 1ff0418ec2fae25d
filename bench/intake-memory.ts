/**
 * The local intake's peak memory (RSS of its own process) for bodies that
 * once killed it, each generated as a stream (never held in memory here):
 * a 1 GB plain body of firewall events, and line bombs (a few KB of gzip
 * that expand to millions of short lines). The baseline is the same
 * process's RSS once listening, before any request: "flat" means the peak
 * stays within a few tens of MB of it, whatever the body's size.
 */
import { spawn } from "node:child_process";
import * as http from "node:http";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { join } from "node:path";
import { GUIDE_FIELDS } from "../components/fields";
import { recordLine } from "../components/sandbox/emulator";
import { generateRecords } from "../components/sandbox/generator";
import { SHELL, throughShell } from "./spawn-node";

const KEY = "bench-intake-key-0000000000000000";
const GB = 1_000_000_000;
const MB = 1024 * 1024;

/** `total` bytes of `unit` repeated (the last copy cut), in 1 MiB chunks. */
function repeated(unit: Buffer, total: number): Readable {
  const block = Buffer.alloc(Math.ceil(MB / unit.length) * unit.length);
  for (let at = 0; at < block.length; at += unit.length) unit.copy(block, at);
  let left = total;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const n = Math.min(left, block.length);
      left -= n;
      this.push(block.subarray(0, n));
    },
  });
}

interface Run {
  status: number;
  answerBytes: number;
  idleRss: number;
  peakRss: number;
  seconds: number;
}

/** Starts an intake child, posts one streamed body, and returns what it cost. */
async function measure(body: Readable, gzip: boolean, maxEvents: number, length?: number): Promise<Run> {
  // Through a shell, so that its peak RSS is its own (spawn-node.ts).
  const child = spawn(SHELL, throughShell([join(__dirname, "intake-child.js"), String(maxEvents), "/dev/null"]), {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const ready = JSON.parse((await lines.next()).value as string) as { origin: string; rss: number };
  const started = process.hrtime.bigint();
  const answer = await new Promise<{ status: number; bytes: number }>((resolve, reject) => {
    const req = http.request(
      `${ready.origin}/plain/batch`,
      {
        method: "POST",
        headers: {
          "X-SEKOIAIO-INTAKE-KEY": KEY,
          ...(gzip && { "Content-Encoding": "gzip" }),
          ...(length !== undefined && { "Content-Length": length }),
        },
      },
      (res) => {
        let bytes = 0;
        res.on("data", (c: Buffer) => (bytes += c.length));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes }));
      },
    );
    req.on("error", reject);
    const source = gzip ? pipeline(body, createGzip({ level: 9 }), req) : pipeline(body, req);
    source.catch(() => undefined); // an early answer (413) ends the upload: the status says so
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  child.stdin.end();
  const done = JSON.parse((await lines.next()).value as string) as { maxRss: number };
  return { status: answer.status, answerBytes: answer.bytes, idleRss: ready.rss, peakRss: done.maxRss, seconds };
}

/** Prints the figures; about a minute on two cores. */
export async function benchIntakeMemory(): Promise<void> {
  console.log("\n== local intake: peak RSS of its own process, bodies streamed (baseline: the same process idle)");
  const events = Buffer.from(
    Array.from(generateRecords(1000, { seed: 3 }), (r) => recordLine(r, GUIDE_FIELDS, "rfc3339")).join("\n") + "\n",
  );
  const row = (name: string, r: Run) =>
    console.log(
      `${name.padEnd(64)} HTTP ${r.status}  answer ${(r.answerBytes / MB).toFixed(1).padStart(6)} MB  ` +
        `idle ${Math.round(r.idleRss / MB)} MB → peak ${Math.round(r.peakRss / MB)} MB (+${Math.round((r.peakRss - r.idleRss) / MB)} MB)  ${r.seconds.toFixed(1)} s`,
    );
  // BENCH_INTAKE_BYTES makes the big body smaller, to see the trend quickly; the figure to quote is 1 GB's.
  const size = Number(process.env.BENCH_INTAKE_BYTES ?? GB);
  row(
    `${(size / GB).toFixed(2)} GB plain body of firewall events (every event normalised, committed)`,
    await measure(repeated(events, size), false, GB / 2, size),
  );
  row(
    "line bomb, default cap: 130 MB of '1\\n' as gzip → 413 at 1e6 events",
    await measure(repeated(Buffer.from("1\n"), 130 * MB), true, 1_000_000),
  );
  row(
    "line bomb, cap lifted: 20 MB of '1\\n' as gzip → 10.5 M IDs",
    await measure(repeated(Buffer.from("1\n"), 20 * MB), true, GB / 2),
  );
}

if (require.main === module) {
  benchIntakeMemory().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
