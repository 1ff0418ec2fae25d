/**
 * The compiled CLI, as users run it (`npm run --silent normalise -- ...` runs
 * `node dist/components/normaliser/cli.js`, compiled JavaScript): real gzip
 * files, standard input, bad lines, options.
 */
import { spawnSync } from "node:child_process";
import { normalise, type EcsEvent } from "../components/normaliser";
import { syntheticLines } from "../components/normaliser/synthetic";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { BUILD_TIMEOUT_MS, privateBuild, removeBuild } from "./private-build";

const ROOT = join(__dirname, "..");
const CLI_FILE = join("components", "normaliser", "cli.js");
let BUILD: string;
let CLI: string;
const FIXTURES = join(__dirname, "fixtures", "normaliser");
const BATCH_GZ = join(FIXTURES, "logpush-batch.ndjson.gz");
const SAMPLE = readFileSync(join(FIXTURES, "documented-sample.raw.ndjson"), "utf8").trim();
const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, "documented-sample.expected.json"), "utf8"));

let work: string;

beforeAll(() => {
  BUILD = privateBuild("normaliser-cli-test", [CLI_FILE]);
  CLI = join(BUILD, CLI_FILE);
  work = mkdtempSync(join(tmpdir(), "normalise-cli-"));
}, BUILD_TIMEOUT_MS);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  removeBuild(BUILD);
});

