/** Datetime as Logpush writes it in each timestamp format, and read back from archives. */
import fc from "fast-check";
import { normalise } from "../components/normaliser";
import { formatDatetime } from "../components/normaliser/timestamp";
import { epochNanosOf } from "../components/sandbox/timestamp-format";
import { TIMESTAMP_FORMATS } from "../components/validation";

const SAMPLE = 1_657_630_626_219_000_000n; // the guide's sample event

describe("formatDatetime", () => {
  it.each([
    ["unixnano", "1657630626219000000"],
    ["unix", "1657630626"],
    ["rfc3339", '"2022-07-12T12:57:06Z"'],
    ["rfc3339ms", '"2022-07-12T12:57:06.219Z"'],
    ["rfc3339ns", '"2022-07-12T12:57:06.219000000Z"'],
  ] as const)("%s → %s", (format, text) => {
    expect(formatDatetime(SAMPLE, format)).toBe(text);
  });
});

describe("epochNanosOf", () => {
  it("reads every format back, exactly for unixnano given its digits", () => {
    expect(epochNanosOf(1657630626)).toBe(1_657_630_626_000_000_000n);
    expect(epochNanosOf("2022-07-12T12:57:06.219Z")).toBe(SAMPLE);
    expect(epochNanosOf("2022-07-12T14:57:06.219+02:00")).toBe(SAMPLE);
    expect(epochNanosOf(Number(SAMPLE), "1657630626219000001")).toBe(SAMPLE + 1n);
    expect(epochNanosOf("1657630626219000000")).toBe(SAMPLE);
  });

  it("gives nothing for what no Logpush format writes", () => {
    for (const v of ["yesterday", 1657630626219, null, {}, "2022-13-45T00:00:00Z"])
      expect(epochNanosOf(v)).toBeUndefined();
  });
});

// 2001-09-09 … 2100: where every format's magnitude is unambiguous (Logpush has no events from the 1970s).
const instant = fc.bigInt({ min: 1_000_000_000_000_000_000n, max: 4_102_444_800_000_000_000n });

describe("properties", () => {
  it("what is written reads back as the same instant, to the format's precision", () => {
    const precision = {
      unixnano: 1n,
      rfc3339ns: 1n,
      rfc3339ms: 1_000_000n,
      rfc3339: 1_000_000_000n,
      unix: 1_000_000_000n,
    } as const;
    fc.assert(
      fc.property(instant, fc.constantFrom(...TIMESTAMP_FORMATS), (n, format) => {
        const text = formatDatetime(n, format);
        const value = text.startsWith('"') ? JSON.parse(text) : Number(text);
        const back = epochNanosOf(value, text.startsWith('"') ? undefined : text);
        return back === n - (n % precision[format]);
      }),
    );
  });

  it("the normaliser reads the same @timestamp from every format (to the format's precision)", () => {
    fc.assert(
      fc.property(instant, (n) => {
        const at = (format: (typeof TIMESTAMP_FORMATS)[number]) => {
          const r = normalise(`{"RayID":"1","Datetime":${formatDatetime(n, format)}}`);
          return r.kind === "event" ? (r.event["@timestamp"] as string) : r.kind;
        };
        const nanos = at("rfc3339ns");
        expect(at("unixnano")).toBe(nanos);
        expect(at("rfc3339ms").slice(0, 23)).toBe(nanos.slice(0, 23));
        expect(at("rfc3339").slice(0, 19)).toBe(nanos.slice(0, 19));
        expect(at("unix").slice(0, 19)).toBe(nanos.slice(0, 19));
      }),
      { numRuns: 200 },
    );
  });
});
