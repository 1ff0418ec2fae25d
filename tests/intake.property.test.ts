/**
 * Property tests of issue #12: random bytes, random gzip and random JSON never
 * crash the local intake nor the normaliser CLI, and every event the intake
 * acknowledges is in the ECS file exactly once, in order.
 */
import * as http from "node:http";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { GUIDE_FIELDS } from "../components";
import { normalise } from "../components/normaliser";
import { main as normaliseCli } from "../components/normaliser/cli";
import { recordLine } from "../components/sandbox/emulator";
import { generateRecords } from "../components/sandbox/generator";
import { startIntake, type LocalIntake } from "../components/sandbox/intake-server";

const KEY = "QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT";
const RUNS = 25;
const records = [...generateRecords(50, { seed: 7 })].map((r) => recordLine(r, GUIDE_FIELDS, "unixnano"));

let dir: string;
let intake: LocalIntake;
let ecsFile: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "intake-property-"));
  ecsFile = join(dir, "ecs.ndjson");
  intake = await startIntake({ intakeKey: KEY, ecsFile, maxBodyBytes: 256 * 1024, maxEventsPerRequest: 500 });
});
afterAll(async () => {
  await intake.close();
  rmSync(dir, { recursive: true, force: true });
});

function post(body: Buffer, gzip: boolean): Promise<{ status: number; ids: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${intake.origin}/plain/batch`,
      {
        method: "POST",
        headers: { "X-SEKOIAIO-INTAKE-KEY": KEY, Connection: "close", ...(gzip && { "Content-Encoding": "gzip" }) },
      },
      (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => {
          const json = JSON.parse(text) as { event_ids?: string[] };
          resolve({ status: res.statusCode ?? 0, ids: json.event_ids?.length ?? 0 });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const fileMessages = (): string[] =>
  existsSync(ecsFile)
    ? readFileSync(ecsFile, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { message: string }).message)
    : [];

/** What the intake must keep of a body: the lines that become ECS events, in order. */
const expectedEvents = (text: string): string[] =>
  text
    .split("\n")
    .map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l))
    .filter((l) => l.trim() !== "" && normalise(l, { original: l }).kind === "event");

// Lines a sender might send: real records, records with a field changed, any JSON, any text.
const line = fc.oneof(
  fc.constantFrom(...records),
  fc
    .tuple(fc.constantFrom(...records), fc.constantFrom("Action", "ClientIP", "Datetime", "RayID"), fc.jsonValue())
    .map(([r, k, v]) => JSON.stringify({ ...(JSON.parse(r) as object), [k]: v })),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string(),
  fc.constant('{"content":"tests"}'),
);

describe("the intake under random input", () => {
  it("random bytes, plain or as a gzip body: an answer (200, 400 or 413), never a crash; the next request is served", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.boolean(), async (bytes, gzip) => {
        const { status } = await post(Buffer.from(bytes), gzip);
        expect([200, 400, 413]).toContain(status);
      }),
      { numRuns: RUNS },
    );
    expect((await post(Buffer.from(records[0]), false)).status).toBe(200);
  }, 60_000);

  it("random gzip (valid, cut short or corrupted): an answer, never a crash", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 30 }), fc.nat(), fc.nat(255), async (lines, at, flip) => {
        const body = gzipSync(lines.join("\n"));
        const broken = Buffer.from(body);
        broken[at % broken.length] ^= flip;
        const { status } = await post(broken.subarray(0, Math.max(1, at % (broken.length + 1))), true);
        expect([200, 400, 413]).toContain(status);
      }),
      { numRuns: RUNS },
    );
  }, 60_000);

  it("random JSON lines: one ID per non-blank line, and each event in the ECS file exactly once, in order", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 40 }), fc.boolean(), async (lines, gzip) => {
        const before = fileMessages().length;
        const text = lines.join("\n");
        const body = Buffer.from(text, "utf8");
        const { status, ids } = await post(gzip ? gzipSync(body) : body, gzip);
        expect(status).toBe(200);
        expect(ids).toBe(text.split("\n").filter((l) => l.trim() !== "").length);
        expect(fileMessages().slice(before)).toEqual(expectedEvents(text));
      }),
      { numRuns: RUNS },
    );
    expect(fileMessages()).toHaveLength(intake.stats.normalised);
  }, 120_000);
});

describe("the normaliser CLI under random input", () => {
  it("random bytes (plain or gzip): status 0 or 1, one output line per event counted, never a throw", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b)),
          fc.array(line, { maxLength: 20 }).map((l) => gzipSync(l.join("\n"))),
        ),
        async (input) => {
          const stdout = new PassThrough();
          const stderr = new PassThrough();
          const out: Buffer[] = [];
          const err: Buffer[] = [];
          stdout.on("data", (c: Buffer) => out.push(c));
          stderr.on("data", (c: Buffer) => err.push(c));
          const status = await normaliseCli([], { stdin: Readable.from([input]), stdout, stderr });
          expect([0, 1]).toContain(status);
          const events = Buffer.concat(out).toString("utf8").split("\n").filter(Boolean);
          const summary = /(\d+) events/.exec(Buffer.concat(err).toString("utf8"));
          expect(Number(summary?.[1])).toBe(events.length);
          // Every message line is printable: no control character reaches the terminal.
          // eslint-disable-next-line no-control-regex
          expect(Buffer.concat(err).toString("utf8")).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  }, 60_000);
});
