/** The compile-time checks that make the byte writer's key order JSON.stringify's: each side, passing and refused. */
import { compileTable } from "../components/normaliser/compile";
import { OBJECT_INFERENCES, RELATED, type ObjectInference } from "../components/normaliser/infer";
import { layoutProblems } from "../components/normaliser/layout";
import { MAPPING, type MappingRow } from "../components/normaliser/mapping";

const problems = (rows: readonly MappingRow[], inferences = OBJECT_INFERENCES, related = RELATED) =>
  layoutProblems(rows, inferences, related);
const row = (ecs: string, from = "RayID"): MappingRow => ({ ecs, from });

describe("layoutProblems", () => {
  it("finds none in the package's table", () => {
    expect(problems(MAPPING)).toEqual([]);
  });

  it("accepts an object's rows together, and refuses them apart", () => {
    expect(problems([row("a.b"), row("a.c"), row("d.e")], {}, [])).toEqual([]);
    expect(problems([row("a.b"), row("d.e"), row("a.c")], {}, [])).toEqual(["a.c: the rows of a are not contiguous"]);
    expect(problems([row("a.x.b"), row("a.y"), row("a.x.c")], {}, [])).toEqual([
      "a.x.c: the rows of a.x are not contiguous",
    ]);
  });

  it("refuses a path that is both a value and an object, and a field written twice", () => {
    expect(problems([row("a.b"), row("a.b.c")], {}, [])).toEqual(["a.b: both a value and an object"]);
    expect(problems([row("a.b"), row("a.b")], {}, [])).toEqual(["a.b: written by two rows"]);
  });

  it("refuses keys V8 would move to the front (integer-like), and accepts near misses", () => {
    expect(problems([row("a.01"), row("a.1x"), row("a.4294967295")], {}, [])).toEqual([]);
    expect(problems([row("a.0")], {}, [])).toEqual(['a.0: key "0" would not keep its place in JSON']);
    expect(problems([row("a.4294967294")], {}, [])).toEqual([
      'a.4294967294: key "4294967294" would not keep its place in JSON',
    ]);
  });

  it("refuses an inferred key the table also writes, and the top-level keys the normaliser writes itself", () => {
    const inference: ObjectInference = { reads: ["ip"], adds: ["address"], infer: () => ({}) };
    expect(problems([row("source.ip", "ClientIP")], { source: inference }, [])).toEqual([]);
    expect(problems([row("source.ip", "ClientIP"), row("source.address")], { source: inference }, [])).toEqual([
      "source.address: inferred, and also written by the table",
    ]);
    expect(problems([row("related.x"), row("message")], {}, [])).toEqual([
      "message: a top-level key the normaliser writes itself",
      "related: a top-level key the normaliser writes itself",
    ]);
  });

  it("refuses an inference reading a converted value or an object", () => {
    const reads = { key: "hosts", from: ["a.b"] };
    expect(problems([{ ecs: "a.b", from: "ClientIP", convert: "ip" }], {}, [reads])).toEqual([]);
    expect(problems([{ ecs: "a.b", from: "Source", convert: "module" }], {}, [reads])).toEqual([
      "a.b: inferences read only fields copied from the record (copy or ip)",
    ]);
    expect(problems([row("a.b.c")], {}, [reads])).toEqual(["a.b: inferences read values, not objects"]);
  });

  it("stops the compile, naming every problem", () => {
    expect(() => compileTable([row("a.b"), row("d.e"), row("a.c"), row("a.0")])).toThrow(
      /cannot be compiled: a\.c: the rows of a are not contiguous; a\.0: key "0"/,
    );
  });
});
