import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { COMPONENT_TYPE, FirewallEventsLogpush, validateArgs } from "../components";

// What `pulumi package add` infers for Python, Go, YAML… users, computed without the CLI.
interface Prop {
  type?: string;
  $ref?: string;
  description?: string;
  items?: Prop;
}
interface Schema {
  name: string;
  resources: Record<
    string,
    {
      isComponent: boolean;
      inputProperties: Record<string, Prop>;
      requiredInputs: string[];
      properties: Record<string, Prop>;
      description: string;
    }
  >;
  types: Record<string, { properties: Record<string, Prop> }>;
}

const root = path.join(__dirname, "..");
let schema: Schema;
beforeAll(async () => {
  const provider = new ComponentProvider({
    components: [FirewallEventsLogpush],
    name: "cloudflare-sekoia-logpush",
    dirname: root,
  });
  schema = JSON.parse(await provider.getSchema());
}, 120_000);

const component = () => schema.resources[COMPONENT_TYPE];

describe("the multi-language schema", () => {
  it("has the component under its type token, as a component", () => {
    expect(schema.name).toBe("cloudflare-sekoia-logpush");
    expect(Object.keys(schema.resources)).toEqual([COMPONENT_TYPE]);
    expect(component().isComponent).toBe(true);
    expect(fs.readFileSync(path.join(root, "PulumiPlugin.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
  });

  it("takes every argument, zoneId and intakeKey required, with types other languages can pass", () => {
    const inputs = component().inputProperties;
    expect(Object.keys(inputs).sort()).toEqual(
      [
        "apiToken",
        "enabled",
        "fields",
        "filter",
        "intakeKey",
        "jobName",
        "maxUploadBytes",
        "maxUploadIntervalSeconds",
        "maxUploadRecords",
        "region",
        "sampleRate",
        "timestampFormat",
        "validateFieldsAgainstZone",
        "zoneId",
      ].sort(),
    );
    expect(component().requiredInputs.sort()).toEqual(["intakeKey", "zoneId"]);
    expect(inputs.fields).toMatchObject({ type: "array", items: { type: "string" } });
    expect(inputs.maxUploadBytes.type).toBe("number");
    expect(inputs.filter.$ref).toBe("#/types/cloudflare-sekoia-logpush:index:LogpushFilter");
    expect(schema.types["cloudflare-sekoia-logpush:index:FilterNode"].properties.value.$ref).toBe("pulumi.json#/Any");
    expect(Object.keys(schema.types["cloudflare-sekoia-logpush:index:ApiTokenOptions"].properties).sort()).toEqual([
      "allowedIpRanges",
      "create",
      "expiresOn",
      "name",
      "permissions",
      "rotation",
    ]);
  });

  it("documents every input and output (the JSDoc becomes the other languages' docs)", () => {
    const undocumented = Object.entries({ ...component().inputProperties, ...component().properties }).filter(
      ([, p]) => !p.description,
    );
    expect(undocumented.map(([k]) => k)).toEqual([]);
    expect(component().inputProperties.region.description).toMatch(/FRA1, FRA2, MCO1, UAE1, USA1 or SGP1/);
    expect(component().description).toMatch(/firewall events to SEKOIA\.IO/);
  });

  it("exposes the outputs users export", () => {
    expect(Object.keys(component().properties).sort()).toEqual([
      "apiToken",
      "apiTokenId",
      "apiTokenValue",
      "destination",
      "job",
      "jobId",
    ]);
  });

  it("the YAML example uses the component's type and only arguments the schema has, with valid values", () => {
    const program = yaml.load(fs.readFileSync(path.join(root, "examples", "yaml", "Pulumi.yaml"), "utf8")) as {
      packages: Record<string, string>;
      resources: Record<string, { type: string; properties: Record<string, unknown> }>;
    };
    expect(program.packages["cloudflare-sekoia-logpush"]).toBe("../..");
    const waf = program.resources.waf;
    expect(waf.type).toBe(COMPONENT_TYPE);
    for (const key of Object.keys(waf.properties)) expect(component().inputProperties).toHaveProperty(key);
    const literal = { ...waf.properties, zoneId: "023e105f4ecef8ad9ca31a8372d0c353", intakeKey: "KEY123" };
    expect(validateArgs(literal as never)).toEqual([]);
  });
});
