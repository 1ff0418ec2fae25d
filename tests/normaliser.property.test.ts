/** Properties (fast-check): never throws, valid JSON out, order kept, lines conserved. */
import fc from "fast-check";
import { Readable, Writable } from "node:stream";
import { FIELD_NAMES } from "../components/fields";
import { normalise } from "../components/normaliser";
import { main } from "../components/normaliser/cli";
import { normaliseRecord } from "../components/normaliser/core";
import { syntheticLines } from "../components/normaliser/synthetic";

/** A record with any subset of the real field names, each with any JSON value (or a plausible one). */
const recordArbitrary = fc.dictionary(
  fc.oneof(fc.constantFrom(...FIELD_NAMES, "__proto__", "constructor", "content"), fc.string()),
  fc.oneof(
    fc.jsonValue(),
    fc.string(),
    fc.integer(),
    fc.constantFrom("block", "2022-07-12T12:57:06Z", "192.0.2.1", ""),
  ),
);

function expectWellFormed(result: ReturnType<typeof normalise>): void {
  expect(["event", "skip", "error"]).toContain(result.kind);
  if (result.kind === "event") {
    expect(JSON.parse(JSON.stringify(result.event))).toEqual(result.event);
    expect(result.warnings.every((warning) => typeof warning === "string")).toBe(true);
  } else {
    expect(typeof result.reason).toBe("string");
  }
}

describe("normalise()", () => {
  it("never throws and gives valid JSON for any JSON value, as an object or as text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), recordArbitrary), (value) => {
        expectWellFormed(normalise(value));
        expectWellFormed(normalise(JSON.stringify(value) ?? "null"));
      }),
      { numRuns: 500 },
    );
  });

  it("never throws for any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => expectWellFormed(normalise(text))),
      { numRuns: 500 },
    );
  });

  it("gives the CLI's shared events the same text as normalise()'s own copies", () => {
    const lines = [...syntheticLines(300, 11, "unixnano")];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constantFrom(...lines),
          recordArbitrary.map((record) => JSON.stringify(record)),
        ),
        (line) => {
          const shared = normaliseRecord(line, undefined, true);
          const own = normalise(line);
          expect(JSON.stringify(shared)).toBe(JSON.stringify(own));
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** Runs the CLI in-process on `input` as standard input. */
async function runCli(input: string, args: string[] = []): Promise<{ status: number; stdout: string; stderr: string }> {
  const chunks: Record<"stdout" | "stderr", string[]> = { stdout: [], stderr: [] };
  const sink = (name: "stdout" | "stderr") =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks[name].push(chunk.toString());
        done();
      },
    });
  const status = await main(args, {
    stdin: Readable.from([Buffer.from(input)]),
    stdout: sink("stdout"),
    stderr: sink("stderr"),
  });
  return { status, stdout: chunks.stdout.join(""), stderr: chunks.stderr.join("") };
}

describe("the CLI on any mix of lines", () => {
  const valid = [...syntheticLines(50, 5, "rfc3339")];
  const lineArbitrary = fc.oneof(
    fc.constantFrom(...valid).map((line) => ({ line, kind: "event" as const })),
    fc.constant({ line: '{"content":"tests"}', kind: "skip" as const }),
    fc.constant({ line: "   ", kind: "skip" as const }),
    fc
      .string()
      .filter(
        (text) =>
          !text.includes("\n") && !text.includes("\r") && text.trim() !== "" && normalise(text).kind === "error",
      )
      .map((line) => ({ line, kind: "error" as const })),
    fc
      .jsonValue()
      .filter((value) => typeof value !== "object" || value === null || Array.isArray(value))
      .map((value) => ({ line: JSON.stringify(value), kind: "error" as const })),
  );

  it("keeps the order, and events + skipped + errors = lines", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lineArbitrary, { maxLength: 40 }), fc.boolean(), async (lines, crlf) => {
        const input = lines.map((l) => l.line).join(crlf ? "\r\n" : "\n");
        const { status, stdout, stderr } = await runCli(input);
        const out = stdout === "" ? [] : stdout.trimEnd().split("\n");
        const expected = lines.filter((l) => l.kind === "event").map((l) => JSON.parse(l.line).RayID);
        expect(out.map((line) => JSON.parse(line).cloudflare.RayID)).toEqual(expected);
        const count = (kind: string) => lines.filter((l) => l.kind === kind).length;
        const summary = /(\d+) lines: (\d+) events, (\d+) skipped, (\d+) errors/.exec(stderr);
        expect(summary?.slice(1).map(Number)).toEqual([lines.length, count("event"), count("skip"), count("error")]);
        expect(status).toBe(count("error") > 0 ? 1 : 0);
      }),
      { numRuns: 60 },
    );
  });
});
