/**
 * The documented sample: the raw record behind the guide's "Event Samples" gives
 * exactly the event the guide shows, plus observer.vendor / observer.type,
 * whatever timestamp format the Logpush job uses.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { normalise, type EcsEvent } from "../components/normaliser";

const FIXTURES = join(__dirname, "fixtures", "normaliser");
const RAW = readFileSync(join(FIXTURES, "documented-sample.raw.ndjson"), "utf8").trim();
const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, "documented-sample.expected.json"), "utf8")) as EcsEvent;

function eventOf(input: unknown): EcsEvent {
  const result = normalise(input);
  if (result.kind !== "event") throw new Error(`expected an event, got ${result.kind}: ${result.reason}`);
  return result.event;
}

/** The raw record with its Datetime written another way (raw JSON text of the value). */
function withDatetime(json: string): string {
  return RAW.replace('"Datetime":1657630626219000000', `"Datetime":${json}`);
}

describe("the documented sample", () => {
  it("gives exactly the guide's event plus observer.vendor and observer.type", () => {
    const result = normalise(RAW);
    expect(result).toEqual({ kind: "event", event: EXPECTED, warnings: [], oversize: false });
  });

  it("gives the same event from the parsed object", () => {
    expect(eventOf(JSON.parse(RAW))).toEqual(EXPECTED);
  });

  it("keeps the raw line as message only when asked, as SEKOIA keeps it", () => {
    expect(eventOf(RAW)).not.toHaveProperty("message");
    const result = normalise(RAW, { original: RAW });
    expect(result.kind === "event" && result.event).toEqual({ message: RAW, ...EXPECTED });
  });

  // Logpush's timestamp_format values; the microseconds follow the precision of the format.
  it.each([
    ["unixnano (number)", "1657630626219000000", "2022-07-12T12:57:06.219000Z"],
    ["unixnano (text)", '"1657630626219000000"', "2022-07-12T12:57:06.219000Z"],
    ["unix (number)", "1657630626", "2022-07-12T12:57:06.000000Z"],
    ["unix (text)", '"1657630626"', "2022-07-12T12:57:06.000000Z"],
    ["rfc3339", '"2022-07-12T12:57:06Z"', "2022-07-12T12:57:06.000000Z"],
    ["rfc3339ms", '"2022-07-12T12:57:06.219Z"', "2022-07-12T12:57:06.219000Z"],
    ["rfc3339ns", '"2022-07-12T12:57:06.219000000Z"', "2022-07-12T12:57:06.219000Z"],
    ["rfc3339 with a positive offset", '"2022-07-12T14:57:06+02:00"', "2022-07-12T12:57:06.000000Z"],
    ["rfc3339ns with a negative offset", '"2022-07-12T07:27:06.219000000-05:30"', "2022-07-12T12:57:06.219000Z"],
  ])("reads Datetime as %s", (_format, datetime, timestamp) => {
    expect(eventOf(withDatetime(datetime))).toEqual({ ...EXPECTED, "@timestamp": timestamp });
  });

  it("reads unixnano to the exact microsecond from the line, although JSON numbers above 2^53 are rounded", () => {
    // 1657630626219999999 ns is 12:57:06.219999(999); as a double it becomes ...220000000.
    const line = withDatetime("1657630626219999999");
    expect(eventOf(line)["@timestamp"]).toBe("2022-07-12T12:57:06.219999Z");
    // The parsed object has already lost the digits: documented, not hidden.
    expect(eventOf(JSON.parse(line))["@timestamp"]).toBe("2022-07-12T12:57:06.220000Z");
  });

  it("leaves @timestamp out of an event whose Datetime cannot be read, says why, and keeps the event", () => {
    const result = normalise(withDatetime('"12/07/2022 12:57"'));
    expect(result.kind).toBe("event");
    if (result.kind !== "event") return;
    const { "@timestamp": _dropped, ...rest } = EXPECTED;
    expect(result.event).toEqual(rest);
    expect(result.warnings).toEqual([
      'Datetime: unparseable value "12/07/2022 12:57" (not a Logpush timestamp); @timestamp left out',
    ]);
  });
});
