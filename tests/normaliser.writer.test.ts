/**
 * The two back-ends agree: for every input, the byte writer (CLI, sandbox
 * intake) gives the bytes of JSON.stringify of the engine's event (normalise()),
 * or declines and leaves the record to the engine; it never writes an event
 * the engine would have warned about.
 */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { FIELD_NAMES } from "../components/fields";
import { normalise, SEKOIA_MAX_EVENT_BYTES } from "../components/normaliser";
import { compileTable } from "../components/normaliser/compile";
import type { LineBytes } from "../components/normaliser/lines";
import { MAPPING } from "../components/normaliser/mapping";
import { syntheticLines } from "../components/normaliser/synthetic";
import { EventWriter, NO_ROOM } from "../components/normaliser/writer";

const writer = new EventWriter();
const FIXTURES = join(__dirname, "fixtures");

/** The line's UTF-8 bytes inside a larger buffer, as a chunk holds them; none when the line is not well-formed text. */
function bytesOf(line: string): LineBytes | undefined {
  const encoded = Buffer.from(line, "utf8");
  if (encoded.toString("utf8") !== line) return undefined; // a lone surrogate: no UTF-8 decodes to it
  const source = Buffer.concat([Buffer.from('{"x":1}\n'), encoded, Buffer.from('\n"')]);
  return { source, start: 8, end: 8 + encoded.length };
}

/**
 * What the CLI writes for a line: the writer's bytes, or the engine's event serialised; undefined for no event.
 * With `bytes`, the kept message is copied from the line's bytes, as the intake does.
 */
function cliText(
  line: string,
  original: string | undefined,
  bytes?: LineBytes,
): { text: string | undefined; byWriter: boolean } {
  const length = writer.write(line, original, bytes);
  if (length >= 0) return { text: writer.bytes.toString("utf8", 0, length), byWriter: true };
  const result = normalise(line, original === undefined ? undefined : { original });
  return { text: result.kind === "event" ? JSON.stringify(result.event) : undefined, byWriter: false };
}

/** Checks one line every way (without the kept message, with it as text, with it as bytes); true when the writer wrote it. */
function expectSameBothWays(line: string): boolean {
  let written = false;
  const variants: [string | undefined, ReturnType<typeof bytesOf>][] = [
    [undefined, undefined],
    [line, undefined],
    [line, bytesOf(line)],
  ];
  for (const [original, bytes] of variants) {
    const result = normalise(line, original === undefined ? undefined : { original });
    const { text, byWriter } = cliText(line, original, bytes);
    expect(text).toBe(result.kind === "event" ? JSON.stringify(result.event) : undefined);
    if (byWriter) {
      // Only the engine words warnings: the writer declines every record that has any.
      expect(result.kind === "event" && result.warnings).toEqual([]);
      expect(result.kind === "event" && result.oversize).toBe(false);
      written = true;
    }
  }
  return written;
}

/** Hostile and broken records, as the hostile tests feed them, and the fixtures' lines. */
const deep = (levels: number): unknown => (levels === 0 ? "bottom" : { d: deep(levels - 1) });
const HOSTILE: string[] = [
  '{"RayID":"x","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"Metadata":{"__proto__":{"polluted":1}}}',
  '{"content":"tests"}',
  '{"content":"tests","RayID":"x"}',
  "xyz",
  "[1,2]",
  "null",
  '{"nothing":"mapped"}',
  JSON.stringify({ Datetime: 1657630626, ClientASN: "4562", EdgeResponseStatus: 403.5, ClientIP: 3232235777 }),
  JSON.stringify({ Metadata: "group=x", MatchIndex: true, RayID: { id: "x" } }),
  JSON.stringify({ RayID: "x", Metadata: deep(100) }),
  JSON.stringify({ RayID: "x", Metadata: deep(31) }),
  '{"Metadata":{"Datetime":1657630626000000000},"Datetime":1657630626219999999,"RayID":"x"}',
  JSON.stringify({ RayID: "x", Metadata: { payload: "a".repeat(SEKOIA_MAX_EVENT_BYTES) } }),
  JSON.stringify({ RayID: "x", Metadata: { payload: "a".repeat(SEKOIA_MAX_EVENT_BYTES - 500) } }),
  JSON.stringify({ RayID: "x", Metadata: { payload: "€".repeat(100_000) } }),
  JSON.stringify({ RayID: 'q"\\\n\u0001\u2028', ClientRequestPath: "/é€😀", ClientRequestQuery: "\ud800" }),
  JSON.stringify({ ClientRequestHost: "192.0.2.1", ClientIP: "192.0.2.1", ClientRequestUserAgent: "" }),
  JSON.stringify({ ClientRequestHost: "a.b.example.co.uk", ClientIP: "2001:db8::1", Action: "BLOCK" }),
  JSON.stringify({ ClientIP: "nope", Action: "weird", Datetime: "bad", Source: "" }),
  JSON.stringify({ Datetime: null, Metadata: {}, ClientASN: 1e21, ClientSrcPort: -0 }),
  ...readFileSync(join(FIXTURES, "normaliser", "documented-sample.raw.ndjson"), "utf8").split("\n"),
  ...gunzipSync(readFileSync(join(FIXTURES, "normaliser", "logpush-batch.ndjson.gz")))
    .toString("utf8")
    .split("\n"),
  ...readFileSync(join(FIXTURES, "sandbox", "firewall-events.ndjson"), "utf8").split("\n"),
];

