/**
 * The normaliser's throughput against its floor, measured in the same run:
 * the floor only JSON.parse's and JSON.stringify's the same lines (in process),
 * or does so with the CLI's own reading, splitting and writing (the streaming
 * floor, `normaliser-floor.ts`). Runs alternate and each ratio is the median
 * of several rounds, with its spread: the machine may be shared.
 *
 * A realistic mix from the seeded generator (15 user agents, 8 hosts, 2000
 * client IPs, 40 rules), rfc3339 timestamps (the package's default) and
 * unixnano (the API's default). The CLI also runs with `--jobs 2` against the
 * same single-threaded floor: its wall-clock ratio is its figure (its CPU time
 * adds up over the threads, so its CPU ratio shows the cost of the threads),
 * and on a file four times larger, since each thread loads and warms up on
 * its own and `--jobs` is for large files.
 * Not a test: nothing passes or fails on time.
 * `BENCH_1GB=1` adds a run on a 1 GB file, for peak RSS.
 */
import { spawn } from "node:child_process";
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { Readable } from "node:stream";
import { normalise } from "../components/normaliser";
import { syntheticLines } from "../components/normaliser/synthetic";
import { EventWriter } from "../components/normaliser/writer";
import type { TimestampFormat } from "../components/validation";
import { SHELL, throughShell } from "./spawn-node";
import { ROUNDS, withSpread } from "./spread";

const IN_PROCESS_LINES = 60_000;
const CLI_LINES = 100_000;
const START_UP_LINES = 20_000;
/** The large file for `--jobs`: the CLI's file this many times over. */
const LARGE_COPIES = 4;

/** Seconds of `work` over `lines`. */
function seconds(lines: readonly string[], work: (line: string) => number): number {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (const line of lines) sink += work(line);
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink < 0) console.log(sink); // keeps the work observable
  return elapsed;
}

