/** @timestamp from every Logpush timestamp format, printed as SEKOIA prints it. */
import { parseDatetime } from "../components/normaliser/timestamp";

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
