/**
 * `--jobs N` must not be told apart from one thread: for every case, the
 * compiled CLI with `--jobs 2` and `--jobs 3` gives standard output byte for
 * byte as `--jobs 1`, and standard error line for line (the summary's time,
 * rate and peak RSS aside), with the same exit status, and ends its worker
 * threads on every path (a run that hangs fails on the time limit).
 */
import { spawnSync } from "node:child_process";
import { closeSync, cpSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { syntheticLines } from "../components/normaliser/synthetic";
import { BUILD_TIMEOUT_MS, privateBuild, removeBuild } from "./private-build";

const ROOT = join(__dirname, "..");
const CLI_FILE = join("components", "normaliser", "cli.js");
let BUILD: string;
let CLI: string;
/** Longer than any run should take: a run still going then has hung. */
const HANG = 60_000;

let work: string;

beforeAll(() => {
  BUILD = privateBuild("normaliser-jobs-test", [CLI_FILE, join("components", "normaliser", "jobs-worker.js")]);
  CLI = join(BUILD, CLI_FILE);
  work = mkdtempSync(join(tmpdir(), "normalise-jobs-"));
}, BUILD_TIMEOUT_MS);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  removeBuild(BUILD);
});

interface Run {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: Buffer;
  /** Standard error with the summary's time, rate and peak RSS masked. */
  readonly stderr: string;
}

/** The summary's figures that depend on the machine, not the input. */
const mask = (stderr: string) =>
  stderr
    .replace(/; \d+\.\d\d s, \d+ lines\/s, peak RSS \d+ MB$/m, "; (time, rate, RSS)")
    .replace(/stopped after \d+ events/, "stopped after (n) events");

/** Runs a command with the test's limits; a run still going after HANG has hung, and shows as a signal. */
function spawned(command: string, argv: readonly string[], input?: string | Buffer, env?: NodeJS.ProcessEnv): Run {
  const result = spawnSync(command, argv, {
    input,
    cwd: ROOT,
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
    timeout: HANG,
  });
  return {
    status: result.status,
    signal: result.signal,
    stdout: result.stdout,
    stderr: mask(result.stderr.toString()),
  };
}

function run(
  args: readonly string[],
  options: { input?: string | Buffer; env?: NodeJS.ProcessEnv; cli?: string } = {},
): Run {
  return spawned(process.execPath, [options.cli ?? CLI, ...args], options.input, options.env);
}

/**
 * Through a shell, for pipes and devices: `node cli.js ARGS <redirect>`. Also for peak RSS: a process
 * started straight from this one (large) would count this one's memory in its own peak (Linux's maxrss
 * carries over fork and exec), one started by the shell does not.
 */
function runShell(args: readonly string[], redirect: string, input?: string | Buffer): Run {
  return spawned("sh", ["-c", `"${process.execPath}" "${CLI}" "$@" ${redirect}`, "sh", ...args], input);
}

/** Standard output alike: the first differing line is shown, not two huge strings. */
function expectSameOutput(actual: Buffer, expected: Buffer): void {
  if (actual.equals(expected)) return;
  const a = actual.toString("latin1").split("\n");
  const e = expected.toString("latin1").split("\n");
  const at = a.findIndex((line, index) => line !== e[index]);
  expect({ line: at + 1, text: a[at] }).toEqual({ line: at + 1, text: e[at] });
  expect(a.length).toBe(e.length);
}

/**
 * Runs `--jobs 1` and then `--jobs 2` and `--jobs 3` (each with the given batch
 * sizes); expects them alike. Returns the `--jobs 1` run, for the case's own checks.
 */
function expectSameAsOneThread(
  args: readonly string[],
  options: { input?: string | Buffer; batchBytes?: readonly (number | undefined)[]; shell?: string } = {},
): Run {
  const once = (jobs: number, batchBytes?: number) => {
    const env = batchBytes === undefined ? {} : { NORMALISE_BATCH_BYTES: String(batchBytes) };
    const all = ["--jobs", String(jobs), ...args];
    return options.shell === undefined
      ? run(all, { input: options.input, env })
      : runShell(all, options.shell, options.input);
  };
  const one = once(1);
  expect(one.signal).toBeNull();
  for (const jobs of [2, 3]) {
    for (const batchBytes of options.batchBytes ?? [undefined]) {
      const many = once(jobs, batchBytes);
      expect({ jobs, batchBytes, signal: many.signal, status: many.status, stderr: many.stderr }).toEqual({
        jobs,
        batchBytes,
        signal: null,
        status: one.status,
        stderr: one.stderr,
      });
      expectSameOutput(many.stdout, one.stdout);
    }
  }
  return one;
}