const floor = (line: string) => JSON.stringify(JSON.parse(line)).length;
const normaliseAndSerialise = (line: string) => {
  const result = normalise(line);
  return result.kind === "event" ? JSON.stringify(result.event).length : 0;
};
const writer = new EventWriter();
/** What the CLI does per line: the writer, and the engine for the lines it declines. */
const writeOrNormalise = (line: string) => {
  const length = writer.write(line, undefined);
  return length >= 0 ? length : normaliseAndSerialise(line);
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

const CLI = join(__dirname, "..", "components", "normaliser", "cli.js");

/**
 * Runs a compiled script (the CLI, or its floor) on a file: wall-clock and CPU seconds (start-up included,
 * every thread's CPU), peak RSS (the process's, worker threads included).
 */
async function runCli(
  file: string,
  cli = CLI,
  args: readonly string[] = [],
): Promise<{ seconds: number; cpuSeconds: number; peakMb: number }> {
  const start = process.hrtime.bigint();
  // Through a shell, so that its peak RSS is its own (spawn-node.ts).
  const child = spawn(SHELL, throughShell(["--require", CPU_REPORT, cli, ...args, file]), {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  if (status !== 0) throw new Error(`the CLI failed (${status}): ${stderr}`);
  const peak = /peak RSS (\d+) MB/.exec(stderr);
  const cpu = /^cpu (\d+) ms$/m.exec(stderr);
  return {
    seconds: elapsed,
    cpuSeconds: cpu ? Number(cpu[1]) / 1000 : Number.NaN,
    peakMb: peak ? Number(peak[1]) : Number.NaN,
  };
}

/** The streaming floor: the CLI's own reading, splitting and writing, with parse + stringify only. */
const STREAMING_FLOOR = join(__dirname, "normaliser-floor.js");
const CPU_REPORT = join(__dirname, "cpu-report.js");

interface Rounds {
  /** Floor ÷ CLI, by CPU time and by wall-clock time, per round. */
  readonly cpuRatios: number[];
  readonly wallRatios: number[];
  readonly cliSeconds: number[];
  readonly peakMb: number[];
}

/**
 * Alternates the CLI (once per set of arguments) and the streaming floor on a file; one Rounds per set.
 * @param file the input
 * @param variants the CLI's arguments for each figure (default: none, one figure)
 */
async function cliRounds(file: string, variants: readonly (readonly string[])[] = [[]]): Promise<Rounds[]> {
  const all: Rounds[] = variants.map(() => ({ cpuRatios: [], wallRatios: [], cliSeconds: [], peakMb: [] }));
  for (let round = 0; round < ROUNDS; round++) {
    const clis = [];
    for (const args of variants) clis.push(await runCli(file, CLI, args));
    const same = await runCli(file, STREAMING_FLOOR);
    for (const [index, cli] of clis.entries()) {
      const rounds = all[index];
      rounds.cpuRatios.push(same.cpuSeconds / cli.cpuSeconds);
      rounds.wallRatios.push(same.seconds / cli.seconds);
      rounds.cliSeconds.push(cli.seconds);
      rounds.peakMb.push(cli.peakMb);
    }
  }
  return all;
}

/** `--jobs 2` beside the single thread: the wall-clock figure is the one it is for (CPU time adds up over threads). */
const JOBS = ["--jobs", "2"];

/** `÷ streaming floor: CPU 0.70 (…), wall 0.66 (…)` */
const ratios = (rounds: Rounds) =>
  `÷ streaming floor: CPU time ${withSpread(rounds.cpuRatios)}, wall clock ${withSpread(rounds.wallRatios)}`;

const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(9);
const rateOf = (lines: number, secondsList: readonly number[]) =>
  fmt(lines / [...secondsList].sort((a, b) => a - b)[secondsList.length >> 1]);

/** Prints the normaliser's figures: each ratio to its floor with its spread, start-up, peak RSS. */
export async function benchNormaliser(): Promise<void> {
  console.log(
    `\nnormaliser: rate ÷ the JSON.parse + JSON.stringify floor's on the same lines; median (spread) of ${ROUNDS} alternating rounds`,
  );
  for (const format of ["rfc3339", "unixnano"] as const) {
    const lines = [...syntheticLines(IN_PROCESS_LINES, 42, format)];
    writeOrNormalise(lines[0]); // loads the user agent regexes before timing
    normaliseAndSerialise(lines[0]);
    const engine: number[] = [];
    const written: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const floorSeconds = seconds(lines, floor);
      engine.push(floorSeconds / seconds(lines, normaliseAndSerialise));
      written.push(floorSeconds / seconds(lines, writeOrNormalise));
    }
    console.log(`  in process, ${format.padEnd(8)} normalise()+JSON.stringify ${withSpread(engine)}`);
    console.log(`  in process, ${format.padEnd(8)} byte writer (the CLI's)    ${withSpread(written)}`);
  }

  const dir = mkdtempSync(join(tmpdir(), "bench-normaliser-"));
  try {
    for (const gzip of [false, true]) {
      const file = join(dir, gzip ? "firewall_events.ndjson.gz" : "firewall_events.ndjson");
      await writeFile(file, CLI_LINES, "rfc3339", gzip);
      const [rounds, jobs] = await cliRounds(file, [[], JOBS]);
      console.log(
        `  CLI ${gzip ? "gzip " : "plain"} ${CLI_LINES} lines: ${rateOf(CLI_LINES, rounds.cliSeconds)} events/s (wall), peak RSS ${Math.max(...rounds.peakMb)} MB\n` +
          `    ${ratios(rounds)}`,
      );
      console.log(
        `  CLI ${gzip ? "gzip " : "plain"} ${CLI_LINES} lines, ${JOBS.join(" ")}: ${rateOf(CLI_LINES, jobs.cliSeconds)} events/s (wall), peak RSS ${Math.max(...jobs.peakMb)} MB\n` +
          `    ${ratios(jobs)}`,
      );
    }
    // --jobs is for large files: each thread loads and warms up on its own, which 100,000 lines do not
    // amortise. The same plain file four times over (the lines repeat; the caches are warm by then anyway).
    const plain = join(dir, "firewall_events.ndjson");
    const large = join(dir, "large.ndjson");
    await pipeline(
      Readable.from(
        (async function* () {
          for (let copy = 0; copy < LARGE_COPIES; copy++) yield* createReadStream(plain);
        })(),
      ),
      createWriteStream(large),
    );
    const [single, jobs] = await cliRounds(large, [[], JOBS]);
    const lines = LARGE_COPIES * CLI_LINES;
    console.log(
      `  CLI plain ${lines} lines: ${rateOf(lines, single.cliSeconds)} events/s (wall), peak RSS ${Math.max(...single.peakMb)} MB\n    ${ratios(single)}\n` +
        `  CLI plain ${lines} lines, ${JOBS.join(" ")}: ${rateOf(lines, jobs.cliSeconds)} events/s (wall), peak RSS ${Math.max(...jobs.peakMb)} MB\n    ${ratios(jobs)}`,
    );
    rmSync(large);
    // Start-up: the first lines pay for loading, compiling the writer, and each new user agent.
    const first = join(dir, "first.ndjson");
    await writeFile(first, START_UP_LINES, "rfc3339", false);
    const [start] = await cliRounds(first);
    console.log(
      `  CLI start-up, first ${START_UP_LINES} lines: ${rateOf(START_UP_LINES, start.cliSeconds)} events/s (wall)\n    ${ratios(start)}`,
    );
    if (process.env.BENCH_1GB === "1") {
      const big = join(dir, "big.ndjson");
      const lines = 1_250_000; // ~1 GB of the guide's 28 fields
      await writeFile(big, lines, "rfc3339", false);
      for (const args of [[], JOBS]) {
        const run = await runCli(big, CLI, args);
        console.log(
          `  CLI on ~1 GB (${lines} lines)${args.length > 0 ? `, ${args.join(" ")}` : ""}: ${fmt(lines / run.seconds)} events/s (wall), peak RSS ${run.peakMb} MB`,
        );
      }
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
