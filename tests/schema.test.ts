import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as yaml from "js-yaml";
import * as pulumi from "@pulumi/pulumi";
import { getPulumiComponents } from "@pulumi/pulumi/provider/experimental/provider";
import { ACCOUNT_FIELD_NAMES, COMPONENT_TYPE, SEKOIA_REGIONS, TIMESTAMP_FORMATS, validateArgs } from "../components";
import { installMocks, LOGPUSH_JOB, settle, valueOf } from "../components/testing/mocks";
import { FirewallEventsLogpushProvider } from "../provider/provider";
import { packageSchema } from "../provider/schema";

// What `pulumi package add` gives Python, Go, C#, Java and YAML users, checked without the CLI.
interface Prop {
  type?: string;
  $ref?: string;
  description?: string;
  items?: Prop;
  plain?: boolean;
  secret?: boolean;
}
interface Schema {
  name: string;
  version: string;
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
  types: Record<string, { type: string; enum?: { name: string; value: string }[]; properties?: Record<string, Prop> }>;
}

const root = path.join(__dirname, "..");
const T = (name: string) => `cloudflare-sekoia-logpush:index:${name}`;
const schema = packageSchema("0.2.0") as unknown as Schema;
const component = () => schema.resources[COMPONENT_TYPE];
const enumValues = (name: string) => schema.types[T(name)].enum!.map((e) => e.value);

