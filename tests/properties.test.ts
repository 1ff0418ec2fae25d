import fc from "fast-check";
import {
  FIELD_NAMES,
  FirewallEventsLogpush,
  SEKOIA_REGIONS,
  TIMESTAMP_FORMATS,
  UPLOAD_LIMITS,
  sekoiaDestination,
  serialiseFilter,
  validateArgs,
  validateFilter,
  type FilterNode,
  type FirewallEventsLogpushArgs,
} from "../components";
import { validateIntakeKey } from "../components/validation";
import { LOGPUSH_JOB, installMocks, settle } from "../components/testing/mocks";

const mocks = installMocks();

const zoneId = fc.stringMatching(/^[0-9a-f]{32}$/);
// Keys as SEKOIA makes them, and stranger ones that are still acceptable.
const goodKey = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9]{20,40}$/),
  fc.string({ minLength: 1, maxLength: 64, unit: "grapheme" }).filter((k) => validateIntakeKey(k).length === 0),
);
const limit = (r: { min: number; max: number }) => fc.oneof(fc.constant(0), fc.integer({ min: r.min, max: r.max }));
const fields = fc.shuffledSubarray([...FIELD_NAMES], { minLength: 1 });

// Filterable fields only: Cloudflare refuses Action, MatchIndex and the others its Filters page lists.
const textField = fc.constantFrom("ClientCountry", "ClientRequestHost", "ClientRequestPath", "EdgeColoCode", "RayID");
const intField = fc.constantFrom("EdgeResponseStatus", "ClientASN", "OriginResponseStatus", "AISecurityTokenCount");
const leaf: fc.Arbitrary<FilterNode> = fc.oneof(
  fc.record({
    key: textField,
    operator: fc.constantFrom("eq", "!eq", "startsWith", "endsWith", "contains", "!contains"),
    value: fc.string({ minLength: 1, maxLength: 12 }),
  }),
  fc.record({
    key: intField,
    operator: fc.constantFrom("lt", "leq", "gt", "geq", "eq"),
    value: fc.integer({ min: 0, max: 65535 }),
  }),
  fc.record({
    key: textField,
    operator: fc.constantFrom("in", "!in"),
    value: fc.array(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }),
  }),
);
const node: fc.Arbitrary<FilterNode> = fc.letrec<{ node: FilterNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ and: fc.array(tie("node"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ or: fc.array(tie("node"), { minLength: 1, maxLength: 3 }) }),
  ),
})).node;
const smallFilter = node.map((where) => ({ where })).filter((f) => validateFilter(f).length === 0);

const validArgs: fc.Arbitrary<FirewallEventsLogpushArgs> = fc.record(
  {
    zoneId,
    intakeKey: goodKey,
    region: fc.constantFrom(...SEKOIA_REGIONS),
    fields,
    timestampFormat: fc.constantFrom(...TIMESTAMP_FORMATS),
    maxUploadBytes: limit(UPLOAD_LIMITS.maxUploadBytes),
    maxUploadRecords: limit(UPLOAD_LIMITS.maxUploadRecords),
    maxUploadIntervalSeconds: limit(UPLOAD_LIMITS.maxUploadIntervalSeconds),
    sampleRate: fc.double({ min: Number.MIN_VALUE, max: 1, noNaN: true }),
    filter: smallFilter,
    enabled: fc.boolean(),
  },
  { requiredKeys: ["zoneId", "intakeKey"] },
);

async function jobInputs(args: FirewallEventsLogpushArgs, name: string) {
  const c = new FirewallEventsLogpush(name, { ...args, apiToken: { create: false } });
  await settle([c.job]);
  return mocks.byType(LOGPUSH_JOB).find((r) => r.name === `${name}-job`)!.inputs;
}

const inRange = (v: number | undefined, r: { min: number; max: number }) =>
  v === undefined || v === 0 || (Number.isInteger(v) && v >= r.min && v <= r.max);

describe("properties", () => {
  let runs = 0;

  it("any valid field subset, limits and settings give job inputs inside Cloudflare's constraints", async () => {
    await fc.assert(
      fc.asyncProperty(validArgs, async (args) => {
        expect(validateArgs(args)).toEqual([]);
        const job = await jobInputs(args, `p${runs++}`);
        expect(job.dataset).toBe("firewall_events");
        expect(job.enabled).toBe(args.enabled ?? true);
        const names: string[] = job.outputOptions.fieldNames;
        expect(names).toEqual(args.fields ?? names);
        expect(new Set(names).size).toBe(names.length);
        expect(names.every((f) => FIELD_NAMES.includes(f as never))).toBe(true);
        expect(TIMESTAMP_FORMATS).toContain(job.outputOptions.timestampFormat);
        expect(inRange(job.maxUploadBytes, UPLOAD_LIMITS.maxUploadBytes)).toBe(true);
        expect(inRange(job.maxUploadRecords, UPLOAD_LIMITS.maxUploadRecords)).toBe(true);
        expect(inRange(job.maxUploadIntervalSeconds, UPLOAD_LIMITS.maxUploadIntervalSeconds)).toBe(true);
        expect(job.destinationConf.length).toBeLessThanOrEqual(4096);
        expect(job.destinationConf).toMatch(/^https:\/\/intake\.([a-z0-9]+\.)?sekoia\.io\//);
        if (job.filter !== undefined) expect(Buffer.byteLength(job.filter)).toBeLessThanOrEqual(1000);
      }),
      { numRuns: 40 },
    );
  });

  it("two runs with the same arguments give identical inputs (no perpetual diff)", async () => {
    await fc.assert(
      fc.asyncProperty(validArgs, async (args) => {
        const copy = JSON.parse(JSON.stringify(args));
        expect(await jobInputs(args, `a${runs}`)).toEqual(await jobInputs(copy, `b${runs++}`));
      }),
      { numRuns: 25 },
    );
  });

  it("the destination carries exactly the key, as one header parameter, whatever valid key", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEKOIA_REGIONS), goodKey, (region, key) => {
        const url = new URL(sekoiaDestination(region, key));
        expect(url.protocol).toBe("https:");
        expect([...url.searchParams.keys()]).toEqual(["header_X-SEKOIAIO-INTAKE-KEY"]);
        expect(url.searchParams.get("header_X-SEKOIAIO-INTAKE-KEY")).toBe(key);
        expect(url.hash).toBe("");
      }),
    );
  });

  it("a key with a URL-rewriting character is refused, and the message never repeats it", () => {
    const bad = fc
      .tuple(
        fc.stringMatching(/^[A-Za-z0-9]{4,20}$/),
        fc.constantFrom("&", "?", "#", "=", "/", "%", " ", "\n", "\t"),
        fc.stringMatching(/^[A-Za-z0-9]{4,20}$/),
      )
      .map(([a, c, b]) => a + c + b);
    fc.assert(
      fc.property(bad, (key) => {
        const problems = validateIntakeKey(key);
        expect(problems).toHaveLength(1);
        expect(problems[0]).not.toContain(key);
      }),
    );
  });

  it("filters serialise canonically: key order does not matter, and the text round-trips", () => {
    const reorder = (n: FilterNode): FilterNode =>
      n.and
        ? { and: n.and.map(reorder) }
        : n.or
          ? { or: n.or.map(reorder) }
          : { value: n.value, operator: n.operator, key: n.key };
    fc.assert(
      fc.property(smallFilter, (f) => {
        const text = serialiseFilter(f);
        expect(serialiseFilter({ where: reorder(f.where) })).toBe(text);
        expect(serialiseFilter(JSON.parse(text))).toBe(text);
      }),
    );
  });
});
