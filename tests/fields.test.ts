import * as fs from "fs";
import * as path from "path";
import {
  ACCOUNT_FIELD_NAMES,
  FIELD_INFO,
  FIELD_NAMES,
  FIREWALL_EVENTS_FIELDS,
  GUIDE_FIELDS,
  isAccountOnlyField,
  isKnownField,
} from "../components/fields";
import { SCOPES } from "../components/scope";

// The guide's field list, copied from its "Create a Logpush job" step.
const GUIDE_LIST =
  "Action,ClientASN,ClientASNDescription,ClientCountry,ClientIP,ClientIPClass,ClientRefererHost,ClientRefererPath,ClientRefererQuery,ClientRefererScheme,ClientRequestHost,ClientRequestMethod,ClientRequestPath,ClientRequestProtocol,ClientRequestQuery,ClientRequestScheme,ClientRequestUserAgent,Datetime,EdgeColoCode,EdgeResponseStatus,Kind,MatchIndex,Metadata,OriginResponseStatus,OriginatorRayID,RayID,RuleID,Source";

describe("field catalogue", () => {
  it("defaults to the guide's 28 fields in the guide's order", () => {
    expect(GUIDE_FIELDS.join(",")).toBe(GUIDE_LIST);
    expect(GUIDE_FIELDS).toHaveLength(28);
  });

  it("holds the 46 documented fields, without duplicates", () => {
    expect(FIELD_NAMES).toHaveLength(46);
    expect(new Set(FIELD_NAMES).size).toBe(46);
  });

  it("agrees with the researched reference list when it is present", () => {
    const ref = path.join(__dirname, "..", "..", "shared", "reference", "firewall_events_fields.json");
    if (!fs.existsSync(ref)) return; // the reference lives beside the checkout, not in the package
    const { fields } = JSON.parse(fs.readFileSync(ref, "utf8")) as { fields: { name: string; type: string }[] };
    expect(FIREWALL_EVENTS_FIELDS.map((f) => [f.name, f.type])).toEqual(fields.map((f) => [f.name, f.type]));
  });

  it("knows documented names and refuses others, case-sensitively", () => {
    expect(isKnownField("RayID")).toBe(true);
    expect(isKnownField("rayid")).toBe(false);
    expect(isKnownField("__proto__")).toBe(false);
  });
});

describe("the account-scoped dataset's fields (Cloudflare changelog 2026-06-30)", () => {
  it("are the zone dataset's 46, then ZoneName, a string", () => {
    expect(ACCOUNT_FIELD_NAMES).toEqual([...FIELD_NAMES, "ZoneName"]);
    expect(FIELD_INFO.get("ZoneName")).toEqual({ name: "ZoneName", type: "string", inGuide: false });
  });

  it("ZoneName is no field of the zone dataset", () => {
    expect(isKnownField("ZoneName")).toBe(false);
    expect(isAccountOnlyField("ZoneName")).toBe(true);
    expect(isAccountOnlyField("RayID")).toBe(false);
    expect(FIELD_NAMES).not.toContain("ZoneName");
  });

  it("the scopes' defaults: the guide's 28, and the guide's 28 then ZoneName", () => {
    expect(SCOPES.zone.defaultFields).toEqual(GUIDE_FIELDS);
    expect(SCOPES.account.defaultFields).toEqual([...GUIDE_FIELDS, "ZoneName"]);
  });
});
