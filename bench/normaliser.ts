/**
 * The normaliser's throughput against the floor: a loop that only
 * JSON.parse / JSON.stringify's the same lines, measured in the same run.
 * A realistic mix from the seeded generator (15 user agents, 8 hosts, 2000
 * client IPs, 40 rules), rfc3339 timestamps (the package's default) and
 * unixnano (the API's default). Not a test: nothing passes or fails on time.
 */
import { spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { Readable } from "node:stream";
import { normalise } from "../components/normaliser";
import { syntheticLines } from "../components/normaliser/synthetic";
import type { TimestampFormat } from "../components/validation";

const IN_PROCESS_LINES = 60_000;
const CLI_LINES = 100_000;
const REPEATS = 3;

/** Lines per second of `work` over `lines`, best of REPEATS (the least disturbed run). */
function rate(lines: readonly string[], work: (line: string) => number): number {
  let best = Infinity;
  for (let r = 0; r < REPEATS; r++) {
    let sink = 0;
    const start = process.hrtime.bigint();
    for (const line of lines) sink += work(line);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (sink < 0) console.log(sink); // keeps the work observable
    best = Math.min(best, seconds);
  }
  return lines.length / best;
}

const floor = (line: string) => JSON.stringify(JSON.parse(line)).length;
const normaliseAndSerialise = (line: string) => {
  const result = normalise(line);
  return result.kind === "event" ? JSON.stringify(result.event).length : 0;
};

async function writeFile(path: string, count: number, format: TimestampFormat, gzip: boolean): Promise<void> {
  async function* text(): AsyncGenerator<string> {
    let block: string[] = [];
    for (const line of syntheticLines(count, 42, format)) {
      block.push(line);
      if (block.length === 1000) {
        yield `${block.join("\n")}\n`;
        block = [];
      }
    }
    if (block.length > 0) yield `${block.join("\n")}\n`;
  }
  const out = createWriteStream(path);
  await (gzip ? pipeline(Readable.from(text()), createGzip({ level: 6 }), out) : pipeline(Readable.from(text()), out));
}

/** Runs a compiled script (the CLI, or its floor) on a file; its events/s (wall clock, start-up included) and peak RSS. */
async function runCli(
  file: string,
  lines: number,
  cli = join(__dirname, "..", "components", "normaliser", "cli.js"),
): Promise<{ rate: number; peakMb: number }> {
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, [cli, file], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (status !== 0) throw new Error(`the CLI failed (${status}): ${stderr}`);
  const peak = /peak RSS (\d+) MB/.exec(stderr);
  return { rate: lines / seconds, peakMb: peak ? Number(peak[1]) : Number.NaN };
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(9);

/** Prints the normaliser's figures: events/s of normalise() and of the CLI, the floor, the ratios, peak RSS. */
export async function benchNormaliser(): Promise<void> {
  console.log("\nnormaliser: events/s against the JSON.parse + JSON.stringify floor on the same lines");
  for (const format of ["rfc3339", "unixnano"] as const) {
    const lines = [...syntheticLines(IN_PROCESS_LINES, 42, format)];
    normalise(lines[0]); // loads the user agent regexes before timing
    const floorRate = rate(lines, floor);
    const normaliseRate = rate(lines, normaliseAndSerialise);
    console.log(
      `  ${format.padEnd(9)} floor ${fmt(floorRate)}/s   normalise()+stringify ${fmt(normaliseRate)}/s   ratio ${(normaliseRate / floorRate).toFixed(2)}`,
    );
  }

  const dir = mkdtempSync(join(tmpdir(), "bench-normaliser-"));
  try {
    const lines = [...syntheticLines(50_000, 42, "rfc3339")];
    const floorRate = rate(lines, floor);
    // The streaming floor: the CLI's own reading, splitting and writing, with parse + stringify only.
    const streamingFloor = join(__dirname, "normaliser-floor.js");
    for (const gzip of [false, true]) {
      const file = join(dir, gzip ? "firewall_events.ndjson.gz" : "firewall_events.ndjson");
      await writeFile(file, CLI_LINES, "rfc3339", gzip);
      const cli = await runCli(file, CLI_LINES);
      const same = await runCli(file, CLI_LINES, streamingFloor);
      console.log(
        `  CLI ${gzip ? "gzip " : "plain"} ${CLI_LINES} lines: ${fmt(cli.rate)}/s   streaming floor ${fmt(same.rate)}/s   ratio ${(cli.rate / same.rate).toFixed(2)}` +
          `   (ratio to the in-process floor ${(cli.rate / floorRate).toFixed(2)})   peak RSS ${cli.peakMb} MB (floor ${same.peakMb} MB)`,
      );
    }
    console.log(`  bench process peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchNormaliser().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
