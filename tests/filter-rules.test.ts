/**
 * Cloudflare's filter rules, both sides of each: what the API accepts passes
 * `validateFilter`, what it refuses is refused with a message naming the path.
 * Source: Cloudflare docs "Filters" (developers.cloudflare.com/logs/logpush/logpush-job/filters/,
 * updated 2026-06-30), its operator table and its "filtering limitations" note. The table
 * below is copied from that page, not derived from the code, so a drift in either fails here.
 */
import { FirewallEventsLogpush, InvalidArgumentsError } from "../components";
import { FIREWALL_EVENTS_FIELDS, FILTERABLE_FIELD_NAMES, type FieldInfo } from "../components/fields";
import { serialiseFilter, validateFilter, type FilterNode } from "../components/filter";
import { FILTER_LIMITS, FILTER_OPERATORS } from "../components/filter-rules";
import { installMocks } from "../components/testing/mocks";

installMocks();

const where = (node: unknown) => validateFilter({ where: node });
const leaf = (key: string, operator: string, value: unknown) => ({ key, operator, value });

// The docs' table: operator → [string, int, bool, array, object].
// prettier-ignore
const DOCS_TABLE: Record<string, [boolean, boolean, boolean, boolean, boolean]> = {
  eq:            [true,  true,  true,  false, false],
  "!eq":         [true,  true,  true,  false, false],
  lt:            [false, true,  false, false, false],
  leq:           [false, true,  false, false, false],
  gt:            [false, true,  false, false, false],
  geq:           [false, true,  false, false, false],
  startsWith:    [true,  false, false, false, false],
  endsWith:      [true,  false, false, false, false],
  "!startsWith": [true,  false, false, false, false],
  "!endsWith":   [true,  false, false, false, false],
  contains:      [true,  false, false, true,  false],
  "!contains":   [true,  false, false, true,  false],
  in:            [true,  true,  false, false, false],
  "!in":         [true,  true,  false, false, false],
};

// One filterable field per column that firewall_events has (it has no bool field), with a value
// of the right shape for a one-value and for a list operator.
const COLUMNS: Array<{ column: number; field: string; one: unknown; list: unknown[] }> = [
  { column: 0, field: "ClientRequestHost", one: "www.example.com", list: ["www.example.com", "example.com"] },
  { column: 1, field: "EdgeResponseStatus", one: 403, list: [401, 403] },
  { column: 3, field: "WAFRequestSignatureCategories", one: "sqli", list: ["sqli"] },
  { column: 3, field: "ContentScanObjSizes", one: 1024, list: [1024] },
];

describe("the operator × field type table", () => {
  it("has exactly the docs' operators", () => {
    expect([...FILTER_OPERATORS].sort()).toEqual(Object.keys(DOCS_TABLE).sort());
  });

  const cases = COLUMNS.flatMap(({ column, field, one, list }) =>
    Object.entries(DOCS_TABLE).map(([op, row]) => [op, field, row[column], op.endsWith("in") ? list : one] as const),
  );
  it.each(cases)("%s on %s: accepted = %s", (operator, field, accepted, value) => {
    const problems = where(leaf(field, operator, value));
    if (accepted) expect(problems).toEqual([]);
    else
      expect(problems).toEqual([
        expect.stringMatching(new RegExp(`^filter\\.where\\.operator "${operator}" does not apply to ${field} \\(`)),
      ]);
  });

  it("names the operators that would work", () => {
    expect(where(leaf("EdgeResponseStatus", "startsWith", "4"))).toEqual([
      'filter.where.operator "startsWith" does not apply to EdgeResponseStatus (int); on EdgeResponseStatus use eq, !eq, lt, leq, gt, geq, in, !in',
    ]);
  });

  it("Datetime (written as an int or a string, by timestamp format) is filtered as an int, epoch nanoseconds", () => {
    // The zone → account hand-over (migration.ts) compares it with lt / geq at a cut-over instant.
    for (const op of ["eq", "!eq", "lt", "leq", "gt", "geq"])
      expect(where(leaf("Datetime", op, "1790000000000000000"))).toEqual([]);
    expect(where(leaf("Datetime", "in", [1657630626]))).toEqual([]);
    for (const op of ["startsWith", "contains"])
      expect(where(leaf("Datetime", op, "2026"))).toEqual([expect.stringMatching(/does not apply to Datetime/)]);
    expect(where(leaf("Datetime", "eq", "2026-06-01T00:00:00Z"))).toEqual([
      expect.stringMatching(/must be a whole number .* on Datetime/),
    ]);
    // int64 at most: 19 digits pass, 20 are refused.
    expect(where(leaf("Datetime", "geq", "9".repeat(20)))).toEqual([expect.stringMatching(/must be a whole number/)]);
  });
});

