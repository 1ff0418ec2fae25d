/** Replaying a real Logpush archive: plain or gzip, bad lines reported, Datetime kept exactly. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { recordLine } from "../components/sandbox/emulator";
import { replayFile, type ReplayProblem } from "../components/sandbox/replay";

const FIXTURE = join(__dirname, "fixtures/sandbox/firewall-events.ndjson");

async function replay(path: string) {
  const problems: ReplayProblem[] = [];
  const records = [];
  for await (const r of replayFile(path, (p) => problems.push(p))) records.push(r);
  return { records, problems };
}

it("yields every record in order, skips the validation line and blank lines, reports the bad one", async () => {
  const { records, problems } = await replay(FIXTURE);
  expect(records.map((r) => r.RayID)).toEqual([
    "7299f155dda47d6b",
    "7299f15f0a1b2c3d",
    "7299f1601a2b3c4d",
    "7299f1702b3c4d5e",
  ]);
  expect(problems).toEqual([{ line: 6, reason: expect.stringMatching(/not valid JSON/) }]);
});

it("reads Datetime in whatever format it was archived, unixnano to the nanosecond", async () => {
  const { records } = await replay(FIXTURE);
  expect(records.map((r) => recordLine(r, ["Datetime"], "rfc3339ns"))).toEqual([
    '{"Datetime":"2022-07-12T12:57:06.219000001Z"}',
    '{"Datetime":"2022-07-12T12:58:00.000000000Z"}',
    '{"Datetime":"2022-07-12T12:58:20.000000000Z"}',
    '{"Datetime":"2022-07-12T12:59:30.123456789Z"}',
  ]);
  expect(recordLine(records[0], ["Datetime"], "unixnano")).toBe('{"Datetime":1657630626219000001}');
});

it("a gzip archive (told by content, not name) gives the same records", async () => {
  const gz = join(mkdtempSync(join(tmpdir(), "replay-")), "archive.log");
  writeFileSync(gz, gzipSync(readFileSync(FIXTURE)));
  expect(await replay(gz)).toEqual(await replay(FIXTURE));
});
