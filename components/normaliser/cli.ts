#!/usr/bin/env node
/**
 * `npm run --silent normalise -- [--keep-original] [--pretty] [FILE ...]`
 *
 * Reads Logpush firewall_events NDJSON (plain or gzip, told apart by content)
 * from each FILE, or standard input (no FILE, or `-`), and writes one ECS event
 * per line to standard output, in input order. Cloudflare's
 * `{"content":"tests"}` validation line is skipped. A line that cannot be
 * normalised is reported on standard error as `line N: reason` and the run goes
 * on; a summary follows on standard error. Exit status: 0, or 1 when any line or
 * file failed, 2 on a usage error.
 */
import { createReadStream } from "node:fs";
import type { Readable, Writable } from "node:stream";
import { parseArgs } from "node:util";
import { normaliseRecord } from "./core";
import { decodedChunks, LineSplitter, MAX_LINE_BYTES, TOO_LONG } from "./lines";
import { BlockOutput } from "./output";
import { serialiseEvent } from "./serialise";

const USAGE = `Usage: npm run --silent normalise -- [OPTION ...] [FILE ...]

Normalises Cloudflare firewall_events Logpush records (NDJSON, plain or gzip)
into the ECS events SEKOIA.IO shows, one JSON per line on standard output.
With no FILE, or FILE "-", reads standard input.

Options:
  --keep-original  keep each raw line as the event's "message", as SEKOIA does
  --pretty         indent each event (output is then no longer NDJSON)
  -h, --help       show this help

Bad lines are reported on standard error as "line N: reason"; the run goes on
and exits with status 1 at the end. A summary is printed on standard error.
`;

/** At most this many warning lines are printed; the summary counts them all. */
const MAX_WARNING_LINES = 100;
interface Options {
  readonly files: readonly string[];
  readonly keepOriginal: boolean;
  readonly pretty: boolean;
}

interface Totals {
  lines: number;
  events: number;
  skipped: number;
  errors: number;
  warnings: number;
  oversize: number;
  failedInputs: number;
}

function parseOptions(argv: readonly string[]): Options | { help: true } {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      "keep-original": { type: "boolean", default: false },
      pretty: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return { help: true };
  return {
    files: positionals.length === 0 ? ["-"] : positionals,
    keepOriginal: values["keep-original"] === true,
    pretty: values.pretty === true,
  };
}

/** Normalises one input; reports problems with `where` ("" for a single input). */
async function normaliseInput(
  input: Readable,
  where: string,
  options: Options,
  io: CliIo,
  output: BlockOutput,
  totals: Totals,
): Promise<void> {
  const report = (lineNo: number, message: string) => io.stderr.write(`${where}line ${lineNo}: ${message}\n`);
  let lineNo = 0;
  const onLine = (raw: string | typeof TOO_LONG): void => {
    lineNo++;
    totals.lines++;
    if (raw === TOO_LONG) {
      totals.errors++;
      report(lineNo, `longer than ${MAX_LINE_BYTES} bytes; not read`);
      return;
    }
    const line = lineNo === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (line.trim() === "") {
      totals.skipped++; // blank lines carry no record
      return;
    }
    // Shared memoised objects: each event is serialised at once and dropped.
    const result = normaliseRecord(line, options.keepOriginal ? { original: line } : undefined, true);
    if (result.kind === "skip") {
      totals.skipped++;
      return;
    }
    if (result.kind === "error") {
      totals.errors++;
      report(lineNo, result.reason);
      return;
    }
    totals.events++;
    output.line(options.pretty ? JSON.stringify(result.event, null, 2) : serialiseEvent(result.event));
    const warnings = result.oversize
      ? [...result.warnings, `event above SEKOIA's 250 KiB limit; SEKOIA would reject it`]
      : result.warnings;
    if (result.oversize) totals.oversize++;
    for (const warning of warnings) {
      totals.warnings++;
      if (totals.warnings <= MAX_WARNING_LINES) report(lineNo, `warning: ${warning}`);
      else if (totals.warnings === MAX_WARNING_LINES + 1)
        io.stderr.write(`(further warnings are counted, not shown)\n`);
    }
  };
  const splitter = new LineSplitter(onLine);
  for await (const chunk of decodedChunks(input)) {
    splitter.push(chunk);
    await output.flush();
  }
  splitter.end();
  await output.flush();
}

function summary(totals: Totals, seconds: number): string {
  const rate = seconds > 0 ? Math.round(totals.lines / seconds) : totals.lines;
  const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
  return (
    `normalise: ${totals.lines} lines: ${totals.events} events, ${totals.skipped} skipped, ${totals.errors} errors; ` +
    `${totals.warnings} warnings, ${totals.oversize} oversize; ${seconds.toFixed(2)} s, ${rate} lines/s, peak RSS ${peakMb} MB\n`
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
  const totals: Totals = { lines: 0, events: 0, skipped: 0, errors: 0, warnings: 0, oversize: 0, failedInputs: 0 };
  const output = new BlockOutput(io.stdout);
  const many = options.files.length > 1;
  if (options.files.includes("-") && io.stdin.isTTY === true) {
    io.stderr.write("normalise: reading NDJSON from standard input (Ctrl-D ends; --help for usage)\n");
  }
  for (const file of options.files) {
    const name = file === "-" ? "stdin" : file;
    try {
      const input = file === "-" ? io.stdin : createReadStream(file);
      await normaliseInput(input, many ? `${name}: ` : "", options, io, output, totals);
    } catch (error) {
      totals.failedInputs++;
      io.stderr.write(`${name}: ${readError(error)}\n`);
    }
    await output.flush();
  }
  io.stderr.write(summary(totals, Number(process.hrtime.bigint() - started) / 1e9));
  return totals.errors > 0 || totals.failedInputs > 0 ? 1 : 0;
}

function readError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code?.startsWith("Z_") ? `not valid gzip: ${message}` : `cannot read: ${message}`;
}

if (require.main === module) {
  // A closed pipe (`| head`) is the reader's choice, not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  main(process.argv.slice(2)).then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      process.stderr.write(`normalise: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
