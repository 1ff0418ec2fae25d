/** The local SEKOIA intake, over real HTTP: what it accepts, refuses, and writes. */
import * as http from "node:http";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { startIntake, type LocalIntake } from "../components/sandbox/intake-server";
import { generateRecords } from "../components/sandbox/generator";
import { recordLine } from "../components/sandbox/emulator";
import { GUIDE_FIELDS } from "../components";
import { normalise } from "../components/normaliser";

const KEY = "QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT";
let intake: LocalIntake;
let ecsFile: string;

beforeEach(async () => {
  ecsFile = join(mkdtempSync(join(tmpdir(), "intake-")), "ecs.ndjson");
  intake = await startIntake({ intakeKey: KEY, ecsFile });
});
afterEach(() => intake.close());

function post(
  path: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
  method = "POST",
): Promise<{ status: number; json: { event_ids?: string[]; message?: string } | undefined }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${intake.origin}${path}`,
      { method, headers: { Connection: "close", ...headers } },
      (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const withKey = (extra: Record<string, string> = {}) => ({ "X-SEKOIAIO-INTAKE-KEY": KEY, ...extra });
const lines = [...generateRecords(5, { seed: 2 })].map((r) => recordLine(r, GUIDE_FIELDS, "rfc3339"));
const ecsLines = () =>
  existsSync(ecsFile)
    ? readFileSync(ecsFile, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];

describe("accepted", () => {
  it.each(["/plain/batch", "/api/v1/intake-http/plain/batch"])(
    "gzip NDJSON on %s: one event ID per event, each normalised into the ECS file",
    async (path) => {
      const { status, json } = await post(
        path,
        gzipSync(lines.join("\n") + "\n"),
        withKey({ "Content-Encoding": "gzip" }),
      );
      expect(status).toBe(200);
      expect(json?.event_ids).toHaveLength(5);
      expect(new Set(json?.event_ids).size).toBe(5);
      await intake.close();
      const ecs = ecsLines();
      expect(ecs.map((e) => e.message)).toEqual(lines);
      expect(ecs.map((e) => e.cloudflare.RayID)).toEqual(lines.map((l) => JSON.parse(l).RayID));
      expect(ecs[0].observer).toEqual({ vendor: "Cloudflare", type: "firewall" });
    },
  );

  it("a large batch: the ECS file is byte for byte the engine's events, in order, across blocks and around large events", async () => {
    // 2,000 events of about 2.3 KB in ECS fill several 256 KiB blocks, the writer's written in place; events of
    // 100 KB and 200 KB (the engine's: too long for the writer) and a record that is not one come in between.
    const big = (bytes: number, i: number) =>
      JSON.stringify({ ...JSON.parse(many[i]), Metadata: { note: `"q" \\ ${"m".repeat(bytes)}` } });
    const many = [...generateRecords(2_000, { seed: 5 })].map((r) => recordLine(r, GUIDE_FIELDS, "rfc3339"));
    const batch = many.flatMap((line, i) =>
      i === 150 ? [big(100_000, i), line] : i === 700 ? [big(200_000, i), line] : i === 900 ? ["{}", line] : [line],
    );
    const { status, json } = await post(
      "/plain/batch",
      gzipSync(batch.join("\n")),
      withKey({ "Content-Encoding": "gzip" }),
    );
    expect(status).toBe(200);
    expect(json?.event_ids).toHaveLength(batch.length);
    await intake.close();
    const expected = batch.flatMap((line) => {
      const result = normalise(line, { original: line });
      return result.kind === "event" ? [JSON.stringify(result.event)] : [];
    });
    expect(expected).toHaveLength(batch.length - 1); // "{}" is not a record
    expect(readFileSync(ecsFile, "utf8")).toBe(`${expected.join("\n")}\n`);
  });

  it("a plain body too", async () => {
    const { status, json } = await post("/plain/batch", lines.slice(0, 2).join("\n"), withKey());
    expect(status).toBe(200);
    expect(json?.event_ids).toHaveLength(2);
  });

  it("Cloudflare's validation upload, which is not an event: nothing is written", async () => {
    const { status, json } = await post(
      "/plain/batch",
      gzipSync('{"content":"tests"}\n'),
      withKey({ "Content-Encoding": "gzip" }),
    );
    expect(status).toBe(200);
    expect(json?.event_ids).toHaveLength(1);
    await intake.close();
    expect(intake.stats).toMatchObject({ validations: 1, accepted: 0 });
    expect(ecsLines()).toHaveLength(0);
  });

  it("a line that is not a firewall_events record is accepted but counted as not normalised", async () => {
    const { json } = await post("/plain/batch", "hello\n" + lines[0], withKey());
    expect(json?.event_ids).toHaveLength(2);
    expect(intake.stats).toMatchObject({ accepted: 2, normalised: 1, notNormalised: 1 });
  });
});

describe("refused", () => {
  it.each([
    ["no key", {}],
    ["a wrong key", { "X-SEKOIAIO-INTAKE-KEY": "not-the-key" }],
    ["the key with a different case", { "X-SEKOIAIO-INTAKE-KEY": KEY.toLowerCase() }],
  ])("%s → 401, nothing accepted", async (_name, headers) => {
    const { status, json } = await post("/plain/batch", lines.join("\n"), headers);
    expect(status).toBe(401);
    expect(json?.event_ids).toBeUndefined();
    expect(intake.stats).toMatchObject({ unauthorised: 1, accepted: 0 });
  });

  it("an event over 250 KiB gets no ID; the rest of the batch is kept", async () => {
    const big = JSON.stringify({ RayID: "b", ClientRequestPath: "x".repeat(260 * 1024) });
    const { status, json } = await post("/plain/batch", [lines[0], big, lines[1]].join("\n"), withKey());
    expect(status).toBe(200);
    expect(json?.event_ids).toHaveLength(2);
    expect(intake.stats).toMatchObject({ accepted: 2, refused: 1 });
  });

  it("a batch of nothing but oversized events → 413", async () => {
    const big = JSON.stringify({ RayID: "b", ClientRequestPath: "x".repeat(260 * 1024) });
    expect((await post("/plain/batch", big, withKey())).status).toBe(413);
  });

  it.each([
    ["another path", "/batch", "POST", 404],
    ["GET", "/plain/batch", "GET", 405],
  ])("%s → %s", async (_name, path, method, status) => {
    expect((await post(path, "", withKey(), method)).status).toBe(status);
  });

  it("a body that claims gzip but is not → 400", async () => {
    expect((await post("/plain/batch", "not gzip", withKey({ "Content-Encoding": "gzip" }))).status).toBe(400);
  });

  it("an encoding other than gzip → 415", async () => {
    expect((await post("/plain/batch", "x", withKey({ "Content-Encoding": "br" }))).status).toBe(415);
  });

  it("a body above the limit once decompressed → 413", async () => {
    await intake.close();
    intake = await startIntake({ intakeKey: KEY, maxBodyBytes: 1000 });
    const { status } = await post("/plain/batch", gzipSync("x".repeat(5000)), withKey({ "Content-Encoding": "gzip" }));
    expect(status).toBe(413);
  });
});

it("after close, the port no longer answers", async () => {
  await intake.close();
  await expect(post("/plain/batch", lines[0], withKey())).rejects.toThrow(/ECONNREFUSED/);
});