/** Realistic records, a few per user agent and host, as in the bench. */
const GOOD = [...syntheticLines(4000, 7, "rfc3339")];
const WARNS = (n: number) => JSON.stringify({ RayID: `w${n}`, Datetime: "soon", ClientIP: "192.0.2.1" });
const NOT_JSON = "{oops";
const NOT_RECORD = "[1,2]";
const VALIDATION = '{"content":"tests"}';
/** A record with a byte that is not UTF-8 in a value. */
const BAD_UTF8 = Buffer.concat([
  Buffer.from('{"RayID":"u1","ClientRequestPath":"/a'),
  Buffer.from([0xff]),
  Buffer.from('"}'),
]);

/** Joins lines (text or bytes) with newlines, and a last newline. */
const ndjson = (lines: readonly (string | Buffer)[], newline = "\n") =>
  Buffer.concat(lines.flatMap((line) => [Buffer.isBuffer(line) ? line : Buffer.from(line), Buffer.from(newline)]));

/** A mix of every kind of line, over `count` good records (several batches when large). */
function mixed(count: number, offset = 0): Buffer {
  const lines: (string | Buffer)[] = [];
  for (let index = 0; index < count; index++) {
    lines.push(GOOD[(index + offset) % GOOD.length]);
    const kind = (index + offset) % 97;
    if (kind === 3) lines.push(NOT_JSON);
    if (kind === 11) lines.push("", "   ");
    if (kind === 17) lines.push(VALIDATION);
    if (kind === 29) lines.push(BAD_UTF8);
    if (kind === 41) lines.push(WARNS(index));
    if (kind === 59) lines.push(NOT_RECORD);
  }
  return ndjson(lines);
}

function file(name: string, bytes: Buffer): string {
  const path = join(work, name);
  writeFileSync(path, bytes);
  return path;
}

