/**
 * The emulator's filter evaluation: Cloudflare's operators, each as
 * documented, and property tests against a plain reference.
 */
import fc from "fast-check";
import { serialiseFilter, type FilterNode, type LogpushFilter } from "../components/filter";
import { compileFilter, type LogRecord } from "../components/sandbox/filter-eval";
import { validateFilter } from "../components/filter";
import { isFilterOperator } from "../components/filter-rules";
import { InvalidArgumentsError } from "../components/validation";

const record: LogRecord = {
  ClientCountry: "fr",
  ClientRequestPath: "/static/app.js",
  EdgeResponseStatus: 403,
  ClientASN: 15169,
  WAFRequestSignatureCategories: ["sqli", "xss"],
  Datetime: 1_657_630_626_219_000_000n,
};

const keeps = (where: FilterNode, r: LogRecord = record) => compileFilter({ where })(r);

describe("each operator, as Cloudflare documents it", () => {
  it.each<[string, FilterNode, boolean]>([
    ["eq on a string", { key: "ClientCountry", operator: "eq", value: "fr" }, true],
    ["eq is case-sensitive", { key: "ClientCountry", operator: "eq", value: "FR" }, false],
    ["!eq", { key: "ClientCountry", operator: "!eq", value: "us" }, true],
    ["eq on an int", { key: "EdgeResponseStatus", operator: "eq", value: 403 }, true],
    [
      "an int compared with its text, as in Cloudflare's examples",
      { key: "EdgeResponseStatus", operator: "eq", value: "403" },
      true,
    ],
    ["lt", { key: "EdgeResponseStatus", operator: "lt", value: 403 }, false],
    ["leq", { key: "EdgeResponseStatus", operator: "leq", value: 403 }, true],
    ["gt", { key: "EdgeResponseStatus", operator: "gt", value: 400 }, true],
    ["geq with a numeric string", { key: "EdgeResponseStatus", operator: "geq", value: "404" }, false],
    ["startsWith", { key: "ClientRequestPath", operator: "startsWith", value: "/static" }, true],
    ["!startsWith", { key: "ClientRequestPath", operator: "!startsWith", value: "/static" }, false],
    ["endsWith", { key: "ClientRequestPath", operator: "endsWith", value: ".js" }, true],
    ["!endsWith", { key: "ClientRequestPath", operator: "!endsWith", value: ".css" }, true],
    ["contains on a string", { key: "ClientRequestPath", operator: "contains", value: "app" }, true],
    ["!contains on a string", { key: "ClientRequestPath", operator: "!contains", value: "app" }, false],
    [
      "contains on an array: an element",
      { key: "WAFRequestSignatureCategories", operator: "contains", value: "xss" },
      true,
    ],
    [
      "contains on an array is not a substring test",
      { key: "WAFRequestSignatureCategories", operator: "contains", value: "xs" },
      false,
    ],
    ["in", { key: "EdgeResponseStatus", operator: "in", value: [401, 403] }, true],
    ["!in", { key: "ClientCountry", operator: "!in", value: ["us", "cn"] }, true],
    ["a missing field satisfies no positive operator", { key: "RayID", operator: "eq", value: "x" }, false],
    ["and every negated one", { key: "RayID", operator: "!eq", value: "x" }, true],
    [
      "and",
      {
        and: [
          { key: "ClientCountry", operator: "eq", value: "fr" },
          { key: "ClientASN", operator: "eq", value: 1 },
        ],
      },
      false,
    ],
    [
      "or",
      {
        or: [
          { key: "ClientCountry", operator: "eq", value: "us" },
          { key: "ClientASN", operator: "eq", value: 15169 },
        ],
      },
      true,
    ],
    [
      "nesting",
      {
        and: [
          { key: "ClientCountry", operator: "eq", value: "fr" },
          {
            or: [
              { key: "ClientASN", operator: "eq", value: 1 },
              { key: "EdgeResponseStatus", operator: "in", value: [403] },
            ],
          },
        ],
      },
      true,
    ],
  ])("%s", (_name, where, expected) => {
    expect(keeps(where)).toBe(expected);
  });

  it("no filter keeps everything", () => {
    expect(compileFilter(undefined)(record)).toBe(true);
    expect(compileFilter("")(record)).toBe(true);
  });

  it("reads the JSON string the component sends", () => {
    const filter: LogpushFilter = {
      where: {
        and: [
          { key: "ClientCountry", operator: "eq", value: "fr" },
          { key: "EdgeResponseStatus", operator: "geq", value: 400 },
        ],
      },
    };
    expect(compileFilter(serialiseFilter(filter))(record)).toBe(true);
  });

  it.each<[string, string | LogpushFilter, RegExp]>([
    [
      "an operator Cloudflare does not have",
      { where: { key: "ClientCountry", operator: "like", value: "f%" } },
      /like/,
    ],
    ["no where", '{"key":"ClientCountry"}', /where/],
    [
      "a field Cloudflare cannot filter",
      { where: { key: "Action", operator: "eq", value: "block" } },
      /Action cannot be filtered/,
    ],
    [
      "an operator on a type it does not take",
      { where: { key: "ClientCountry", operator: "lt", value: 5 } },
      /"lt" does not apply to ClientCountry/,
    ],
    [
      "a value of the wrong shape",
      { where: { key: "ClientCountry", operator: "in", value: "fr" } },
      /non-empty list for "in"/,
    ],
    ["text that is not JSON", '{"where":', /filter is not JSON/],
  ])("refuses %s, as the API would, with the component's own message", (_name, filter, message) => {
    expect(() => compileFilter(filter)).toThrow(InvalidArgumentsError);
    expect(() => compileFilter(filter)).toThrow(message);
  });
});

