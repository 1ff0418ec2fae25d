#!/usr/bin/env node
/**
 * `npm run --silent normalise -- [--keep-original] [--pretty] [--jobs N] [FILE ...]`
 *
 * Reads Logpush firewall_events NDJSON (plain or gzip, told apart by content)
 * from each FILE, or standard input (no FILE, or `-`), and writes one ECS event
 * per line to standard output, in input order. Cloudflare's
 * `{"content":"tests"}` validation line is skipped. A line that cannot be
 * normalised is reported on standard error as `line N: reason` and the run goes
 * on; a summary follows on standard error. Exit status: 0, or 1 when any line or
 * file failed or the output could not be written, 2 on a usage error. A line
 * that is not valid UTF-8 is normalised with its bad bytes as U+FFFD and
 * reported as a warning. Every message is one printable line of bounded length:
 * it never repeats a bad line raw. `--jobs N` normalises in N worker threads
 * (`parallel.ts`), with the same output and reports as one thread.
 */
import { createReadStream } from "node:fs";
import { availableParallelism } from "node:os";
import type { Readable, Writable } from "node:stream";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { errorText, oneLine } from "../messages";
import { parseJobs, workerThreads } from "./jobs-option";
import { type LineCounts, type LineOptions, type LineSink, noCounts, normalisingSplitter } from "./line";
import { LineReports, type WarningCount } from "./line-reports";
import { decodedChunks } from "./lines";
import { BlockOutput } from "./output";
import { OutputFailed, OutputWatch } from "./output-watch";
import { batchBytesFrom } from "./batches";
import { InputsInWorkers, type ParallelRun } from "./parallel";
import { WorkerFailed, WorkerPool } from "./pool";
import { EventWriter } from "./writer";

const USAGE = `Usage: npm run --silent normalise -- [OPTION ...] [FILE ...]

Normalises Cloudflare firewall_events Logpush records (NDJSON, plain or gzip)
into the ECS events SEKOIA.IO shows, one JSON per line on standard output.
With no FILE, or FILE "-", reads standard input.

Options:
  --keep-original  keep each raw line as the event's "message", as SEKOIA does
  --pretty         indent each event (output is then no longer NDJSON)
  --jobs N         normalise in N threads (1 to 64; default 1; no more threads
                   than cores): faster on large files with several cores; the
                   output is the same
  -h, --help       show this help

Bad lines are reported on standard error as "line N: reason"; the run goes on
and exits with status 1 at the end. A line that is not valid UTF-8 is read with
its bad bytes as U+FFFD and reported as a warning. A summary is printed on
standard error.

Exit status: 0 all well (also when the reader of standard output closed it
early, e.g. "| head"); 1 a line or file failed, or the output could not be
written (a full disk: one line on standard error says so); 2 usage error.
`;

/** Writes each event's bytes; its caches are bounded and shared by every input of the run. */
const writer = new EventWriter();

interface Options extends LineOptions {
  readonly files: readonly string[];
  /** Threads that normalise: 1 is the main thread alone; more are worker threads. */
  readonly jobs: number;
}

interface Totals extends LineCounts, WarningCount {
  failedInputs: number;
}

/** A usage error, worded for the user. */
class UsageError extends Error {}

function parseOptions(argv: readonly string[]): Options | { help: true } {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      "keep-original": { type: "boolean", default: false },
      pretty: { type: "boolean", default: false },
      jobs: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return { help: true };
  const jobs = parseJobs(values.jobs);
  if (!jobs.ok) throw new UsageError(jobs.reason);
  return {
    files: positionals.length === 0 ? ["-"] : positionals,
    keepOriginal: values["keep-original"] === true,
    pretty: values.pretty === true,
    jobs: jobs.jobs,
  };
}

/** Normalises one input in this thread. */
async function normaliseInput(
  input: Readable,
  reports: LineReports,
  options: Options,
  output: BlockOutput,
  flush: () => Promise<void>,
  totals: Totals,
): Promise<void> {
  const sink: LineSink = {
    counts: totals,
    output,
    error: (lineNo, reason) => reports.error(lineNo, reason),
    warning: (lineNo, warning) => reports.warning(lineNo, warning),
  };
  const splitter = normalisingSplitter(writer, options, sink, true);
  for await (const chunk of decodedChunks(input)) {
    splitter.push(chunk);
    await flush();
  }
  splitter.end();
  await flush();
}