describe("normalise --jobs N gives what one thread gives", () => {
  it("several files, plain and gzip, each of several batches, with every kind of line", () => {
    const plain = file("mixed.ndjson", mixed(3000)); // ~2.5 MB: three batches of 1 MiB
    const gzip = file("mixed.ndjson.gz", gzipSync(mixed(3000, 50)));
    expect(plain.length).toBeGreaterThan(0);
    const one = expectSameAsOneThread([plain, gzip, plain], { batchBytes: [undefined, 4096] });
    expect(one.stdout.length).toBeGreaterThan(2 * 1024 * 1024 * 2);
    // The comparison is not between two empty runs: reports from both files, numbered in each.
    expect(one.stderr).toMatch(new RegExp(`^${plain}: line \\d+: not valid JSON`, "m"));
    expect(one.stderr).toMatch(new RegExp(`^${gzip}: line \\d+: warning: not valid UTF-8`, "m"));
    expect(one.status).toBe(1);
  }, 120_000);

  it("standard input, as - and by default, plain and gzip, with batches of one line", () => {
    const input = mixed(400);
    for (const args of [[], ["-"]]) expectSameAsOneThread(args, { input, batchBytes: [undefined, 1, 700] });
    expectSameAsOneThread(["-"], { input: gzipSync(input), batchBytes: [1000] });
  }, 120_000);

  it("--keep-original and --pretty", () => {
    const input = mixed(300);
    expectSameAsOneThread(["--keep-original"], { input, batchBytes: [undefined, 900] });
    expectSameAsOneThread(["--pretty"], { input, batchBytes: [undefined, 900] });
    expectSameAsOneThread(["--pretty", "--keep-original"], { input, batchBytes: [2000] });
  }, 120_000);

  it("a byte order mark on each input's first line only, CRLF, blank lines, a last line without newline", () => {
    const bom = Buffer.concat([
      Buffer.from("\uFEFF"),
      ndjson([GOOD[0], `\uFEFF${GOOD[1]}`, "", GOOD[2]], "\r\n"),
      Buffer.from(GOOD[3]),
    ]);
    const one = expectSameAsOneThread([file("bom1.ndjson", bom), file("bom2.ndjson", bom)], {
      batchBytes: [undefined, 1],
    });
    // The second line's mark is not the input's: it is an error, in each file.
    expect(one.stderr.match(/: line 2: not valid JSON/g)).toHaveLength(2);
    expect(one.stderr).toMatch(/^normalise: 10 lines: 6 events, 2 skipped, 2 errors/m);
  }, 60_000);

  it("the 100-warning cap across files and batches, and its note at the same place", () => {
    const warnings = (from: number) =>
      ndjson(Array.from({ length: 70 }, (_, index) => (index % 3 === 0 ? GOOD[index] : WARNS(from + index))));
    const one = expectSameAsOneThread(
      [file("w1.ndjson", warnings(0)), file("w2.ndjson", warnings(100)), file("w3.ndjson", warnings(200))],
      {
        batchBytes: [undefined, 300],
      },
    );
    expect(one.stderr).toContain("(further warnings are counted, not shown)");
    expect(one.stderr.match(/: warning: /g)).toHaveLength(100);
  }, 60_000);

  it("a line above MAX_LINE_BYTES across batches: reported at its line number, in order, the next ones read", () => {
    const long = `{"RayID":"${"x".repeat(9 * 1024 * 1024)}"}`;
    const input = Buffer.concat([
      ndjson([long, ...GOOD.slice(0, 2000), long, NOT_JSON, GOOD[0], long]),
      Buffer.from(long),
    ]);
    const one = expectSameAsOneThread(["-"], { input, batchBytes: [undefined, 5000] });
    expect(one.stderr).toMatch(
      /^line 1: longer than 8388608 bytes; not read\nline 2002: longer than 8388608 bytes; not read\nline 2003: not valid JSON[^\n]*\nline 2005: longer.*\nline 2006: longer/m,
    );
  }, 120_000);

  it("memory stays flat on a line of 200 MiB: it is never held", () => {
    const path = join(work, "huge.ndjson");
    const fd = openSync(path, "w");
    writeSync(fd, `${GOOD[0]}\n{"RayID":"`);
    const block = Buffer.alloc(1024 * 1024, "x");
    for (let index = 0; index < 200; index++) writeSync(fd, block);
    writeSync(fd, `"}\n${GOOD[1]}\n`);
    closeSync(fd);
    const one = expectSameAsOneThread([path]);
    expect(one.stderr).toMatch(/^line 2: longer than/m);
    // Held, the line alone would take the peak past 250 MB (about 100 MB without it).
    const unmasked = spawnSync("sh", ["-c", `"${process.execPath}" "${CLI}" --jobs 2 "${path}" > /dev/null`]);
    const peak = /peak RSS (\d+) MB/.exec(unmasked.stderr.toString());
    expect(Number(peak?.[1])).toBeLessThan(250);
    rmSync(path);
  }, 120_000);

  it("a gzip file that goes bad mid-way: the events before the fault, its report, then the next file", () => {
    const whole = gzipSync(mixed(3000));
    const truncated = file("truncated.gz", whole.subarray(0, Math.floor(whole.length * 0.6)));
    const damaged = Buffer.from(whole);
    for (let at = Math.floor(whole.length * 0.5); at < whole.length * 0.5 + 64; at++) damaged[at] ^= 0x55;
    const corrupt = file("corrupt.gz", damaged);
    const after = file("after.ndjson", ndjson(GOOD.slice(0, 10)));
    const one = expectSameAsOneThread([truncated, corrupt, after], { batchBytes: [undefined, 2000] });
    expect(one.stderr).toMatch(/truncated\.gz: not valid gzip: /);
    expect(one.stderr).toMatch(/corrupt\.gz: not valid gzip: /);
    // Lines before the fault were written, and the next file after.
    expect(one.stdout.toString().split("\n").length).toBeGreaterThan(2000);
    expect(one.stdout.toString()).toContain(JSON.parse(GOOD[9]).RayID);
  }, 120_000);

  it("an unreadable file between readable ones", () => {
    const good = file("good.ndjson", mixed(50));
    const one = expectSameAsOneThread([good, join(work, "missing.ndjson"), work, good]);
    expect(one.stderr).toMatch(/missing\.ndjson: cannot read: ENOENT/);
    expect(one.stderr).toMatch(/: cannot read: EISDIR/);
  }, 60_000);

  // Where a failing output is noticed depends on buffering, with one thread too: the reports printed before
  // the stop vary in number, so these runs are held to the same status and last line, and reports that
  // are the start of the full run's, same numbers, same order.
  const expectSameStop = (args: readonly string[], redirect: string, last: RegExp, status: number) => {
    const full = run(args).stderr.split("\n").slice(0, -2);
    expect(full.length).toBeGreaterThan(10);
    for (const jobs of [1, 2, 3]) {
      const stopped = runShell(["--jobs", String(jobs), ...args], redirect);
      expect({ jobs, status: stopped.status, signal: stopped.signal }).toEqual({ jobs, status, signal: null });
      const lines = stopped.stderr.split("\n").slice(0, -1);
      expect(lines.at(-1)).toMatch(last);
      const reports = lines.slice(0, -1);
      expect(reports).toEqual(full.slice(0, reports.length));
    }
  };

  it("a reader that closes standard output early (| head): status 0, reading stops", () => {
    const big = file("big.ndjson", mixed(4000));
    expectSameStop(
      [big, big, big],
      "| head -c 100 > /dev/null",
      /^normalise: standard output was closed by its reader; stopped after \(n\) events$/,
      0,
    );
  }, 120_000);

  it("a failing standard output (a full disk): status 1, reading stops", () => {
    if (!existsSync("/dev/full")) return;
    const big = file("full.ndjson", mixed(4000));
    expectSameStop(
      [big, big],
      "> /dev/full",
      /^normalise: cannot write the output \(ENOSPC\); stopped after \(n\) events, which may not all have been written$/,
      1,
    );
  }, 60_000);

  it("any mix of good, warning, bad, blank, BOM, validation and invalid UTF-8 lines, any batch size (property)", () => {
    const kinds = fc.constantFrom<(index: number) => string | Buffer>(
      (index) => GOOD[index % GOOD.length],
      (index) => WARNS(index),
      () => NOT_JSON,
      () => NOT_RECORD,
      () => "",
      () => " \t",
      () => VALIDATION,
      () => BAD_UTF8,
      (index) => `\uFEFF${GOOD[index % GOOD.length]}`,
    );
    fc.assert(
      fc.property(
        fc.array(kinds, { minLength: 1, maxLength: 60 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 3000 }),
        (lines, crlf, gzip, batchBytes) => {
          const text = ndjson(
            lines.map((kind, index) => kind(index)),
            crlf ? "\r\n" : "\n",
          );
          expectSameAsOneThread(["-"], { input: gzip ? gzipSync(text) : text, batchBytes: [batchBytes] });
        },
      ),
      { numRuns: 12 },
    );
  }, 240_000);
});

