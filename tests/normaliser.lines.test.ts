/**
 * LineSplitter: every line once, in order, however the input is cut into
 * chunks; and, for a valid UTF-8 line, the bytes it hands on are exactly the
 * ones the line was decoded from (the intake copies `message` from them).
 */
import fc from "fast-check";
import { LineSplitter, TOO_LONG } from "../components/normaliser/lines";

interface Seen {
  line: string | typeof TOO_LONG;
  invalidUtf8: boolean;
  bytes?: Buffer;
}

/** Splits `input`, cut at `cuts`, and records what each line came with (bytes copied: valid only during the call). */
function split(input: Buffer, cuts: readonly number[], maxBytes?: number): Seen[] {
  const seen: Seen[] = [];
  const splitter = new LineSplitter((line, invalidUtf8, bytes) => {
    const copy = bytes && Buffer.from(bytes.source.subarray(bytes.start, bytes.end));
    seen.push({ line, invalidUtf8, ...(copy !== undefined && { bytes: copy }) });
  }, maxBytes);
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    splitter.push(input.subarray(from, Math.max(from, cut)));
    from = Math.max(from, cut);
  }
  splitter.push(input.subarray(from));
  splitter.end();
  return seen;
}

describe("LineSplitter", () => {
  it("hands on each valid line's own bytes (no newline, no carriage return), across chunks", () => {
    const input = Buffer.from('{"a":"é"}\r\n\n{"b":2}\r\nlast');
    const seen = split(input, [3, 11, 12, 16]);
    expect(seen.map((s) => s.line)).toEqual(['{"a":"é"}', "", '{"b":2}', "last"]);
    expect(seen.map((s) => s.bytes?.toString("utf8"))).toEqual(['{"a":"é"}', "", '{"b":2}', "last"]);
  });

  it("gives no bytes for a line that is not valid UTF-8 (read with U+FFFD), nor for one too long", () => {
    const input = Buffer.concat([
      Buffer.from('{"a":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}\n'),
      Buffer.alloc(40, 0x61),
    ]);
    const seen = split(input, [7], 32);
    expect(seen).toEqual([
      { line: '{"a":"\ufffd("}', invalidUtf8: true },
      { line: TOO_LONG, invalidUtf8: false },
    ]);
  });

  it("a real U+FFFD in valid UTF-8 is not taken for a bad byte", () => {
    expect(split(Buffer.from("\ufffd\n"), [])).toEqual([
      { line: "\ufffd", invalidUtf8: false, bytes: Buffer.from("\ufffd") },
    ]);
  });

  it("for any text cut anywhere: the same lines as splitting the whole, and each valid line's bytes decode to it", () => {
    const text = fc.array(fc.oneof(fc.string({ unit: "grapheme" }), fc.constantFrom("\r", "\n", "\r\n", "é", "😀")), {
      maxLength: 30,
    });
    const raw = fc.uint8Array({ maxLength: 8 }).map((bytes) => Buffer.from(bytes).toString("latin1"));
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            text.map((parts) => parts.join("")),
            raw,
          ),
          { maxLength: 5 },
        ),
        fc.array(fc.nat(400), { maxLength: 10 }),
        (parts, cuts) => {
          const input = Buffer.concat(parts.map((part, i) => Buffer.from(part, i % 2 === 0 ? "utf8" : "latin1")));
          const whole = split(input, []);
          const cutUp = split(input, cuts);
          expect(cutUp).toEqual(whole);
          for (const { line, invalidUtf8, bytes } of cutUp) {
            if (line === TOO_LONG || invalidUtf8) expect(bytes).toBeUndefined();
            else expect(bytes?.toString("utf8")).toBe(line);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