function run(args: string[], input?: string | Buffer) {
  const result = spawnSync(process.execPath, [CLI, ...args], { input, cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  const stdout = result.stdout.toString();
  return {
    status: result.status,
    /** One event per stdout line (NDJSON output only). */
    get events(): EcsEvent[] {
      return stdout === ""
        ? []
        : stdout
            .trimEnd()
            .split("\n")
            .map((line) => JSON.parse(line));
    },
    stdout,
    stderr: result.stderr.toString(),
  };
}

describe("normalise CLI", () => {
  it("normalises a real gzip Logpush file: skips the validation line, reports bad lines, keeps going, exits 1", () => {
    const { status, events, stderr } = run([BATCH_GZ]);
    expect(events.map((event) => (event.cloudflare as { RayID: string }).RayID)).toEqual([
      "77280bee38a6c461",
      "8a1b2c3d4e5f6071",
      "8a1b2c3d4e5f6072",
    ]);
    expect(events[0]).toMatchObject({
      "@timestamp": "2022-12-01T01:28:31.716000Z",
      event: { type: ["denied"], module: "cloudflare.waf" },
      source: { as: { number: 4562, organization: { name: "PERFORMIVE" } } },
      rule: { id: "100016" },
      user_agent: { name: "UC Browser", version: "11.0.5" },
    });
    expect(events[1]["@timestamp"]).toBe("2024-05-01T10:00:00.000000Z");
    expect(events[2]["@timestamp"]).toBe("2024-05-01T10:00:00.123456Z");
    expect(stderr).toMatch(/^line 4: not valid JSON: /m);
    expect(stderr).toMatch(/^line 5: not a record: expected a JSON object, got array$/m);
    expect(stderr).toMatch(/6 lines: 3 events, 1 skipped, 2 errors/);
    expect(stderr).toMatch(/lines\/s/);
    expect(status).toBe(1);
  });

  it("reads standard input, plain, by default and with -", () => {
    for (const args of [[], ["-"]]) {
      const { status, events, stderr } = run(args, `${SAMPLE}\n`);
      expect(events).toEqual([EXPECTED]);
      expect(stderr).toMatch(/1 lines: 1 events, 0 skipped, 0 errors/);
      expect(status).toBe(0);
    }
  });

  it("detects gzip by content, not by name, on stdin and in files, with concatenated members", () => {
    const member = gzipSync(`${SAMPLE}\n`);
    const file = join(work, "no-extension");
    writeFileSync(file, Buffer.concat([member, member]));
    expect(run([file]).events).toEqual([EXPECTED, EXPECTED]);
    expect(run([], Buffer.concat([member, member, member])).events).toHaveLength(3);
  });

  it("reads several files in order and names the file in each report", () => {
    const bad = join(work, "bad.ndjson");
    writeFileSync(bad, `${SAMPLE}\n{oops\n`);
    const { status, events, stderr } = run([bad, BATCH_GZ]);
    expect(events).toHaveLength(4);
    expect(stderr).toContain(`${bad}: line 2: not valid JSON`);
    expect(stderr).toContain(`${BATCH_GZ}: line 4: not valid JSON`);
    expect(status).toBe(1);
  });

  it("reports a missing file and a corrupt gzip, and still normalises the others", () => {
    const corrupt = join(work, "corrupt.gz");
    writeFileSync(corrupt, gzipSync(`${SAMPLE}\n`.repeat(50)).subarray(0, 40));
    const { status, events, stderr } = run([join(work, "missing.ndjson"), corrupt, "-"], `${SAMPLE}\n`);
    expect(stderr).toMatch(/missing\.ndjson: cannot read: ENOENT/);
    expect(stderr).toMatch(/corrupt\.gz: not valid gzip: /);
    expect(events.at(-1)).toEqual(EXPECTED);
    expect(status).toBe(1);
  });

  it("handles CRLF, a byte order mark, blank lines and a last line without newline", () => {
    const { status, events, stderr } = run([], `\uFEFF${SAMPLE}\r\n\r\n${SAMPLE}`);
    expect(events).toEqual([EXPECTED, EXPECTED]);
    expect(stderr).toMatch(/3 lines: 2 events, 1 skipped, 0 errors/);
    expect(status).toBe(0);
  });

  it("reports a line too long to hold in memory, and reads the next one", () => {
    const { status, events, stderr } = run([], `{"RayID":"${"x".repeat(9 * 1024 * 1024)}"}\n${SAMPLE}\n`);
    expect(stderr).toMatch(/^line 1: longer than 8388608 bytes; not read$/m);
    expect(events).toEqual([EXPECTED]);
    expect(status).toBe(1);
  });

  it("prints warnings and flags an oversize event without failing the run", () => {
    const big = JSON.stringify({ RayID: "x", Datetime: "soon", Metadata: { payload: "a".repeat(300 * 1024) } });
    const { status, events, stderr } = run([], `${big}\n`);
    expect(events).toHaveLength(1);
    expect(stderr).toMatch(/^line 1: warning: Datetime: unparseable value "soon"/m);
    expect(stderr).toMatch(/^line 1: warning: event above SEKOIA's 250 KiB limit/m);
    expect(stderr).toMatch(/1 oversize/);
    expect(status).toBe(0);
  });

  it("--keep-original keeps the raw line as message", () => {
    expect(run(["--keep-original"], `${SAMPLE}\n`).events).toEqual([{ message: SAMPLE, ...EXPECTED }]);
  });

  it("--keep-original: each event is the library's, byte for byte; the first line's byte order mark is not in its message", () => {
    const lines = [
      SAMPLE,
      JSON.stringify({ ...JSON.parse(SAMPLE), ClientRequestUserAgent: 'a "quoted" \\ agent é€😀', RayID: "7290a1" }),
      SAMPLE.replace('{"', '{\t"'), // a tab between tokens: JSON.stringify escapes it
      ...syntheticLines(300, 11, "rfc3339"),
    ];
    const input = `\ufeff${lines.join("\r\n")}\n`;
    const { stdout, status } = spawnSync(process.execPath, [CLI, "--keep-original"], { input, encoding: "utf8" });
    expect(status).toBe(0);
    const expected = lines.map((line) => {
      const result = normalise(line, { original: line });
      return result.kind === "event" ? JSON.stringify(result.event) : result.kind;
    });
    expect(stdout).toBe(`${expected.join("\n")}\n`);
  });

  it("a gzip file that goes bad early is closed at once: sixty of them and a good file, with 40 files open at most", () => {
    // Stored, not compressed: 3 MB on disk. The second block's header is broken, so gunzip fails 64 KiB in and
    // most of the file is never read (its descriptor must be closed all the same).
    const gz = gzipSync([...syntheticLines(4000, 3, "rfc3339")].join("\n"), { level: 0 });
    gz.fill(0xff, 10 + 5 + 65535, 10 + 5 + 65535 + 5);
    const bad = join(work, "bad.ndjson.gz");
    writeFileSync(bad, gz);
    const good = join(work, "good.ndjson");
    writeFileSync(good, `${SAMPLE}\n`);
    for (const jobs of ["1", "2"]) {
      const result = spawnSync(
        "sh",
        ["-c", 'ulimit -n 40; exec "$0" "$@"', process.execPath, CLI, "--jobs", jobs, ...Array(60).fill(bad), good],
        { maxBuffer: 1024 * 1024 * 1024 },
      );
      const stderr = result.stderr.toString();
      expect(stderr).not.toMatch(/EMFILE/);
      expect(stderr.match(/bad\.ndjson\.gz: not valid gzip/g)).toHaveLength(60);
      expect(JSON.parse(result.stdout.toString().trimEnd().split("\n").pop()!)).toEqual(EXPECTED);
    }
  }, 60_000);

  it("--pretty indents each event", () => {
    const { stdout } = run(["--pretty"], `${SAMPLE}\n`);
    expect(
      stdout.startsWith('{\n  "@timestamp": "2022-07-12T12:57:06.219000Z",\n  "event": {\n    "kind": "event",'),
    ).toBe(true);
    expect(JSON.parse(stdout)).toEqual(EXPECTED);
  });

  it("--help prints the usage; an unknown option is a usage error", () => {
    expect(run(["--help"])).toMatchObject({
      status: 0,
      stdout: expect.stringContaining("Usage: npm run --silent normalise"),
    });
    const bad = run(["--frobnicate"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Usage:");
  });
});