describe("normalise --jobs: usage and failures", () => {
  it("a --jobs that is not 1 to 64 is a usage error naming --jobs, status 2", () => {
    for (const jobs of ["0", "65", "two", "1.5", "-1", ""]) {
      const result = run([`--jobs=${jobs}`], { input: `${GOOD[0]}\n` });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(
        new RegExp(
          `^--jobs: expected a whole number of threads from 1 to 64, got "${jobs.replace(".", "\\.")}"\\n\\nUsage:`,
        ),
      );
      expect(result.stdout.length).toBe(0);
    }
    expect(run(["--help"]).stdout.toString()).toMatch(
      /--jobs N +normalise in N threads \(1 to 64; default 1; no more threads/,
    );
  });

  it("a missing worker file fails at once, saying so, status 1; --jobs 1 does not need it", () => {
    const copy = `${BUILD}-no-worker`;
    cpSync(BUILD, copy, { recursive: true });
    try {
      rmSync(join(copy, "components", "normaliser", "jobs-worker.js"));
      const cli = join(copy, "components", "normaliser", "cli.js");
      const broken = run(["--jobs", "2"], { cli, input: `${GOOD[0]}\n` });
      expect(broken).toMatchObject({ status: 1, signal: null });
      expect(broken.stdout.length).toBe(0);
      expect(broken.stderr).toMatch(
        /^normalise: --jobs needs the compiled worker .*jobs-worker\.js, which is missing; run "npm run build"\n$/,
      );
      expect(run([], { cli, input: `${GOOD[0]}\n` }).status).toBe(0);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 60_000);
});
