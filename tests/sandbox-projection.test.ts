/** The compiled projection gives the same line as projecting key by key, whatever the fields and records. */
import fc from "fast-check";
import { FIELD_NAMES, GUIDE_FIELDS } from "../components/fields";
import { recordLine } from "../components/sandbox/emulator";
import type { LogRecord } from "../components/sandbox/filter-eval";
import { generateRecords } from "../components/sandbox/generator";

/** The projection as it was built before: one key at a time (dictionary mode), bigint Datetime as text; keys defined, so `__proto__` is a key. */
function keyByKey(record: LogRecord, fields: readonly string[]): string {
  const projected: Record<string, unknown> = {};
  let datetime: bigint | undefined;
  for (const field of fields) {
    if (!Object.prototype.hasOwnProperty.call(record, field)) continue;
    const value = record[field];
    if (typeof value === "bigint") datetime = value;
    const own = typeof value === "bigint" ? "\u0000datetime\u0000" : value;
    Object.defineProperty(projected, field, { value: own, enumerable: true, writable: true, configurable: true });
  }
  const text = JSON.stringify(projected);
  return datetime === undefined ? text : text.replace('"\\u0000datetime\\u0000"', datetime.toString());
}

describe("recordLine's projection", () => {
  it("matches the key-by-key projection on generated records, for the guide's fields in any order", () => {
    const records = [...generateRecords(50, { seed: 3 })];
    fc.assert(
      fc.property(fc.shuffledSubarray([...GUIDE_FIELDS]), fc.constantFrom(...records), (fields, record) => {
        expect(recordLine(record, fields, "unixnano")).toBe(keyByKey(record, fields));
      }),
      { numRuns: 300 },
    );
  });

  it("matches it for odd field names and values, and never sets a prototype", () => {
    const names = fc.constantFrom(...FIELD_NAMES, "__proto__", "constructor", "0", "10", "a b", '"q"');
    fc.assert(
      fc.property(
        fc.uniqueArray(names, { maxLength: 8 }),
        fc.dictionary(names, fc.oneof(fc.jsonValue(), fc.bigInt({ min: 0n, max: 2n ** 64n }))),
        (fields, record) => {
          const line = recordLine(record as LogRecord, fields, "unixnano");
          expect(line).toBe(keyByKey(record as LogRecord, fields));
          expect(Object.getPrototypeOf(JSON.parse(line))).toBe(Object.prototype);
        },
      ),
      { numRuns: 500 },
    );
  });
});