function summary(totals: Totals, seconds: number): string {
  const rate = seconds > 0 ? Math.round(totals.lines / seconds) : totals.lines;
  const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
  return (
    `normalise: ${totals.lines} lines: ${totals.events} events, ${totals.skipped} skipped, ${totals.errors} errors; ` +
    `${totals.warnings} warnings, ${totals.oversize} oversize, ${totals.invalidUtf8} not valid UTF-8; ${seconds.toFixed(2)} s, ${rate} lines/s, peak RSS ${peakMb} MB\n`
  );
}

/** Where the CLI reads and writes: the process's streams, or others in tests. */
export interface CliIo {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable;
  readonly stderr: Writable;
}

/** Runs the CLI; resolves to the exit status. */
export async function main(argv: readonly string[], io: CliIo = process): Promise<number> {
  let options: Options | { help: true };
  try {
    options = parseOptions(argv);
  } catch (error) {
    io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if ("help" in options) {
    io.stdout.write(USAGE);
    return 0;
  }
  const started = process.hrtime.bigint();
  const totals: Totals = { ...noCounts(), warnings: 0, failedInputs: 0 };
  const output = new BlockOutput(io.stdout);
  const watch = new OutputWatch(io.stdout);
  const flush = () => watch.unlessFailed(output.flush());
  const many = options.files.length > 1;
  if (options.files.includes("-") && io.stdin.isTTY === true) {
    io.stderr.write("normalise: reading NDJSON from standard input (Ctrl-D ends; --help for usage)\n");
  }
  let pool: WorkerPool | undefined;
  try {
    let workers: InputsInWorkers | undefined;
    if (options.jobs > 1) {
      const threads = workerThreads(options.jobs, availableParallelism());
      pool = new WorkerPool(threads, options);
      const run: ParallelRun = {
        pool,
        inFlight: 2 * threads,
        batchBytes: batchBytesFrom(process.env),
        options,
        writer,
        stdout: io.stdout,
        unlessOutputFailed: (promise) => watch.unlessFailed(promise),
      };
      workers = new InputsInWorkers(run, totals);
    }
    for (const file of options.files) {
      const name = oneLine(file === "-" ? "stdin" : file, 200);
      const reports = new LineReports(io.stderr, many ? `${name}: ` : "", totals);
      // A file that cannot be read is reported in its place: after the lines of the files before it.
      const failed = (error: unknown) => {
        totals.failedInputs++;
        io.stderr.write(`${name}: ${readError(error)}\n`);
      };
      let input: Readable | undefined;
      try {
        input = file === "-" ? io.stdin : createReadStream(file);
        if (workers === undefined) await normaliseInput(input, reports, options, output, flush, totals);
        else await workers.add(input, reports, failed);
      } catch (error) {
        if (error instanceof OutputFailed || error instanceof WorkerFailed) {
          input?.destroy(); // nothing more will be read, standard input included
          if (error instanceof WorkerFailed) throw error;
          break;
        }
        failed(error);
      }
      if (watch.error === undefined) await flush().catch(() => undefined);
    }
    // The last inputs' batches, still in flight.
    if (workers !== undefined && watch.error === undefined) {
      await workers.finish().catch((error: unknown) => {
        if (!(error instanceof OutputFailed)) throw error;
      });
    }
  } catch (error) {
    if (!(error instanceof WorkerFailed)) throw error;
    io.stderr.write(`normalise: ${errorText(error)}\n`);
    return 1;
  } finally {
    await pool?.close();
  }
  const outputError = watch.error;
  if (outputError !== undefined) {
    const closed = outputError.code === "EPIPE";
    io.stderr.write(
      closed
        ? `normalise: standard output was closed by its reader; stopped after ${totals.events} events\n`
        : `normalise: cannot write the output (${outputError.code ?? errorText(outputError, 200)}); stopped after ${totals.events} events, which may not all have been written\n`,
    );
    return closed ? 0 : 1;
  }
  io.stderr.write(summary(totals, Number(process.hrtime.bigint() - started) / 1e9));
  return totals.errors > 0 || totals.failedInputs > 0 ? 1 : 0;
}

function readError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return oneLine(code?.startsWith("Z_") ? `not valid gzip: ${message}` : `cannot read: ${message}`);
}

if (require.main === module) {
  // The first user agents run each of uap-core's ~1000 regexes once or a few times: compiled to native code
  // at once, rather than to bytecode and then again to native code, they cost less than half as much CPU
  // (about 30 ms against 70 for the bench's user agents). Same regexes, same matches: only how V8 runs
  // them. Set for the program only, never for a process that imports the normaliser.
  setFlagsFromString("--no-regexp-tier-up");
  main(process.argv.slice(2)).then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      process.stderr.write(`normalise: ${errorText(error)}\n`);
      process.exitCode = 1;
    },
  );
}