describe("the multi-language schema", () => {
  it("has the component under its type token, as a component", () => {
    expect(schema.name).toBe("cloudflare-sekoia-logpush");
    expect(Object.keys(schema.resources)).toEqual([COMPONENT_TYPE]);
    expect(component().isComponent).toBe(true);
    expect(fs.readFileSync(path.join(root, "PulumiPlugin.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
  });

  it("declares region, timestamp format and fields as enums holding exactly the TypeScript unions' values", () => {
    const inputs = component().inputProperties;
    expect(inputs.region.$ref).toBe(`#/types/${T("SekoiaRegion")}`);
    expect(inputs.timestampFormat.$ref).toBe(`#/types/${T("TimestampFormat")}`);
    expect(inputs.fields.items!.$ref).toBe(`#/types/${T("FirewallEventsField")}`);
    expect(enumValues("SekoiaRegion")).toEqual([...SEKOIA_REGIONS]);
    expect(enumValues("TimestampFormat")).toEqual([...TIMESTAMP_FORMATS]);
    // The zone dataset's 46 fields, then ZoneName (account-scoped jobs only: the component refuses it for a zone).
    expect(enumValues("FirewallEventsField")).toEqual([...ACCOUNT_FIELD_NAMES]);
  });

  it("takes every argument, intakeKey required (and one of zoneId / accountId, checked by the component), the key secret, the rest plain", () => {
    const inputs = component().inputProperties;
    expect(component().requiredInputs.sort()).toEqual(["intakeKey"]);
    expect([inputs.zoneId.type, inputs.accountId.type]).toEqual(["string", "string"]);
    expect(inputs.intakeKey.secret).toBe(true);
    expect(
      Object.keys(inputs)
        .filter((k) => !inputs[k].plain)
        .sort(),
    ).toEqual(["accountId", "intakeKey", "zoneId"]);
    expect(inputs.filter.$ref).toBe(`#/types/${T("LogpushFilter")}`);
    expect(schema.types[T("FilterNode")].properties!.value.$ref).toBe("pulumi.json#/Any");
    expect(Object.keys(schema.types[T("ApiTokenOptions")].properties!).sort()).toEqual([
      "allowedIpRanges",
      "create",
      "expiresOn",
      "name",
      "permissions",
      "rotation",
    ]);
  });

  it("documents every input, output, type and property (the descriptions become the other languages' docs)", () => {
    const props = [
      ...Object.entries({ ...component().inputProperties, ...component().properties }),
      ...Object.values(schema.types).flatMap((t) => Object.entries(t.properties ?? {})),
    ];
    expect(props.filter(([, p]) => !p.description).map(([k]) => k)).toEqual([]);
    expect(component().description).toMatch(/firewall events to SEKOIA\.IO/);
  });

  it("exposes the outputs users export, the token value and the destination secret", () => {
    const outputs = component().properties;
    expect(Object.keys(outputs).sort()).toEqual([
      "apiToken",
      "apiTokenId",
      "apiTokenValue",
      "destination",
      "job",
      "jobId",
      "scope",
    ]);
    expect(outputs.job.$ref).toMatch(
      /^\/cloudflare\/v6\.\d+\.\d+\/schema\.json#\/resources\/cloudflare:index%2FlogpushJob:LogpushJob$/,
    );
    expect([outputs.apiTokenValue.secret, outputs.destination.secret]).toEqual([true, true]);
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

describe("the provider other languages call", () => {
  const mocks = installMocks("plugin");

  it("constructs the component from the engine's inputs and returns its outputs", async () => {
    const provider = new FirewallEventsLogpushProvider("0.2.0");
    const result = await provider.construct(
      "waf",
      COMPONENT_TYPE,
      { zoneId: "023e105f4ecef8ad9ca31a8372d0c353", intakeKey: pulumi.secret("KEY123"), region: "FRA2" },
      {},
    );
    expect(await valueOf(pulumi.output(result.urn))).toMatch(/FirewallEventsLogpush::waf$/);
    expect(await valueOf(result.state.jobId as pulumi.Output<string>)).toBe("101");
    expect(await pulumi.isSecret(result.state.destination as pulumi.Output<string>)).toBe(true);
    expect(mocks.byType(LOGPUSH_JOB)[0].inputs.destinationConf).toMatch(/^https:\/\/intake\.fra2\.sekoia\.io\//);
  });

  it("constructs an account-scoped component from accountId, and says its scope", async () => {
    const provider = new FirewallEventsLogpushProvider("0.2.0");
    const result = await provider.construct(
      "acct",
      COMPONENT_TYPE,
      { accountId: "01a7362d577a6c3019a474fd6f485823", intakeKey: pulumi.secret("KEY123") },
      {},
    );
    expect(await valueOf(result.state.scope as pulumi.Output<string>)).toBe("account");
    await settle([result.state.job as pulumi.Resource]);
    const job = mocks.byType(LOGPUSH_JOB).find((r) => r.name === "acct-job");
    expect(job?.inputs.accountId).toBe("01a7362d577a6c3019a474fd6f485823");
  });

  it("refuses another type token, and a bad input with the component's own message", async () => {
    const provider = new FirewallEventsLogpushProvider("0.2.0");
    await expect(provider.construct("x", "cloudflare-sekoia-logpush:index:Other", {}, {})).rejects.toThrow(
      /unknown resource type .*Other/,
    );
    await expect(
      provider.construct(
        "x",
        COMPONENT_TYPE,
        { zoneId: "023e105f4ecef8ad9ca31a8372d0c353", intakeKey: "K", region: "fra2" },
        {},
      ),
    ).rejects.toThrow(/region must be one of FRA1, FRA2/);
  });
});

// Discovery as `pulumi package add` does it: Pulumi's Node.js plugin host (@pulumi/pulumi/cmd/run-plugin)
// requires the package directory. It must start this provider (not infer a schema from the stack program).
describe("component discovery by Pulumi's plugin host", () => {
  let host: ChildProcess | undefined;
  afterEach(() => host?.kill());

  it("the package's main is the provider entry: a function, no component classes to infer from", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const entry = require(root) as unknown;
    expect(typeof entry).toBe("function");
    expect(getPulumiComponents(entry)).toEqual([]);
  });

  it("run-plugin on the package directory serves the hand-written schema over gRPC", async () => {
    const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin");
    // The engine address is only dialled for logging; nothing listens there.
    host = spawn(process.execPath, [runPlugin, root, "127.0.0.1:1"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    host.stderr!.on("data", (d) => (stderr += String(d)));
    const port = await new Promise<string>((resolve, reject) => {
      let out = "";
      host!.stdout!.on("data", (d) => {
        out += String(d);
        const m = /^(\d+)\s*$/m.exec(out);
        if (m) resolve(m[1]);
      });
      host!.on("exit", (code) => reject(new Error(`plugin host exited ${code}: ${stderr}`)));
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const rpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pb = require("@pulumi/pulumi/proto/provider_pb");
    const client = new rpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const served = await new Promise<Schema>((resolve, reject) =>
      client.getSchema(new pb.GetSchemaRequest(), (err: Error | null, res: { getSchema(): string }) =>
        err ? reject(err) : resolve(JSON.parse(res.getSchema())),
      ),
    );
    client.close();
    const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    expect(served.version).toBe(version);
    expect(Object.keys(served.resources)).toEqual([COMPONENT_TYPE]);
    expect(served.types[T("SekoiaRegion")].enum!.map((e) => e.value)).toEqual([...SEKOIA_REGIONS]);
  }, 120_000);
});