// A plain reference: each operator written out on typed values, no coercion needed.
type Leaf = { key: "S" | "N" | "A"; operator: string; value: string | number | Array<string | number> };
type Tree = Leaf | { and: Tree[] } | { or: Tree[] };
type Rec = { S?: string; N?: number; A?: string[] };

function reference(t: Tree, r: Rec): boolean {
  if ("and" in t) return t.and.every((c) => reference(c, r));
  if ("or" in t) return t.or.some((c) => reference(c, r));
  const f = r[t.key];
  const v = t.value;
  const negated = t.operator.startsWith("!");
  const op = negated ? t.operator.slice(1) : t.operator;
  let result = false;
  if (f !== undefined) {
    if (op === "eq") result = f === v;
    if (op === "lt") result = typeof f === "number" && f < (v as number);
    if (op === "leq") result = typeof f === "number" && f <= (v as number);
    if (op === "gt") result = typeof f === "number" && f > (v as number);
    if (op === "geq") result = typeof f === "number" && f >= (v as number);
    if (op === "startsWith") result = typeof f === "string" && f.slice(0, (v as string).length) === v;
    if (op === "endsWith")
      result =
        typeof f === "string" && f.length >= (v as string).length && f.slice(f.length - (v as string).length) === v;
    if (op === "contains")
      result = Array.isArray(f) ? f.indexOf(v as string) >= 0 : typeof f === "string" && f.indexOf(v as string) >= 0;
    if (op === "in") result = (v as Array<string | number>).indexOf(f as string) >= 0;
  }
  return negated ? !result : result;
}

const text = fc.string({ unit: fc.constantFrom("a", "b", "/", "."), maxLength: 4 });
const textValue = fc.string({ unit: fc.constantFrom("a", "b", "/", "."), minLength: 1, maxLength: 3 });
const num = fc.integer({ min: 0, max: 5 });
const leaf: fc.Arbitrary<Tree> = fc.oneof(
  fc.record({ key: fc.constant("S" as const), operator: fc.constantFrom("eq", "!eq"), value: text }),
  fc.record({
    key: fc.constant("S" as const),
    operator: fc.constantFrom("startsWith", "endsWith", "contains", "!startsWith", "!endsWith", "!contains"),
    value: textValue,
  }),
  fc.record({
    key: fc.constant("S" as const),
    operator: fc.constantFrom("in", "!in"),
    value: fc.array(text, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    key: fc.constant("N" as const),
    operator: fc.constantFrom("eq", "!eq", "lt", "leq", "gt", "geq"),
    value: num,
  }),
  fc.record({
    key: fc.constant("N" as const),
    operator: fc.constantFrom("in", "!in"),
    value: fc.array(num, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ key: fc.constant("A" as const), operator: fc.constantFrom("contains", "!contains"), value: textValue }),
);
const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
  t: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ and: fc.array(tie("t"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ or: fc.array(tie("t"), { minLength: 1, maxLength: 3 }) }),
  ),
})).t;
const rec: fc.Arbitrary<Rec> = fc.record(
  { S: text, N: num, A: fc.array(textValue, { maxLength: 3 }) },
  { requiredKeys: [] },
);

// The reference's keys stand for real filterable fields of each type (short names keep trees within 1000 bytes).
const FIELD = { S: "Ref", N: "ClientASN", A: "ContentScanObjTypes" } as const;
const real = (t: Tree): FilterNode =>
  "and" in t ? { and: t.and.map(real) } : "or" in t ? { or: t.or.map(real) } : { ...t, key: FIELD[t.key] };
const realRecord = (r: Rec): LogRecord =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [FIELD[k as keyof Rec], v]));
// Only trees Cloudflare would take (at most 30 conditions, 1000 bytes): the others are refused, not evaluated.
const accepted = (where: FilterNode): boolean => validateFilter({ where }).length === 0;
const run = (where: FilterNode, r: Rec): boolean => compileFilter({ where })(realRecord(r));

describe("properties", () => {
  it("agrees with the plain reference on every filter and record", () => {
    fc.assert(
      fc.property(tree, rec, (t, r) => {
        fc.pre(accepted(real(t)));
        return run(real(t), r) === reference(t, r);
      }),
      { numRuns: 2000 },
    );
  });

  it("each ! operator keeps exactly what its positive form leaves out", () => {
    fc.assert(
      fc.property(leaf, rec, (l, r) => {
        const { key, operator, value } = l as Leaf;
        const positive = operator.replace(/^!/, "");
        fc.pre(isFilterOperator(`!${positive}`)); // Cloudflare has no !lt, !gt …
        const a = run({ key: FIELD[key], operator: positive, value }, r);
        const b = run({ key: FIELD[key], operator: `!${positive}`, value }, r);
        return a !== b;
      }),
    );
  });

  it("an `or` keeps the union, an `and` the intersection of what its parts keep", () => {
    fc.assert(
      fc.property(tree, tree, rec, (x, y, r) => {
        const [rx, ry] = [real(x), real(y)];
        fc.pre(accepted({ or: [rx, ry] }));
        const [fx, fy] = [rx, ry].map((t) => run(t, r));
        return run({ or: [rx, ry] }, r) === (fx || fy) && run({ and: [rx, ry] }, r) === (fx && fy);
      }),
    );
  });
});
