/** @timestamp from every Logpush timestamp format, printed as SEKOIA prints it. */
import fc from "fast-check";
import { fromRfc3339, parseDatetime, plainUtcRfc3339 } from "../components/normaliser/timestamp";

describe("parseDatetime", () => {
  it.each([
    // unixnano, unix, and the other magnitudes a number can have
    [1657630626219000000, undefined, "2022-07-12T12:57:06.219000Z"],
    [1657630626, undefined, "2022-07-12T12:57:06.000000Z"],
    [1657630626.5, undefined, "2022-07-12T12:57:06.500000Z"],
    [1657630626219, undefined, "2022-07-12T12:57:06.219000Z"],
    [1657630626219123, undefined, "2022-07-12T12:57:06.219123Z"],
    [0, undefined, "1970-01-01T00:00:00.000000Z"],
    // exact digits of the raw line win over the rounded number
    [1657630626220000000, "1657630626219999999", "2022-07-12T12:57:06.219999Z"],
    ["1657630626219999999", undefined, "2022-07-12T12:57:06.219999Z"],
    ["1657630626", undefined, "2022-07-12T12:57:06.000000Z"],
    ["1657630626.25", undefined, "2022-07-12T12:57:06.250000Z"],
    // RFC 3339, every precision, every offset; fractions are cut, never rounded up
    ["2022-07-12T12:57:06Z", undefined, "2022-07-12T12:57:06.000000Z"],
    ["2022-07-12T12:57:06.2Z", undefined, "2022-07-12T12:57:06.200000Z"],
    ["2022-07-12T12:57:06.219999999Z", undefined, "2022-07-12T12:57:06.219999Z"],
    ["2022-07-12t12:57:06z", undefined, "2022-07-12T12:57:06.000000Z"],
    ["2022-07-12 12:57:06Z", undefined, "2022-07-12T12:57:06.000000Z"],
    ["2022-07-12T12:57:06+00:00", undefined, "2022-07-12T12:57:06.000000Z"],
    ["2022-07-12T12:57:06-00:00", undefined, "2022-07-12T12:57:06.000000Z"],
    ["2022-07-13T01:57:06.5+13:00", undefined, "2022-07-12T12:57:06.500000Z"],
    ["2022-12-31T23:30:00-01:00", undefined, "2023-01-01T00:30:00.000000Z"],
    ["2024-02-29T00:00:00Z", undefined, "2024-02-29T00:00:00.000000Z"],
    ["2016-12-31T23:59:60Z", undefined, "2017-01-01T00:00:00.000000Z"],
  ])("%j (digits %s) → %s", (value, digits, expected) => {
    expect(parseDatetime(value, digits)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["2022-07-12", "not a Logpush timestamp"],
    ["2022-07-12T12:57:06", "not a Logpush timestamp"], // no offset: local time of nowhere
    ["2022-13-12T12:57:06Z", "not a Logpush timestamp"],
    ["2023-02-29T12:57:06Z", "not a Logpush timestamp"],
    ["2022-07-12T24:00:00Z", "not a Logpush timestamp"],
    ["2022-07-12T12:57:06+24:00", "not a Logpush timestamp"],
    ["", "not a Logpush timestamp"],
    ["-1657630626", "not a Logpush timestamp"],
    [-1, "not a Logpush timestamp"],
    [1e300, "not a Logpush timestamp"],
    ["99999999999999999999999999", "not a Logpush timestamp"],
  ])("%j is unparseable (%s)", (value, why) => {
    const result = parseDatetime(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(why);
  });

  it("refuses a year SEKOIA's format cannot print", () => {
    expect(parseDatetime("9999-12-31T23:59:59-01:00")).toEqual({
      ok: false,
      reason: expect.stringContaining("out of range"),
    });
  });

  it.each([[true], [null], [{ seconds: 1 }], [[1657630626]]])("refuses %j with its type", (value) => {
    expect(parseDatetime(value)).toEqual({ ok: false, reason: expect.stringMatching(/^expected int or string, got /) });
  });
});

describe("plainUtcRfc3339 (the regex-free reading of what Logpush writes)", () => {
  it.each([
    ["2024-05-29T16:26:44Z", "2024-05-29T16:26:44.000000Z"],
    ["2024-05-29T16:26:44z", "2024-05-29T16:26:44.000000Z"],
    ["2024-05-29T16:26:44.1Z", "2024-05-29T16:26:44.100000Z"],
    ["2024-05-29T16:26:44.123456789Z", "2024-05-29T16:26:44.123456Z"],
    ["2024-02-29T23:59:59Z", "2024-02-29T23:59:59.000000Z"],
    ["2000-02-29T00:00:00Z", "2000-02-29T00:00:00.000000Z"],
    ["0000-01-01T00:00:00Z", "0000-01-01T00:00:00.000000Z"],
  ])("reads %s as %s", (text, expected) => {
    expect(plainUtcRfc3339(text)).toBe(expected);
  });

  it.each([
    // the boundary's next value, each left to the regex (which reads or refuses it the same as before)
    "2023-02-29T00:00:00Z",
    "1900-02-29T00:00:00Z",
    "2024-04-31T00:00:00Z",
    "2024-13-01T00:00:00Z",
    "2024-00-01T00:00:00Z",
    "2024-01-00T00:00:00Z",
    "2024-01-01T24:00:00Z",
    "2024-01-01T00:60:00Z",
    "2016-12-31T23:59:60Z",
    "2024-05-29t16:26:44Z",
    "2024-05-29 16:26:44Z",
    "2024-05-29T16:26:44+00:00",
    "2024-05-29T16:26:44.Z",
    "2024-05-29T16:26:44.1aZ",
    "2024-05-29T16:26:44",
    "2024-05-29T16:26:4xZ",
    "2024-05-29T16:26:44ZZ",
    "２０２４-05-29T16:26:44Z",
  ])("leaves %s to the general reading", (text) => {
    expect(plainUtcRfc3339(text)).toBeUndefined();
  });

  it("answers as the general reading whenever it answers, and answers for every valid UTC Z form", () => {
    const digit = fc.constantFrom(..."0123456789\u0660x".split(""));
    const two = fc.tuple(digit, digit).map(([a, b]) => a + b);
    const separator = (usual: string, ...others: string[]) => fc.oneof(fc.constant(usual), fc.constantFrom(...others));
    const text = fc
      .tuple(
        fc.tuple(two, two),
        separator("-", "/", ""),
        fc.oneof(
          two,
          fc.integer({ min: 1, max: 12 }).map((m) => String(m).padStart(2, "0")),
        ),
        fc.oneof(
          two,
          fc.integer({ min: 1, max: 31 }).map((d) => String(d).padStart(2, "0")),
        ),
        separator("T", "t", " "),
        fc.tuple(two, two, two),
        fc.oneof(
          fc.constant(""),
          fc.string({ unit: digit, maxLength: 12 }).map((f) => `.${f}`),
        ),
        separator("Z", "z", "+00:00", "-01:30", ""),
      )
      .map(
        ([[c, y], dash, m, d, t, [h, mi, s], fraction, zone]) =>
          `${c}${y}${dash}${m}${dash}${d}${t}${h}:${mi}:${s}${fraction}${zone}`,
      );
    fc.assert(
      fc.property(text, (value) => {
        const general = fromRfc3339(value);
        const fast = plainUtcRfc3339(value);
        if (fast !== undefined) expect(general).toEqual({ ok: true, value: fast });
        const utcZ = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:[0-5]\d(\.\d+)?[Zz]$/.test(value);
        if (utcZ && general.ok) expect(fast).toBe(general.value);
        expect(parseDatetime(value)).toEqual(general);
      }),
      { numRuns: 5000 },
    );
  });
});
