import fc from "fast-check";
import { FIELD_NAMES } from "../components/fields";
import { normaliseRecord } from "../components/normaliser/core";
import { serialiseEvent } from "../components/normaliser/serialise";
import { syntheticLines } from "../components/normaliser/synthetic";

// The CLI writes events with serialiseEvent; every line must be what JSON.stringify would write.
const record = fc.dictionary(
  fc.oneof(fc.constantFrom(...FIELD_NAMES, "__proto__", "message"), fc.string()),
  fc.oneof(
    fc.jsonValue(),
    fc.constantFrom(
      "block",
      "allow",
      "2022-07-12T12:57:06Z",
      "192.0.2.1",
      "www.example.co.uk",
      "Mozilla/5.0 (Windows NT 10.0)",
    ),
  ),
);

describe("serialiseEvent", () => {
  it("writes exactly JSON.stringify's text for realistic events, whose shared parts repeat", () => {
    const texts = [...syntheticLines(3000, 7, "unixnano")].map((line) => {
      const result = normaliseRecord(line, { original: line }, true);
      if (result.kind !== "event") throw new Error(result.kind);
      return [serialiseEvent(result.event), JSON.stringify(result.event)];
    });
    for (const [fast, reference] of texts) expect(fast).toBe(reference);
  });

  it("writes exactly JSON.stringify's text for any record, shared or not", () => {
    fc.assert(
      fc.property(record, fc.boolean(), (value, shared) => {
        const result = normaliseRecord(JSON.stringify(value), undefined, shared);
        if (result.kind === "event") expect(serialiseEvent(result.event)).toBe(JSON.stringify(result.event));
      }),
      { numRuns: 500 },
    );
  });

  it("skips undefined values and writes an empty event as {}, as JSON.stringify does", () => {
    expect(serialiseEvent({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(serialiseEvent({})).toBe("{}");
    const frozen = Object.freeze({ x: Object.freeze(["y"]) });
    expect(serialiseEvent({ shared: frozen, again: frozen })).toBe('{"shared":{"x":["y"]},"again":{"x":["y"]}}');
  });
});
