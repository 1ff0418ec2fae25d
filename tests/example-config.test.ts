import * as fs from "fs";
import * as path from "path";
import { GUIDE_FIELDS, resolveJobSettings } from "../components";
import { CONFIG_KEYS, parseStackConfig, parseStackFile } from "../components/stack-config";

const KEY = "QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT";
const exampleText = fs.readFileSync(path.join(__dirname, "..", "Pulumi.example.yaml"), "utf8");

describe("Pulumi.example.yaml", () => {
  it("is a complete, valid stack config once the intake key is set as a secret", () => {
    const { raw } = parseStackFile(exampleText);
    const stack = parseStackConfig({ ...raw, intakeKey: KEY }, new Set(["intakeKey"]));
    expect(stack.zones).toHaveLength(1);
    expect(stack.zones[0].args).toMatchObject({
      region: "FRA1",
      timestampFormat: "rfc3339",
      maxUploadBytes: 5000000,
      maxUploadRecords: 1000,
    });
    // fields is left out (documented, commented): the default, the guide's 28 (an account job: then ZoneName).
    expect(stack.zones[0].args.fields).toBeUndefined();
    expect(resolveJobSettings(stack.zones[0].args).fields).toEqual([...GUIDE_FIELDS]);
  });

  it("its commented fields list is the guide's 28, and its commented account entry is valid", () => {
    const uncommented = exampleText
      .split("\n")
      .map((line) =>
        line.replace(
          /^ {2}# (cloudflare-sekoia-logpush:(fields|accounts):.*|\s+- [A-Z]\w+|\s+- accountId:.*|\s+name: acme.*)$/,
          "  $1",
        ),
      )
      .join("\n");
    const { raw } = parseStackFile(uncommented);
    expect(JSON.parse(raw.fields)).toEqual([...GUIDE_FIELDS]);
    const stack = parseStackConfig(
      { ...raw, zones: undefined, zoneId: undefined, intakeKey: KEY },
      new Set(["intakeKey"]),
    );
    expect(stack.accounts.map((a) => [a.name, a.accountId])).toEqual([["acme", "01a7362d577a6c3019a474fd6f485823"]]);
  });

  it("stays valid with its optional keys uncommented, as it invites (an unquoted date stays text)", () => {
    const optional = exampleText
      .split("\n")
      .map((line) =>
        line.replace(
          /^ {2}# (cloudflare-sekoia-logpush:(filter|createApiToken|apiToken\w+|validateFieldsAgainstZone|maxUploadIntervalSeconds|sampleRate):.*)$/,
          "  $1",
        ),
      )
      .map((line) => line.replace(/^ {2}# (\s+(where|and):.*|\s+- \{.*)$/, "  $1"))
      .join("\n");
    const { raw } = parseStackFile(optional);
    expect(raw.apiTokenExpiresOn).toBe("2027-01-31T00:00:00Z");
    const [zone] = parseStackConfig({ ...raw, intakeKey: KEY }, new Set(["intakeKey"])).zones;
    expect(zone.args.apiToken).toEqual({
      create: true,
      expiresOn: "2027-01-31T00:00:00Z",
      allowedIpRanges: ["192.0.2.0/24"],
      rotation: "2026-11",
    });
    expect(zone.args.filter).toEqual({
      where: {
        and: [
          { key: "ClientRequestHost", operator: "eq", value: "www.example.com" },
          { key: "ClientCountry", operator: "in", value: ["cn", "ru", "kp"] },
          { key: "EdgeResponseStatus", operator: "geq", value: 400 },
          { key: "EdgeResponseStatus", operator: "leq", value: 499 },
        ],
      },
    });
    expect(zone.args.validateFieldsAgainstZone).toBe(true);
    expect(zone.args).toMatchObject({ maxUploadIntervalSeconds: 30, sampleRate: 0.5, enabled: true });
  });

  it.each(CONFIG_KEYS)("shows the key %s, set or commented out, as it says it holds every key", (key) => {
    expect(exampleText).toMatch(new RegExp(`^ {2}(# )?cloudflare-sekoia-logpush:${key}:`, "m"));
  });

  it("lists secure values as secret keys, without a value", () => {
    const file = parseStackFile(
      [
        "config:",
        "  cloudflare-sekoia-logpush:intakeKey:",
        "    secure: v1:abc",
        "  other:key: x",
        "  cloudflare-sekoia-logpush:maxUploadRecords: 2000",
      ].join("\n"),
    );
    expect(file.raw).toEqual({ maxUploadRecords: "2000" });
    expect([...file.secretKeys]).toEqual(["intakeKey"]);
  });
});
