/**
 * `--jobs` cuts each input into batches of whole lines in the main thread;
 * the workers split them into lines. Together they must give exactly the
 * lines one reader gives, in order, with a line too long to read in its place
 * (and never held), whatever the chunks and the batch size.
 */
import fc from "fast-check";
import { Batcher, batchBytesFrom, BATCH_BYTES, type Piece } from "../components/normaliser/batches";
import { LineSplitter, TOO_LONG } from "../components/normaliser/lines";

type Line = string | typeof TOO_LONG;

/** What one reader sees: the single-threaded path. */
function linesOfOneReader(chunks: readonly Buffer[], maxBytes: number): Line[] {
  const lines: Line[] = [];
  const splitter = new LineSplitter((line) => lines.push(line), maxBytes);
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return lines;
}

/** What the batches give: each split as a worker splits it, a TOO_LONG piece as one line. */
function linesOfBatches(pieces: readonly Piece[], maxBytes: number): { lines: Line[]; firsts: (boolean | null)[] } {
  const lines: Line[] = [];
  /** Each piece's `first`, null for a TOO_LONG piece. */
  const firsts: (boolean | null)[] = [];
  for (const piece of pieces) {
    if (piece === TOO_LONG) {
      lines.push(TOO_LONG);
      firsts.push(null);
      continue;
    }
    // Each batch in an ArrayBuffer of its own, so that sending it to a worker detaches nothing else.
    expect(piece.bytes.byteOffset).toBe(0);
    expect(piece.bytes.buffer.byteLength).toBe(piece.bytes.length);
    firsts.push(piece.first);
    const splitter = new LineSplitter((line) => lines.push(line), maxBytes);
    splitter.push(piece.bytes);
    splitter.end();
  }
  return { lines, firsts };
}

function cut(chunks: readonly Buffer[], batchBytes: number, maxBytes: number, fails = false): Piece[] {
  const batcher = new Batcher(batchBytes, maxBytes);
  const pieces = chunks.flatMap((chunk) => batcher.push(chunk));
  return [...pieces, ...(fails ? batcher.abandon() : batcher.end())];
}

const lineArbitrary = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("", "\r", "x\r", "\uFEFF{}"),
  fc.string({ minLength: 17, maxLength: 60 }), // longer than maxBytes below
);

const inputArbitrary = fc
  .record({
    lines: fc.array(lineArbitrary, { maxLength: 30 }),
    lastNewline: fc.boolean(),
    cuts: fc.array(fc.nat(), { maxLength: 12 }),
  })
  .map(({ lines, lastNewline, cuts }) => {
    const bytes = Buffer.from(lines.join("\n") + (lastNewline ? "\n" : ""));
    const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
    const chunks: Buffer[] = [];
    let from = 0;
    for (const to of [...at, bytes.length]) {
      chunks.push(bytes.subarray(from, to));
      from = to;
    }
    return chunks;
  });

describe("Batcher", () => {
  it("gives the lines one reader gives, in order, for any chunks, batch size and long lines (property)", () => {
    fc.assert(
      fc.property(inputArbitrary, fc.integer({ min: 1, max: 64 }), (chunks, batchBytes) => {
        const { lines, firsts } = linesOfBatches(cut(chunks, batchBytes, 16), 16);
        expect(lines).toEqual(linesOfOneReader(chunks, 16));
        // A batch starts the input (its first line may carry a byte order mark) when it is the first piece.
        expect(firsts).toEqual(firsts.map((first, index) => (first === null ? null : index === 0)));
      }),
      { numRuns: 500 },
    );
  });

  it("on a failing input, gives the whole lines read before the fault and drops the line cut short", () => {
    const chunks = [Buffer.from("a\nbb\ncc"), Buffer.from("c")];
    const { lines } = linesOfBatches(cut(chunks, 1024, 16, true), 16);
    expect(lines).toEqual(["a", "bb"]);
  });

  it("cuts at the first newline past the batch size", () => {
    const pieces = cut([Buffer.from("aaaa\nbbbb\ncccc\n")], 6, 100);
    expect(pieces.map((piece) => (piece === TOO_LONG ? "TOO_LONG" : piece.bytes.toString()))).toEqual([
      "aaaa\nbbbb\n",
      "cccc\n",
    ]);
  });

  it("never holds a line above maxBytes: the lines before it go at once, its bytes are dropped as they come", () => {
    const batcher = new Batcher(1024, 8);
    expect(batcher.push(Buffer.from("ok\n12345"))).toEqual([]);
    const before = batcher.push(Buffer.from("6789")); // 9 bytes of one line: too long
    expect(before.map((piece) => (piece === TOO_LONG ? piece : piece.bytes.toString()))).toEqual(["ok\n"]);
    expect(batcher.push(Buffer.from("x".repeat(100)))).toEqual([]);
    const after = batcher.push(Buffer.from("y\nnext\n"));
    expect(after).toEqual([TOO_LONG]);
    expect(batcher.end().map((piece) => (piece === TOO_LONG ? piece : piece.bytes.toString()))).toEqual(["next\n"]);
  });

  it("a line at exactly maxBytes is read; one byte more is TOO_LONG", () => {
    const lines = (text: string) => linesOfBatches(cut([Buffer.from(text)], 4, 8), 8).lines;
    expect(lines("12345678\n")).toEqual(["12345678"]);
    expect(lines("123456789\n")).toEqual([TOO_LONG]);
  });
});

describe("batchBytesFrom (NORMALISE_BATCH_BYTES, for tests)", () => {
  it("takes a positive whole number of bytes", () => {
    expect(batchBytesFrom({ NORMALISE_BATCH_BYTES: "1" })).toBe(1);
    expect(batchBytesFrom({ NORMALISE_BATCH_BYTES: "4096" })).toBe(4096);
  });

  it("falls back to BATCH_BYTES when unset or not a positive whole number", () => {
    for (const text of [undefined, "0", "-1", "1.5", "abc", "", "12345678901"]) {
      expect(batchBytesFrom({ NORMALISE_BATCH_BYTES: text })).toBe(BATCH_BYTES);
    }
  });
});