describe("fields Cloudflare cannot filter", () => {
  const NOT_FILTERABLE = [
    "Action",
    "Description",
    "Kind",
    "MatchIndex",
    "Metadata",
    "OriginatorRayID",
    "RuleID",
    "Source",
  ];

  it.each(NOT_FILTERABLE)("%s is refused, with where to filter instead", (field) => {
    expect(where(leaf(field, "eq", "x"))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^filter\\.where\\.key ${field} cannot be filtered: Cloudflare refuses a filter on AISecurityCustomTopicCategories, Action, Description, Kind, MatchIndex, Metadata, OriginatorRayID, RuleID, Source\\. .*downstream, in SEKOIA`,
        ),
      ),
    ]);
  });

  it("an object field is refused", () => {
    expect(where(leaf("AISecurityCustomTopicCategories", "eq", "x"))).toEqual([
      expect.stringMatching(/key AISecurityCustomTopicCategories cannot be filtered/),
    ]);
  });

  it("the catalogue marks exactly those, and every object field", () => {
    const unfilterable = FIREWALL_EVENTS_FIELDS.filter((f: FieldInfo) => f.filterable === false).map((f) => f.name);
    const objects = FIREWALL_EVENTS_FIELDS.filter((f: FieldInfo) => f.type === "object").map((f) => f.name);
    expect([...unfilterable].sort()).toEqual([...new Set([...NOT_FILTERABLE, ...objects])].sort());
  });

  it("every other field can be filtered", () => {
    for (const field of FILTERABLE_FIELD_NAMES) {
      const node = FIREWALL_EVENTS_FIELDS.find((f) => f.name === field)?.type.startsWith("array")
        ? leaf(field, "contains", field.endsWith("Sizes") ? 1 : "x")
        : leaf(field, "eq", "1");
      expect([field, where(node)]).toEqual([field, []]);
    }
  });
});

describe("value shapes", () => {
  it.each<[string, FilterNode]>([
    ["a number written as a string for gt, as Cloudflare's examples do", leaf("EdgeResponseStatus", "gt", "499")],
    ["a negative whole number", leaf("ClientASN", "geq", -1)],
    ["an int list with digits as strings", leaf("EdgeResponseStatus", "in", [200, "201"])],
    ["!in on an int", leaf("EdgeResponseStatus", "!in", [200, 201])],
    ["contains on an array of ints", leaf("ContentScanObjSizes", "contains", 1024)],
    ["!contains on an array of strings", leaf("WAFRequestSignatureRefs", "!contains", "100000")],
    ["eq with an empty string", leaf("ClientRequestQuery", "eq", "")],
  ])("accepts %s", (_name, node) => expect(where(node)).toEqual([]));

  it.each<[string, FilterNode, RegExp]>([
    ["in with one value, not a list", leaf("ClientCountry", "in", "fr"), /value must be a non-empty list for "in"/],
    ["in with an empty list", leaf("ClientCountry", "!in", []), /value must be a non-empty list for "!in"/],
    ["in with a number on a string field", leaf("ClientCountry", "in", ["fr", 1]), /each a string for ClientCountry/],
    ["a list for eq", leaf("ClientCountry", "eq", ["fr"]), /value must be a string for "eq" on ClientCountry/],
    ["text that is not a number, for gt", leaf("EdgeResponseStatus", "gt", "4xx"), /value must be a whole number/],
    ["a fraction for an int", leaf("EdgeResponseStatus", "lt", 499.5), /value must be a whole number/],
    ["a number for a string field", leaf("ClientRequestHost", "eq", 1), /value must be a string for "eq"/],
    ["a boolean for a string field", leaf("ClientRequestHost", "!eq", true), /value must be a string/],
    ["a string for an array of ints", leaf("ContentScanObjSizes", "contains", "big"), /whole number/],
    ["an empty prefix", leaf("ClientRequestPath", "startsWith", ""), /non-empty string for "startsWith"/],
    ["no value at all", leaf("ClientRequestPath", "endsWith", undefined), /value must be a string/],
  ])("refuses %s", (_name, node, message) => expect(where(node)).toEqual([expect.stringMatching(message)]));

  it("sends the value as the user wrote it", () => {
    expect(serialiseFilter({ where: leaf("EdgeResponseStatus", "gt", "499") })).toBe(
      '{"where":{"key":"EdgeResponseStatus","operator":"gt","value":"499"}}',
    );
  });
});

describe("limits", () => {
  const nested = (levels: number): FilterNode => {
    let node: FilterNode = leaf("ClientCountry", "eq", "fr");
    for (let i = 0; i < levels; i++) node = { and: [node] };
    return node;
  };

  // 30 of the shortest conditions take more than 1000 bytes, so the size limit binds first; the count is
  // still checked as the docs state it, and its message must appear exactly past 30.
  it(`${FILTER_LIMITS.maxConditions} conditions are not refused for their number, one more is`, () => {
    const conditions = (n: number) => ({ or: Array.from({ length: n }, (_, i) => leaf("Ref", "eq", `${i}`)) });
    expect(where(conditions(30))).toEqual([expect.stringMatching(/^filter is \d+ bytes as JSON/)]);
    expect(where(conditions(31))).toContainEqual("filter has 31 conditions; Cloudflare accepts at most 30");
  });

  it("1000 bytes pass, 1001 are refused", () => {
    const sized = (bytes: number) => {
      const empty = serialiseFilter({ where: leaf("ClientRequestPath", "contains", "") });
      return { where: leaf("ClientRequestPath", "contains", "x".repeat(bytes - empty.length)) };
    };
    expect(serialiseFilter(sized(1000))).toHaveLength(1000);
    expect(validateFilter(sized(1000))).toEqual([]);
    expect(validateFilter(sized(1001))).toEqual([
      'filter is 1001 bytes as JSON; Cloudflare accepts at most 1000 (use "in" lists or fewer conditions)',
    ]);
  });

  it(`nesting: ${FILTER_LIMITS.maxDepth} levels are walked (and refused for their size), one more is refused outright`, () => {
    expect(where(nested(FILTER_LIMITS.maxDepth))).toEqual([expect.stringMatching(/bytes as JSON/)]);
    expect(where(nested(FILTER_LIMITS.maxDepth + 1))).toEqual([
      expect.stringMatching(/^filter\.where nests and\/or groups more than 100 levels deep/),
    ]);
  });

  it("a filter within 1000 bytes is never deeper than the nesting bound", () => {
    expect(serialiseFilter({ where: nested(FILTER_LIMITS.maxDepth) }).length).toBeGreaterThan(FILTER_LIMITS.maxBytes);
  });

  it("a deeply nested filter fails the component with its own error, not a RangeError", () => {
    const build = () =>
      new FirewallEventsLogpush("deep", {
        zoneId: "023e105f4ecef8ad9ca31a8372d0c353",
        intakeKey: "QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT",
        filter: { where: nested(100_000) },
      });
    expect(build).toThrow(InvalidArgumentsError);
    expect(build).toThrow(/nests and\/or groups more than 100 levels deep/);
  });

  it("a filter that contains itself is refused, not walked for ever", () => {
    const loop: { or: unknown[] } = { or: [] };
    loop.or.push(loop);
    expect(where(loop)).toEqual([expect.stringMatching(/more than 100 levels deep/)]);
  });
});

describe("a refused filter's message echoes the user's value by the package's message rule", () => {
  it("cuts a huge value and writes control characters out, so it cannot flood or drive a terminal", () => {
    const problems = where(leaf("ClientRequestHost", "eq", ["\u001b[31m" + "x".repeat(100_000)]));
    expect(problems).toHaveLength(1);
    expect(problems[0]).not.toContain("\u001b");
    expect(problems[0]).toContain("\\u001b");
    expect(problems[0].length).toBeLessThan(500);
  });
});
