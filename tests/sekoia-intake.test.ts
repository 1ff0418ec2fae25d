/** The SekoiaIntake resource's arguments, checked at preview, and its API URL per region. */
import * as pulumi from "@pulumi/pulumi";
import { SEKOIA_BATCH_ENDPOINTS } from "../components/sekoia";
import { apiUrlProblem, validateSekoiaIntakeArgs } from "../components/sekoia-intake";
import { SEKOIA_API_BASES } from "../components/sekoia-intake-provider";

const ok = { intakeName: "Cloudflare firewall events", apiKey: "sk-0123456789" };

describe("validateSekoiaIntakeArgs", () => {
  it("accepts a name and a key; the entity, region and API URL are optional", () => {
    expect(validateSekoiaIntakeArgs(ok)).toEqual([]);
    expect(
      validateSekoiaIntakeArgs({ ...ok, entity: "Main entity", region: "USA1", apiUrl: "https://x.example/api" }),
    ).toEqual([]);
  });

  it("names each missing or malformed argument, and never echoes the API key", () => {
    expect(validateSekoiaIntakeArgs({})).toEqual([
      "intakeName is required: the intake's name in SEKOIA",
      "apiKey is required: a SEKOIA API key",
    ]);
    expect(validateSekoiaIntakeArgs({ ...ok, intakeName: "  " })).toEqual([
      "intakeName must be the intake's name in SEKOIA, as non-empty text without control characters",
    ]);
    expect(validateSekoiaIntakeArgs({ ...ok, entity: "a\nb" })[0]).toMatch(/^entity must be/);
    expect(validateSekoiaIntakeArgs({ ...ok, region: "EU" })).toEqual([
      'region must be one of FRA1, FRA2, MCO1, UAE1, USA1, SGP1, got "EU"',
    ]);
    const withSpace = validateSekoiaIntakeArgs({ ...ok, apiKey: "sk 0123" });
    expect(withSpace).toEqual([
      "apiKey must be a SEKOIA API key: printable characters without spaces (the value is not shown here)",
    ]);
    expect(withSpace.join()).not.toContain("sk 0123");
  });

  it("leaves Outputs to be checked once known (SEKOIA checks the key)", () => {
    expect(validateSekoiaIntakeArgs({ intakeName: pulumi.output("x"), apiKey: pulumi.secret("k") })).toEqual([]);
  });
});

describe("apiUrlProblem", () => {
  it("takes https anywhere and http on this machine only (the sandbox)", () => {
    expect(apiUrlProblem("https://api.sekoia.io")).toBeUndefined();
    expect(apiUrlProblem("http://127.0.0.1:4000/api")).toBeUndefined();
    expect(apiUrlProblem("http://localhost:4000")).toBeUndefined();
    expect(apiUrlProblem("http://api.sekoia.io")).toBe("must use https (http only on 127.0.0.1), got http:");
    expect(apiUrlProblem("http://127.0.0.2")).toBe("must use https (http only on 127.0.0.1), got http:");
  });

  it("refuses what is not a base URL", () => {
    expect(apiUrlProblem("api.sekoia.io")).toMatch(/^must be a URL such as https:\/\/api\.sekoia\.io/);
    expect(apiUrlProblem("https://api.sekoia.io/?a=1")).toBe("must have no query, fragment or credentials");
    expect(apiUrlProblem("https://u:p@api.sekoia.io")).toBe("must have no query, fragment or credentials");
  });

  it("echoes a bad value by the package's message rule: cut, no control characters", () => {
    const problem = apiUrlProblem("\u001b[2J" + "x".repeat(3000)) ?? "";
    expect(problem).not.toContain("\u001b");
    expect(problem.length).toBeLessThan(200);
  });
});

describe("SEKOIA's API base per region (docs.sekoia.io, API documentation, 'Find your base URL')", () => {
  it("FRA1 is api.sekoia.io; every other region is app.<region>.sekoia.io/api, lower case", () => {
    expect(SEKOIA_API_BASES.FRA1).toBe("https://api.sekoia.io");
    for (const region of Object.keys(SEKOIA_BATCH_ENDPOINTS).filter((r) => r !== "FRA1"))
      expect(SEKOIA_API_BASES[region as keyof typeof SEKOIA_API_BASES]).toBe(
        `https://app.${region.toLowerCase()}.sekoia.io/api`,
      );
  });

  it("covers exactly the regions whose intake URL is known", () => {
    expect(Object.keys(SEKOIA_API_BASES).sort()).toEqual(Object.keys(SEKOIA_BATCH_ENDPOINTS).sort());
  });
});
