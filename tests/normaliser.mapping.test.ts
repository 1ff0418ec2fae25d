/**
 * One test per row of the mapping table: the ECS field is produced from its
 * Cloudflare field, empty strings and nulls are dropped, a wrong type is
 * skipped with a warning. Plus SEKOIA's defects, each fixed.
 */
import { FIELD_INFO, GUIDE_FIELDS } from "../components/fields";
import { MAPPING, normalise, type EcsEvent, type MappingRow } from "../components/normaliser";

function normaliseOk(record: Record<string, unknown>): { event: EcsEvent; warnings: string[] } {
  const result = normalise(record);
  if (result.kind !== "event") throw new Error(`expected an event, got ${result.kind}: ${result.reason}`);
  return result;
}

function at(event: EcsEvent, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], event);
}

/** A valid value for a row's source, and the ECS value it must give. */
function sample(row: MappingRow): { value: unknown; expected: unknown } {
  switch (row.convert) {
    case "timestamp":
      return { value: "2024-05-01T10:00:00Z", expected: "2024-05-01T10:00:00.000000Z" };
    case "ip":
      return { value: "2001:db8::1", expected: "2001:db8::1" };
    case "eventType":
      return { value: "block", expected: ["denied"] };
    case "module":
      return { value: "waf", expected: "cloudflare.waf" };
    case "object":
      return {
        value: { group: "cloudflare_specials", score: 3, nested: { tags: ["a"] } },
        expected: { group: "cloudflare_specials", score: 3, nested: { tags: ["a"] } },
      };
    default: {
      if (row.from === "Action") return { value: "block", expected: "block" };
      const type = FIELD_INFO.get(row.from!)?.type ?? row.type;
      return type === "int" ? { value: 4562, expected: 4562 } : { value: "Some value", expected: "Some value" };
    }
  }
}

const READING_ROWS = MAPPING.filter((row) => row.from !== undefined);

describe("each row of the mapping table", () => {
  it.each(READING_ROWS.map((row) => [row.ecs, row.from!, row] as const))("%s ← %s", (ecs, from, row) => {
    const { value, expected } = sample(row);
    const { event, warnings } = normaliseOk({ [from]: value });
    expect(at(event, ecs)).toEqual(expected);
    expect(warnings.filter((w) => w.startsWith(`${from}:`))).toEqual([]);
  });

  it.each(READING_ROWS.map((row) => [row.ecs, row.from!] as const))(
    "%s is left out when %s is an empty string or null",
    (ecs, from) => {
      for (const empty of ["", null]) {
        // RayID keeps the record a firewall_events record whatever the row.
        const { event } = normaliseOk({ RayID: "7299f155dda47d6b", [from]: empty });
        if (from !== "RayID") expect(at(event, ecs)).toBeUndefined();
      }
    },
  );

  it.each(READING_ROWS.filter((row) => row.convert !== "timestamp").map((row) => [row.ecs, row.from!, row] as const))(
    "%s is skipped, with a warning, when %s has the wrong type",
    (ecs, from, row) => {
      const type = FIELD_INFO.get(from)?.type ?? row.type;
      const wrong = type === "int" ? "4562" : type === "object" ? ["not", "an", "object"] : 4562;
      const { event, warnings } = normaliseOk({ RayID: "7299f155dda47d6b", [from]: wrong });
      if (from !== "RayID") expect(at(event, ecs)).toBeUndefined();
      expect(warnings).toContainEqual(
        expect.stringMatching(new RegExp(`^${from}: expected ${type!.replace(/[[\]]/g, "\\$&")}, got \\w+; skipped$`)),
      );
    },
  );

  it("warns when Datetime is missing, and keeps the event", () => {
    expect(normaliseOk({ RayID: "x" }).warnings).toEqual(["Datetime: missing; @timestamp left out"]);
  });

  it("writes the constants into every event", () => {
    const { event } = normaliseOk({ RayID: "x" });
    expect(event).toEqual({
      event: { kind: "event", category: ["network"], dataset: "firewall-events" },
      observer: { vendor: "Cloudflare", type: "firewall" },
      cloudflare: { RayID: "x" },
    });
  });

  it("reads every field of the guide's list that SEKOIA's Extracted Fields table maps", () => {
    const read = new Set(READING_ROWS.map((row) => row.from));
    // ClientASN … Source: all 28 fields of the guide, none forgotten.
    expect(GUIDE_FIELDS.filter((field) => !read.has(field))).toEqual([]);
  });

  it("produces every ECS field of the guide's Extracted Fields table", () => {
    const extracted = [
      "@timestamp",
      "cloudflare.ClientIPClass",
      "cloudflare.ClientRefererHost",
      "cloudflare.ClientRefererPath",
      "cloudflare.ClientRefererQuery",
      "cloudflare.ClientRefererScheme",
      "cloudflare.EdgeColoCode",
      "cloudflare.EdgeResponseStatus",
      "cloudflare.Kind",
      "cloudflare.OriginResponseStatus",
      "cloudflare.OriginatorRayID",
      "cloudflare.RayID",
      "cloudflare.clientASNDescription",
      "cloudflare.matchIndex",
      "cloudflare.metadata",
      "cloudflare.source",
      "destination.domain",
      "event.action",
      "event.category",
      "event.dataset",
      "event.kind",
      "http.request.bytes",
      "http.request.method",
      "http.request.referrer",
      "http.response.status_code",
      "http.version",
      "network.protocol",
      "rule.id",
      "rule.ruleset",
      "source.as.number",
      "source.geo.country_name",
      "source.ip",
      "source.port",
      "tls.cipher",
      "tls.version_protocol",
      "url.domain",
      "url.path",
      "url.query",
      "url.scheme",
      "user_agent.original",
    ];
    const produced = new Set(MAPPING.map((row) => row.ecs));
    expect(extracted.filter((field) => !produced.has(field))).toEqual([]);
  });
});

