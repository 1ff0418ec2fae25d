/** Hostile and broken input: no pollution, no exception, no coercion, oversize flagged. */
import { isValidationRecord, normalise, SEKOIA_MAX_EVENT_BYTES } from "../components/normaliser";

describe("prototype pollution", () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>).ClientIP;
    delete (Object.prototype as Record<string, unknown>).polluted;
  });

  it("keeps __proto__ and constructor keys as data, in the record and in Metadata", () => {
    const line =
      '{"RayID":"x","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},' +
      '"Metadata":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}}';
    const result = normalise(line);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if (result.kind !== "event") throw new Error(result.reason);
    const metadata = (result.event.cloudflare as Record<string, unknown>).metadata as Record<string, unknown>;
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
    expect(Object.keys(metadata)).toEqual(["__proto__", "constructor"]);
    expect(metadata.polluted).toBeUndefined();
    // It goes out as data too.
    expect(JSON.parse(JSON.stringify(result.event)).cloudflare.metadata).toEqual(JSON.parse(line).Metadata);
  });

  it("never reads a field from a polluted Object.prototype", () => {
    (Object.prototype as Record<string, unknown>).ClientIP = "203.0.113.66";
    const result = normalise({ RayID: "x" });
    expect(result.kind === "event" && result.event.source).toBeUndefined();
  });
});

describe("input that is not a record", () => {
  // V8 words its diagnosis differently across Node versions: only the prefix is ours.
  it.each([["xyz"], ['{"RayID": "x"'], [""], ["{'RayID': 'x'}"]])("%j → not valid JSON", (input) => {
    expect(normalise(input)).toEqual({ kind: "error", reason: expect.stringMatching(/^not valid JSON: /) });
  });

  it.each([
    ["[1,2]", "not a record: expected a JSON object, got array"],
    ["null", "not a record: expected a JSON object, got null"],
    ['"text"', "not a record: expected a JSON object, got string"],
    ["42", "not a record: expected a JSON object, got int"],
    ['{"hello":"world"}', "not a firewall_events record: none of its fields is present"],
    ["{}", "not a firewall_events record: none of its fields is present"],
  ])("%j → error %j", (input, reason) => {
    expect(normalise(input)).toEqual({ kind: "error", reason });
  });

  it("never quotes the line in an error", () => {
    const result = normalise('{"secret":"hunter2-is-my-password" oops}');
    expect(result.kind === "error" && result.reason).not.toContain("hunter2");
  });

  it.each([[undefined], [null], [42], [true], [["RayID"]], [() => 1], [Symbol("x")]])(
    "refuses %p without throwing",
    (input) => {
      expect(normalise(input).kind).toBe("error");
    },
  );

  it("reports a getter that throws instead of throwing", () => {
    const record = Object.defineProperty({}, "RayID", {
      enumerable: true,
      get: () => {
        throw new Error("boom");
      },
    });
    expect(normalise(record)).toEqual({ kind: "error", reason: "cannot read the record: boom" });
  });
});

describe("Cloudflare's validation record", () => {
  it.each([['{"content":"tests"}'], [{ content: "tests" }], [' {"content": "tests"} ']])("%p is skipped", (input) => {
    expect(isValidationRecord(input)).toBe(true);
    expect(normalise(input)).toEqual({ kind: "skip", reason: expect.stringContaining("validation") });
  });

  it.each([['{"content":"tests","RayID":"x"}'], ['{"content":"other"}'], ["tests"]])("%p is not it", (input) => {
    expect(isValidationRecord(input)).toBe(false);
  });
});

describe("wrong types are skipped, never coerced", () => {
  it("skips each wrong-typed field with a warning naming the field and both types", () => {
    const result = normalise({
      Datetime: 1657630626,
      ClientASN: "4562",
      EdgeResponseStatus: 403.5,
      ClientIP: 3232235777,
      Metadata: "group=x",
      MatchIndex: true,
      RayID: { id: "x" },
    });
    if (result.kind !== "event") throw new Error(result.reason);
    expect(result.warnings.sort()).toEqual(
      [
        "ClientASN: expected int, got string; skipped",
        "EdgeResponseStatus: expected int, got number; skipped",
        "ClientIP: expected string, got int; skipped",
        "Metadata: expected object, got string; skipped",
        "MatchIndex: expected int, got boolean; skipped",
        "RayID: expected string, got object; skipped",
      ].sort(),
    );
    expect(result.event).not.toHaveProperty("source");
    expect(result.event).not.toHaveProperty("http");
    expect(result.event.cloudflare).toBeUndefined();
  });

  it("refuses Metadata nested absurdly deep", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 100; i++) deep = { d: deep };
    const result = normalise({ RayID: "x", Metadata: deep });
    expect(result.kind === "event" && result.warnings).toContain("Metadata: nested deeper than 32 levels; skipped");
  });

  it("finds the exact Datetime digits even when Metadata holds another Datetime", () => {
    const line = '{"Metadata":{"Datetime":1657630626000000000},"Datetime":1657630626219999999,"RayID":"x"}';
    const result = normalise(line);
    expect(result.kind === "event" && result.event["@timestamp"]).toBe("2022-07-12T12:57:06.219999Z");
  });
});

describe("SEKOIA's 250 KiB limit", () => {
  it("flags an event above it", () => {
    const big = { RayID: "x", Metadata: { payload: "a".repeat(SEKOIA_MAX_EVENT_BYTES) } };
    const fromText = normalise(JSON.stringify(big));
    const fromObject = normalise(big);
    expect(fromText.kind === "event" && fromText.oversize).toBe(true);
    expect(fromObject.kind === "event" && fromObject.oversize).toBe(true);
  });

  it("counts bytes, not characters", () => {
    // 100 000 three-byte characters: 300 000 bytes, although only 100 000 characters.
    const result = normalise({ RayID: "x", Metadata: { payload: "€".repeat(100_000) } });
    expect(result.kind === "event" && result.oversize).toBe(true);
  });

  it("does not flag an event just below it", () => {
    const result = normalise(
      JSON.stringify({ RayID: "x", Metadata: { payload: "a".repeat(SEKOIA_MAX_EVENT_BYTES - 500) } }),
    );
    expect(result.kind === "event" && result.oversize).toBe(false);
  });

  it("counts the kept message", () => {
    const line = JSON.stringify({ RayID: "x", Metadata: { payload: "a".repeat(150_000) } });
    const result = normalise(line, { original: line });
    expect(result.kind === "event" && result.oversize).toBe(true);
  });
});
