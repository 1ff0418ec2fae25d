/** Logpush batching: closed at the first limit reached, nothing lost, reordered or repeated. */
import fc from "fast-check";
import { Batcher, batchBody, type Batch, type BatchLimits } from "../components/sandbox/batching";

function run(lines: string[], limits: BatchLimits, times?: bigint[]): Batch[] {
  const b = new Batcher(limits);
  return [...lines.flatMap((l, i) => b.add(l, times?.[i])), ...b.flush()];
}

const size = (l: string) => Buffer.byteLength(l) + 1;

describe("batches", () => {
  it("close at max records, the rest in the last batch", () => {
    const lines = Array.from({ length: 2500 }, (_, i) => `{"i":${i}}`);
    expect(run(lines, { maxUploadRecords: 1000 }).map((b) => b.lines.length)).toEqual([1000, 1000, 500]);
  });

  it("close before a line that would go past max bytes", () => {
    const batches = run(["aaaa", "bbbb", "cccc"], { maxUploadBytes: 10 });
    expect(batches.map((b) => b.lines)).toEqual([["aaaa", "bbbb"], ["cccc"]]);
    expect(batches[0].bytes).toBe(10);
  });

  it("a line larger than max bytes travels alone", () => {
    expect(run(["a", "x".repeat(50), "b"], { maxUploadBytes: 10 }).map((b) => b.lines.length)).toEqual([1, 1, 1]);
  });

  it("close when the next event is past the interval, in event time", () => {
    const s = 1_000_000_000n;
    const batches = run(["a", "b", "c", "d"], { maxUploadIntervalSeconds: 30 }, [0n, 10n * s, 30n * s, 31n * s]);
    expect(batches.map((b) => b.lines)).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });

  it("with every limit off, one batch holds everything", () => {
    expect(run(["a", "b", "c"], { maxUploadBytes: 0, maxUploadRecords: 0 })).toHaveLength(1);
  });

  it("the body is NDJSON: each line ended by a newline", () => {
    expect(batchBody({ index: 1, lines: ['{"a":1}', '{"b":2}'], bytes: 16 })).toBe('{"a":1}\n{"b":2}\n');
  });
});

describe("properties", () => {
  const lines = fc.array(fc.string({ minLength: 0, maxLength: 40 }), { maxLength: 200 });
  const limits = fc.record({
    maxUploadRecords: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 })),
    maxUploadBytes: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 400 })),
  });

  it("the batches, in order, are exactly the input", () => {
    fc.assert(
      fc.property(lines, limits, (ls, l) => {
        const batches = run(ls, l);
        expect(batches.flatMap((b) => b.lines)).toEqual(ls);
        expect(batches.map((b) => b.index)).toEqual(batches.map((_, i) => i + 1));
      }),
    );
  });

  it("no batch goes past a limit (but a single oversized line), and every batch but the last was closed by one", () => {
    fc.assert(
      fc.property(lines, limits, (ls, l) => {
        const batches = run(ls, l);
        batches.forEach((b, i) => {
          expect(b.bytes).toBe(b.lines.reduce((s, x) => s + size(x), 0));
          if (l.maxUploadRecords > 0) expect(b.lines.length).toBeLessThanOrEqual(l.maxUploadRecords);
          if (l.maxUploadBytes > 0 && b.lines.length > 1) expect(b.bytes).toBeLessThanOrEqual(l.maxUploadBytes);
          const next = batches[i + 1];
          if (next) {
            const full =
              (l.maxUploadRecords > 0 && b.lines.length === l.maxUploadRecords) ||
              (l.maxUploadBytes > 0 &&
                (b.bytes >= l.maxUploadBytes || b.bytes + size(next.lines[0]) > l.maxUploadBytes));
            expect(full).toBe(true);
          }
        });
      }),
    );
  });
});