describe("SEKOIA's defects, fixed", () => {
  const { event } = normaliseOk({
    Action: "block",
    ClientASN: 4562,
    ClientASNDescription: "PERFORMIVE",
    MatchIndex: 0,
    Metadata: { group: "cloudflare_specials", rule_message: "Version Control - Information Disclosure" },
    RuleID: "100016",
    Description: "Block .env probes",
    Ref: "env-probe",
  });

  it.each([
    ["source.as.number", 4562],
    ["source.as.organization.name", "PERFORMIVE"],
    ["cloudflare.clientASNDescription", "PERFORMIVE"],
    ["rule.id", "100016"],
    ["cloudflare.matchIndex", 0],
    ["cloudflare.metadata", { group: "cloudflare_specials", rule_message: "Version Control - Information Disclosure" }],
    ["rule.description", "Block .env probes"],
    ["rule.reference", "env-probe"],
  ])("sets %s", (path, expected) => {
    expect(at(event, path)).toEqual(expected);
  });

  it("keeps MatchIndex 0 (a falsy value is still a value)", () => {
    expect(at(event, "cloudflare.matchIndex")).toBe(0);
  });
});

describe("SEKOIA's mapping, reproduced", () => {
  it("sets source.ip only when ClientIP is an IP address, and says so otherwise", () => {
    const { event, warnings } = normaliseOk({ ClientIP: "not-an-ip", Datetime: 1657630626 });
    expect(event.source).toBeUndefined();
    expect(warnings).toEqual(['ClientIP: not an IP address "not-an-ip"; skipped']);
  });

  it("keeps ClientCountry as sent (a 2-letter code), and names event.module after Source", () => {
    const { event } = normaliseOk({ ClientCountry: "us", Source: "firewallmanaged" });
    expect(at(event, "source.geo.country_name")).toBe("us");
    expect(at(event, "event.module")).toBe("cloudflare.firewallmanaged");
    expect(at(event, "cloudflare.source")).toBe("firewallmanaged");
  });

  it("fills http.version and network.protocol from ClientRequestProtocol", () => {
    const { event } = normaliseOk({ ClientRequestProtocol: "HTTP/2" });
    expect(at(event, "http.version")).toBe("HTTP/2");
    expect(at(event, "network.protocol")).toBe("HTTP/2");
  });

  it("does not carry fields outside the table (they stay in message when it is kept)", () => {
    const { event } = normaliseOk({ RayID: "x", FraudUserID: "u-1", LeakedCredentialCheckResult: "clean" });
    expect(JSON.stringify(event)).not.toContain("u-1");
    expect(JSON.stringify(event)).not.toContain("clean");
  });
});

describe("ZoneName, from an account-scoped job (Cloudflare changelog 2026-06-30)", () => {
  const record = {
    RayID: "8a1b2c3d4e5f6a7b",
    Action: "block",
    ClientRequestHost: "api.example.com",
    Datetime: "2026-07-01T10:00:00Z",
  };

  it("lands in cloudflare.ZoneName, apart from the request's domain", () => {
    const { event, warnings } = normaliseOk({ ...record, ZoneName: "example.com" });
    expect(at(event, "cloudflare.ZoneName")).toBe("example.com");
    expect(at(event, "destination.domain")).toBe("api.example.com");
    expect(warnings).toEqual([]);
  });

  it("is absent from a zone job's event, which has no ZoneName", () => {
    const { event } = normaliseOk(record);
    expect(at(event, "cloudflare.ZoneName")).toBeUndefined();
  });

  it("a ZoneName that is not a string is skipped with a warning, the event kept", () => {
    const { event, warnings } = normaliseOk({ ...record, ZoneName: 42 });
    expect(at(event, "cloudflare.ZoneName")).toBeUndefined();
    expect(warnings.join("\n")).toMatch(/ZoneName/);
    expect(at(event, "cloudflare.RayID")).toBe("8a1b2c3d4e5f6a7b");
  });
});