/** Records with any subset of the real field names, each with any JSON value or a plausible one. */
const recordArbitrary = fc.dictionary(
  fc.oneof(fc.constantFrom(...FIELD_NAMES, "__proto__", "content"), fc.string()),
  fc.oneof(
    fc.jsonValue(),
    fc.string(),
    fc.integer(),
    fc.constantFrom("block", "allow", "2022-07-12T12:57:06Z", "192.0.2.1", "www.example.co.uk", "", 1657630626),
  ),
);

describe("the byte writer and the engine", () => {
  it.each(HOSTILE.map((line) => [line.slice(0, 60), line]))("agree on %s", (_, line) => {
    expectSameBothWays(line);
  });

  it("agree on realistic lines in every timestamp format, and the writer writes them all", () => {
    for (const format of ["rfc3339", "unixnano", "unix"] as const) {
      const lines = [...syntheticLines(400, 5, format)];
      expect(lines.filter((line) => expectSameBothWays(line))).toHaveLength(lines.length);
    }
  });

  it("agree on any record, the writer's declines included", () => {
    let written = 0;
    fc.assert(
      fc.property(fc.boolean(), recordArbitrary, (dated, record) => {
        // Without a Datetime the engine warns: half the records have one, so that many are written.
        const line = JSON.stringify(dated ? { Datetime: "2022-07-12T12:57:06Z", ...record } : record);
        if (expectSameBothWays(line)) written++;
      }),
      { numRuns: 2000 },
    );
    // The property is not vacuous: plenty of arbitrary records are written by the writer.
    expect(written).toBeGreaterThan(100);
  });

  it("agree on realistic records with some fields replaced by anything", () => {
    const lines = [...syntheticLines(200, 9, "unixnano")].map((line) => JSON.parse(line) as Record<string, unknown>);
    fc.assert(
      fc.property(fc.constantFrom(...lines), recordArbitrary, (base, changes) => {
        expectSameBothWays(JSON.stringify({ ...base, ...changes }));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("EventWriter.writeInto: the event written in place in a caller's block", () => {
  /**
   * Writes `line` (with its message, from its bytes) into a block of `size` bytes from `at`: where it fits, the
   * same bytes as `write`, nothing before `at` touched and a byte left for the newline; an engine decision
   * (-1) never depends on the room; NO_ROOM only when the room is short of the event (or of what the writer
   * reserves for its longest string: three bytes a character, two for the message's bytes).
   */
  function expectInPlace(line: string, size: number, at: number): number {
    const bytes = bytesOf(line);
    const alone = writer.write(line, line, bytes);
    const expected = alone >= 0 ? Buffer.from(writer.bytes.subarray(0, alone)) : undefined;
    const block = Buffer.alloc(size, 0x2a);
    const end = writer.writeInto(block, at, line, line, bytes);
    if (end >= 0) {
      expect(block.subarray(at, end)).toEqual(expected);
      expect(end).toBeLessThan(size);
      expect(block.subarray(0, at).every((byte) => byte === 0x2a)).toBe(true);
    } else if (end === -1) expect(alone).toBe(-1);
    else {
      expect(end).toBe(NO_ROOM);
      const reserve = 3 * line.length + 2 * Buffer.byteLength(line) + 64;
      expect(alone < 0 || at + alone + 1 > size || at + reserve > size).toBe(true);
    }
    return end;
  }

  it("realistic lines at every offset of a small block: written in place where they fit, NO_ROOM where not", () => {
    const ends = new Set<string>();
    for (const [i, line] of [...syntheticLines(300, 9, "rfc3339")].entries()) {
      const end = expectInPlace(line, 8192, (i * 97) % 8192);
      ends.add(end >= 0 ? "written" : String(end));
    }
    expect([...ends].sort()).toEqual([String(NO_ROOM), "written"]); // both sides are exercised
  });

  it("an event that would end at the block's last byte leaves no room for its newline: NO_ROOM; a byte earlier, written", () => {
    const [line] = syntheticLines(1, 3, "rfc3339");
    const bytes = bytesOf(line)!;
    const length = writer.write(line, line, bytes);
    const block = Buffer.alloc(8192);
    const place = (at: number) => writer.writeInto(block, at, line, line, bytes);
    expect(place(8192 - length)).toBe(NO_ROOM);
    expect(place(8192 - length - 1)).toBe(8191);
  });

  it("hostile records, and any record, at any offset", () => {
    for (const line of HOSTILE) for (const at of [0, 100, 4000]) expectInPlace(line, 4096, at);
    fc.assert(
      fc.property(recordArbitrary, fc.nat(3000), (record, at) => {
        expectInPlace(JSON.stringify({ Datetime: "2022-07-12T12:57:06Z", ...record }), 3072, at);
      }),
      { numRuns: 1000 },
    );
  });

  it("in a block as large as the writer's own buffer, from its start, it is exactly write()", () => {
    for (const line of HOSTILE) expect(expectInPlace(line, 2 * SEKOIA_MAX_EVENT_BYTES, 0)).not.toBe(NO_ROOM);
  });
});

describe("EventWriter.sourceValue", () => {
  it("gives the last record's value of a field the table reads, and nothing for other fields", () => {
    const own = new EventWriter();
    expect(own.write(JSON.stringify({ Datetime: 1657630626, RayID: "7f3a", Other: "x" }), undefined)).toBeGreaterThan(
      0,
    );
    expect(own.sourceValue("RayID")).toBe("7f3a");
    expect(own.sourceValue("Other")).toBeUndefined();
    expect(own.sourceValue("ClientIP")).toBeUndefined();
  });
});

describe("a row added to the table", () => {
  it("is written by a writer compiled from that table, with no change to the writer", () => {
    const rows = [...MAPPING];
    const at = rows.findIndex((row) => row.ecs === "cloudflare.RayID");
    rows.splice(at + 1, 0, { ecs: "cloudflare.FraudUserID", from: "FraudUserID", type: "string" });
    const extended = new EventWriter(compileTable(rows));
    const line = JSON.stringify({ Datetime: 1657630626, RayID: "r1", FraudUserID: "u-42", EdgeColoCode: "FRA" });
    const length = extended.write(line, undefined);
    const event = JSON.parse(extended.bytes.toString("utf8", 0, length)) as { cloudflare: Record<string, unknown> };
    expect(Object.keys(event.cloudflare)).toEqual(["RayID", "FraudUserID", "EdgeColoCode"]);
    expect(event.cloudflare.FraudUserID).toBe("u-42");
  });

  it("reads a record's own fields only, also once Object.prototype has a field's name (after the writer is warm)", () => {
    const warm = new EventWriter();
    const line = JSON.stringify({ Datetime: 1657630626, RayID: "r1", EdgeColoCode: "FRA" });
    // Enough calls for V8 to optimise the generated code, which assumes Object.prototype has no field names.
    for (let i = 0; i < 20_000; i++) warm.write(line, undefined);
    const expected = warm.bytes.toString("utf8", 0, warm.write(line, undefined));
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.Action = "block";
    prototype.ClientIP = "192.0.2.1";
    try {
      const length = warm.write(line, undefined);
      expect(length).toBeGreaterThan(0);
      expect(warm.bytes.toString("utf8", 0, length)).toBe(expected);
      expect(expected).not.toContain("192.0.2.1");
      // The record's own value is still read when it has one.
      const own = warm.write(JSON.stringify({ Datetime: 1657630626, RayID: "r2", Action: "log" }), undefined);
      expect(warm.bytes.toString("utf8", 0, own)).toContain('"action":"log"');
    } finally {
      delete prototype.Action;
      delete prototype.ClientIP;
    }
  });

  it("the table's own ZoneName row (account-scoped jobs) is written by the default writer as by the engine", () => {
    const writer = new EventWriter();
    const record = { Datetime: 1657630626, RayID: "r1", ZoneName: "example.com", EdgeColoCode: "FRA" };
    const length = writer.write(JSON.stringify(record), undefined);
    const event = JSON.parse(writer.bytes.toString("utf8", 0, length)) as { cloudflare: Record<string, unknown> };
    expect(Object.keys(event.cloudflare)).toEqual(["RayID", "ZoneName", "EdgeColoCode"]);
    const engine = normalise(record);
    expect(engine.kind === "event" && engine.event).toEqual(event);
  });
});
