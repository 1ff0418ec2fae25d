import {
  isIpOrCidr,
  validateExpiresOn,
  validateFields,
  validateIntakeKey,
  validateJobName,
  validateUploadLimit,
  validateZoneId,
} from "../components/validation";
import { validateFilter } from "../components/filter";
import { missingFields } from "../components/args";

// The other side of bad-inputs.test.ts: what users will write must pass.
describe("valid inputs pass the pure checks", () => {
  it.each(["192.0.2.1", "192.0.2.0/24", "0.0.0.0/0", "2001:db8::/32", "2001:db8::1", "::/0"])("IP range %s", (v) =>
    expect(isIpOrCidr(v)).toBe(true),
  );
  it.each(["192.0.2.0/33", "2001:db8::/129", "192.0.2.0/", "192.0.2.0/24/1", "example.com", "192.0.2.0/+1"])(
    "not an IP range: %s",
    (v) => expect(isIpOrCidr(v)).toBe(false),
  );

  it("SEKOIA-style keys and keys with URL-safe punctuation", () => {
    for (const k of ["QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT", "a-b_c.d~e", "ab+cd:ef@"])
      expect(validateIntakeKey(k)).toEqual([]);
  });

  it("limits at their bounds, and 0 for off", () => {
    for (const v of [0, 5_000_000, 1_000_000_000]) expect(validateUploadLimit(v, "maxUploadBytes")).toEqual([]);
    for (const v of [0, 1_000, 1_000_000]) expect(validateUploadLimit(v, "maxUploadRecords")).toEqual([]);
    for (const v of [0, 30, 300]) expect(validateUploadLimit(v, "maxUploadIntervalSeconds")).toEqual([]);
  });

  it("zone IDs, job names, expiry dates, deprecated fields", () => {
    expect(validateZoneId("023e105f4ecef8ad9ca31a8372d0c353")).toEqual([]);
    expect(validateJobName("www.example.com-waf")).toEqual([]);
    expect(validateExpiresOn("2027-01-31T00:00:00Z")).toEqual([]);
    expect(validateExpiresOn("2027-02-31T00:00:00Z")).not.toEqual([]); // no 31 February, although the shape is right
    expect(validateFields(["FirewallForAIInjectionScore", "RayID"])).toEqual([]);
  });

  it("filters from Cloudflare's documentation", () => {
    expect(
      validateFilter({
        where: {
          and: [
            { key: "ClientCountry", operator: "!eq", value: "ca" },
            { key: "EdgeResponseStatus", operator: "geq", value: 400 },
          ],
        },
      }),
    ).toEqual([]);
    expect(
      validateFilter({
        where: {
          or: [
            { key: "ClientCountry", operator: "in", value: ["fr", "de"] },
            { and: [{ key: "ClientRequestPath", operator: "contains", value: "/static" }] },
          ],
        },
      }),
    ).toEqual([]);
    expect(validateFilter({ where: { key: "EdgeResponseStatus", operator: "in", value: [200, 201] } })).toEqual([]);
  });
});

describe("missingFields", () => {
  it("lists the chosen fields the zone does not offer, in the chosen order", () => {
    expect(missingFields(["Action", "Ref", "RayID", "Description"], ["Action", "RayID"])).toEqual([
      "Ref",
      "Description",
    ]);
    expect(missingFields(["Action"], ["Action", "RayID"])).toEqual([]);
  });
});
