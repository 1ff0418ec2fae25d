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
 * file failed or the output could not be written, 2 on a usage error. A line
 * that is not valid UTF-8 is normalised with its bad bytes as U+FFFD and
 * reported as a warning. Every message is one printable line of bounded length:
 * it never repeats a bad line raw.
 */
import { createReadStream } from "node:fs";
import type { Readable, Writable } from "node:stream";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { errorText, oneLine } from "../messages";
import { normaliseRecord } from "./core";
import { decodedChunks, LineSplitter, MAX_LINE_BYTES, TOO_LONG } from "./lines";
import { BlockOutput } from "./output";
import { serialiseEvent } from "./serialise";
import { EventWriter } from "./writer";

const USAGE = `Usage: npm run --silent normalise -- [OPTION ...] [FILE ...]

Normalises Cloudflare firewall_events Logpush records (NDJSON, plain or gzip)
into the ECS events SEKOIA.IO shows, one JSON per line on standard output.
With no FILE, or FILE "-", reads standard input.

Options:
  --keep-original  keep each raw line as the event's "message", as SEKOIA does
  --pretty         indent each event (output is then no longer NDJSON)
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
  invalidUtf8: number;
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
  flush: () => Promise<void>,
  totals: Totals,
): Promise<void> {
  // A reason may quote the line (a field's value): one printable line of bounded length.
  const report = (lineNo: number, message: string) =>
    io.stderr.write(`${oneLine(`${where}line ${lineNo}: ${message}`)}\n`);
  const warn = (lineNo: number, warning: string) => {
    totals.warnings++;
    if (totals.warnings <= MAX_WARNING_LINES) report(lineNo, `warning: ${warning}`);
    else if (totals.warnings === MAX_WARNING_LINES + 1) io.stderr.write(`(further warnings are counted, not shown)\n`);
  };
  let lineNo = 0;
  const onLine = (raw: string | typeof TOO_LONG, invalidUtf8: boolean): void => {
    lineNo++;
    totals.lines++;
    if (raw === TOO_LONG) {
      totals.errors++;
      report(lineNo, `longer than ${MAX_LINE_BYTES} bytes; not read`);
      return;
    }
    if (invalidUtf8) {
      totals.invalidUtf8++;
      warn(lineNo, "not valid UTF-8; the bad bytes were read as U+FFFD");
    }
    const line = lineNo === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (line.trim() === "") {
      totals.skipped++; // blank lines carry no record
      return;
    }
    // The byte writer first; a record it declines (one that warns, or fails) goes to the engine.
    const length = options.pretty ? -1 : writer.write(line, options.keepOriginal ? line : undefined);
    if (length >= 0) {
      totals.events++;
      output.lineBytes(writer.bytes, length);
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
    for (const warning of warnings) warn(lineNo, warning);
  };
  const splitter = new LineSplitter(onLine);
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
  const totals: Totals = {
    lines: 0,
    events: 0,
    skipped: 0,
    errors: 0,
    warnings: 0,
    oversize: 0,
    invalidUtf8: 0,
    failedInputs: 0,
  };
  const output = new BlockOutput(io.stdout);
  // A failing output (a full disk, a closed pipe) ends the run: every later write would fail the same way.
  let outputError: NodeJS.ErrnoException | undefined;
  const failed = new Promise<never>((_, reject) =>
    io.stdout.on("error", (error: NodeJS.ErrnoException) => {
      outputError ??= error;
      reject(new OutputFailed());
    }),
  );
  failed.catch(() => undefined);
  const flush = () => Promise.race([output.flush(), failed]);
  const many = options.files.length > 1;
  if (options.files.includes("-") && io.stdin.isTTY === true) {
    io.stderr.write("normalise: reading NDJSON from standard input (Ctrl-D ends; --help for usage)\n");
  }
  for (const file of options.files) {
    const name = oneLine(file === "-" ? "stdin" : file, 200);
    let input: Readable | undefined;
    try {
      input = file === "-" ? io.stdin : createReadStream(file);
      await normaliseInput(input, many ? `${name}: ` : "", options, io, output, flush, totals);
    } catch (error) {
      if (error instanceof OutputFailed) {
        input?.destroy(); // nothing more will be read, standard input included
        break;
      }
      totals.failedInputs++;
      io.stderr.write(`${name}: ${readError(error)}\n`);
    }
    if (outputError === undefined) await flush().catch(() => undefined);
  }
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

/** Thrown into the run when the output stream has failed. */
class OutputFailed extends Error {}

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
