/**
 * The SEKOIA intake's dynamic provider, over HTTP against the sandbox's
 * SEKOIA-compatible server (configuration API mounted on the intake), and
 * serialised as Pulumi serialises it.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import { startIntake, type LocalIntake } from "../components/sandbox/intake-server";
import { SekoiaConfigApi, type SekoiaPermission } from "../components/sandbox/sekoia-config-api";
import {
  CLOUDFLARE_FIREWALL_EVENTS_FORMAT_UUID,
  SEKOIA_API_BASES,
  chooseEntity,
  scrubSekoiaMessage,
  replacedBy,
  sekoiaIntakeProvider,
  type SekoiaIntakeInputs,
  type SekoiaIntakeOutputs,
} from "../components/sekoia-intake-provider";

const API_KEY = "sk-test-9f8e7d6c5b4a3210";
type Provider = Required<typeof sekoiaIntakeProvider>;
// The provider's own methods, with the results this provider always gives (create and update return outs).
const provider = sekoiaIntakeProvider as Omit<Provider, "create"> & {
  create(inputs: SekoiaIntakeInputs): Promise<{ id: string; outs: SekoiaIntakeOutputs }>;
};

let server: LocalIntake;
let api: SekoiaConfigApi;

async function serve(options: { entities?: string[]; permissions?: SekoiaPermission[] } = {}) {
  api = new SekoiaConfigApi({ apiKey: API_KEY, ...options });
  server = await startIntake({ configApi: api });
}

afterEach(async () => server?.close());

const inputs = (over: Partial<SekoiaIntakeInputs> = {}): SekoiaIntakeInputs => ({
  intakeName: "Cloudflare firewall events (prod)",
  region: "FRA1",
  apiUrl: server.origin,
  apiKey: API_KEY,
  ...over,
});

/** Sends one event to the intake with this key; resolves to the HTTP status. */
async function sendEvent(intakeKey: string): Promise<number> {
  const response = await fetch(`${server.origin}/plain/batch`, {
    method: "POST",
    headers: { "X-SEKOIAIO-INTAKE-KEY": intakeKey },
    body: '{"RayID":"7299f155dda47d6b","Action":"block"}\n',
  });
  return response.status;
}

/** Deletes an intake as a person would, through the API, behind Pulumi's back. */
async function deleteByHand(uuid: string): Promise<number> {
  const response = await fetch(`${server.origin}/v1/sic/conf/intakes/${uuid}`, {
    method: "DELETE",
    headers: { Authorization: `Bearer ${API_KEY}` },
  });
  return response.status;
}

describe("the SEKOIA intake provider against the emulated configuration API", () => {
  it("creates an intake of the Cloudflare Firewall Events format in the only entity; its key opens the intake", async () => {
    await serve();
    const { id, outs } = await provider.create(inputs());
    const [intake] = [...api.intakes.values()];
    expect(id).toBe(intake.uuid);
    expect(outs).toMatchObject({
      intakeUuid: intake.uuid,
      intakeKey: intake.intake_key,
      entityUuid: api.entities[0].uuid,
      entityName: "Main entity",
      formatUuid: CLOUDFLARE_FIREWALL_EVENTS_FORMAT_UUID,
    });
    expect(intake).toMatchObject({
      name: "Cloudflare firewall events (prod)",
      format_uuid: CLOUDFLARE_FIREWALL_EVENTS_FORMAT_UUID,
    });
    expect(await sendEvent(outs.intakeKey)).toBe(200);
    expect(await sendEvent("NotTheKeyOfAnyIntake0000000000000")).toBe(401);
  });

  it("serves the API under /api/v1 too, as app.<region>.sekoia.io/api does", async () => {
    await serve();
    const { outs } = await provider.create(inputs({ region: "FRA2", apiUrl: `${server.origin}/api` }));
    expect(outs.region).toBe("FRA2");
    expect(api.intakes.has(outs.intakeUuid)).toBe(true);
  });

  it("picks the entity asked for, by name or UUID, among several", async () => {
    await serve({ entities: ["Paris", "Lyon"] });
    const byName = await provider.create(inputs({ entity: "Lyon" }));
    expect(byName.outs.entityUuid).toBe(api.entities[1].uuid);
    const byUuid = await provider.create(inputs({ intakeName: "second", entity: api.entities[0].uuid }));
    expect(byUuid.outs.entityName).toBe("Paris");
  });

  it("pages through entities 100 at a time (SEKOIA's largest page): the 101st is found", async () => {
    await serve({ entities: Array.from({ length: 101 }, (_, i) => `entity-${i}`) });
    const { outs } = await provider.create(inputs({ entity: "entity-100" }));
    expect(outs.entityUuid).toBe(api.entities[100].uuid);
  });

  it("reads the live intake, and reads nothing once it was deleted by hand (pulumi refresh drops it)", async () => {
    await serve();
    const { id, outs } = await provider.create(inputs());
    const read = await provider.read(id, outs);
    expect(read).toEqual({ id, props: outs });
    expect(await deleteByHand(id)).toBe(204);
    expect(await provider.read(id, outs)).toEqual({});
  });

  it("refuses to read an intake without the API key in the state (an import by UUID alone), saying why", async () => {
    await expect(provider.read("0b6f3c1e-8d2a-4c1b-9e3f-1a2b3c4d5e6f")).rejects.toThrow(
      /SEKOIA intake 0b6f3c1e-.*: no API key in the state to read it with/,
    );
  });

  it("deletes the intake; deleting one already gone succeeds", async () => {
    await serve();
    const { id, outs } = await provider.create(inputs());
    await provider.delete(id, outs);
    expect(api.intakes.size).toBe(0);
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
  });

  it("replaces the intake on a new name, entity or region; a new API key is an update checked against SEKOIA", async () => {
    await serve();
    const { id, outs } = await provider.create(inputs());
    expect(await provider.diff(id, outs, inputs({ intakeName: "renamed" }))).toEqual({
      changes: true,
      replaces: ["intakeName"],
      deleteBeforeReplace: false,
    });
    expect((await provider.diff(id, outs, inputs({ entity: "Elsewhere" }))).replaces).toEqual(["entity"]);
    expect((await provider.diff(id, outs, inputs({ region: "FRA2" }))).replaces).toEqual(["region"]);
    // Naming the entity already in use, by UUID or name, is no change.
    expect(await provider.diff(id, outs, inputs({ entity: outs.entityUuid }))).toMatchObject({ changes: false });
    expect(await provider.diff(id, outs, inputs({ entity: "Main entity" }))).toMatchObject({ changes: false });
    expect(await provider.diff(id, outs, inputs({ apiKey: "another-key" }))).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    await expect(provider.update(id, outs, inputs({ apiKey: "another-key" }))).rejects.toThrow(/answered 401/);
  });

  it("a rename by hand shows at refresh, and the next diff replaces the intake", async () => {
    await serve();
    const { id, outs } = await provider.create(inputs());
    api.intakes.get(id)!.name = "renamed in the UI";
    const read = await provider.read(id, outs);
    expect(read.props?.intakeName).toBe("renamed in the UI");
    expect((await provider.diff(id, read.props as SekoiaIntakeOutputs, inputs())).replaces).toEqual(["intakeName"]);
  });
});

describe("errors from SEKOIA are clear and hold no secret", () => {
  it("a bad API key (401) says to set sekoiaApiKey, and never prints the key", async () => {
    await serve();
    const wrong = "sk-wrong-0123456789abcdef";
    const error = await provider.create(inputs({ apiKey: wrong })).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/GET \/v1\/sic\/conf\/entities answered 401 "Authentication failed"/);
    expect((error as Error).message).toMatch(/set sekoiaApiKey/);
    expect((error as Error).message).not.toContain(wrong);
    expect((error as Error).message).not.toContain(API_KEY);
  });

  it("a key without intake management (403) names the permissions SEKOIA's docs name", async () => {
    await serve({ permissions: ["View entities", "View intakes"] });
    await expect(provider.create(inputs())).rejects.toThrow(
      /POST \/v1\/sic\/conf\/intakes answered 403 "Insufficient permissions".*"View intakes", "Manage intakes", "View entities"/,
    );
  });

  it("a missing entity lists the entities the key sees", async () => {
    await serve({ entities: ["Paris", "Lyon"] });
    await expect(provider.create(inputs({ entity: "Nantes" }))).rejects.toThrow(
      /no SEKOIA entity "Nantes"; the API key sees "Paris" \(.*\), "Lyon" \(.*\)/,
    );
    await expect(provider.create(inputs())).rejects.toThrow(/sees 2 entities: .*; set sekoiaEntity/);
    expect(api.intakes.size).toBe(0);
  });

  it("an API URL where nothing listens says so, and which URL", async () => {
    await serve();
    const url = server.origin;
    await server.close();
    await expect(provider.create(inputs({ apiUrl: url }))).rejects.toThrow(
      new RegExp(`could not reach ${url.replace(/\./g, "\\.")} \\(ECONNREFUSED\\); check the region or sekoiaApiUrl`),
    );
  });

  it("an answer without an intake key fails loudly instead of passing an empty key on", async () => {
    await serve();
    const original = fetch;
    const spy = jest.spyOn(global, "fetch").mockImplementation(async (url, init) => {
      if (init?.method === "POST") return new Response(JSON.stringify({ uuid: "u", name: "n", entity_uuid: "e" }));
      return original(url, init);
    });
    try {
      await expect(provider.create(inputs())).rejects.toThrow(/lacks intake_key; has SEKOIA's API changed\?/);
    } finally {
      spy.mockRestore();
    }
  });

  it("scrubSekoiaMessage masks every occurrence, writes control characters out and cuts at 120", () => {
    expect(scrubSekoiaMessage("key abc and abc again", ["abc"])).toBe("key *** and *** again");
    expect(scrubSekoiaMessage("a\u001b[31mred\nb", [])).toBe("a\\u001b[31mred\\u000ab");
    expect(scrubSekoiaMessage("x".repeat(120), [])).toBe("x".repeat(120));
    expect(scrubSekoiaMessage("x".repeat(121), [])).toBe(`${"x".repeat(120)}…`);
    expect(scrubSekoiaMessage("nothing", [""])).toBe("nothing");
  });
});

describe("the provider's check (it runs at preview, on inputs that were Outputs in the program)", () => {
  const base = { intakeName: "waf", region: "FRA1", apiUrl: SEKOIA_API_BASES.FRA1, apiKey: "sk-123" } as const;
  const UNKNOWN = pulumi.runtime.unknownValue;

  it("passes good inputs through, and leaves values not known yet for later", async () => {
    expect(await provider.check(base, base)).toEqual({ inputs: base });
    const unknown = { ...base, apiKey: UNKNOWN, apiUrl: UNKNOWN, intakeName: UNKNOWN } as unknown as SekoiaIntakeInputs;
    expect(await provider.check(base, unknown)).toEqual({ inputs: unknown });
  });

  it("names each bad input and what would be valid, without echoing the key", async () => {
    const bad = {
      ...base,
      apiKey: "two words",
      apiUrl: "http://api.sekoia.io",
      region: "EU",
    } as unknown as SekoiaIntakeInputs;
    const result = await provider.check(base, bad);
    expect(result.failures).toEqual([
      { property: "region", reason: 'region must be one of FRA1, FRA2, MCO1, UAE1, USA1, SGP1, got "EU"' },
      {
        property: "apiKey",
        reason: "apiKey must be a SEKOIA API key: printable characters without spaces (the value is not shown here)",
      },
      { property: "apiUrl", reason: "apiUrl must use https (http only on 127.0.0.1), got http:" },
    ]);
    expect(JSON.stringify(result.failures)).not.toContain("two words");
  });
});

describe("chooseEntity", () => {
  const e = (name: string, uuid: string, entity_id?: string) => ({ name, uuid, ...(entity_id && { entity_id }) });
  const A = e("Paris", "0b6f3c1e-8d2a-4c1b-9e3f-1a2b3c4d5e6f", "paris");
  const B = e("Lyon", "1c7a4d2f-9e3b-4d2c-8f4a-2b3c4d5e6f70");

  it("takes the only entity when none is asked for; refuses to guess among several or none", () => {
    expect(chooseEntity([A], undefined)).toBe(A);
    expect(chooseEntity([A], "")).toBe(A);
    expect(() => chooseEntity([A, B], undefined)).toThrow(/sees 2 entities: "Paris" \(0b6f.*\), "Lyon" \(1c7a.*\)/);
    expect(() => chooseEntity([], undefined)).toThrow(/sees no entity/);
  });

  it("matches a UUID whatever its case, a name or an entity_id exactly", () => {
    expect(chooseEntity([A, B], B.uuid.toUpperCase())).toBe(B);
    expect(chooseEntity([A, B], "paris")).toBe(A);
    expect(() => chooseEntity([A, B], "PARIS")).toThrow(/no SEKOIA entity "PARIS"/);
    expect(() => chooseEntity([A, { ...B, name: "Paris" }], "Paris")).toThrow(
      /several SEKOIA entities are named "Paris"/,
    );
  });
});

describe("replacedBy", () => {
  const olds = {
    intakeName: "n",
    region: "FRA1",
    apiUrl: SEKOIA_API_BASES.FRA1,
    apiKey: "k",
    intakeUuid: "i",
    intakeKey: "x",
    entityUuid: "u",
    entityName: "Main",
    formatUuid: CLOUDFLARE_FIREWALL_EVENTS_FORMAT_UUID,
  } as const;
  it("lists what needs a new intake, and only that", () => {
    expect(replacedBy(olds, { ...olds })).toEqual([]);
    expect(replacedBy(olds, { ...olds, entity: "Main" })).toEqual([]);
    expect(replacedBy(olds, { ...olds, entity: "Other" })).toEqual(["entity"]);
    expect(replacedBy({ ...olds, entity: "Main" }, { ...olds })).toEqual(["entity"]);
    expect(replacedBy(olds, { ...olds, intakeName: "m", region: "USA1" })).toEqual(["intakeName", "region"]);
  });
});

describe("the provider travels: Pulumi serialises it into the state", () => {
  it("serialises with no secret and no local module, and the result creates an intake in a bare Node process", async () => {
    await serve();
    const serialised = await pulumi.runtime.serializeFunction(() => sekoiaIntakeProvider);
    expect(serialised.containsSecrets).toBe(false);
    // Nothing from this package is required at run time: the provider host only has Node.js.
    expect(serialised.text).not.toMatch(/require\(["'][./]/);
    expect(serialised.text).not.toMatch(/@pulumi/);
    expect(serialised.text).not.toContain(API_KEY);

    const dir = mkdtempSync(join(tmpdir(), "sekoia-provider-"));
    const file = join(dir, "provider.js");
    writeFileSync(file, serialised.text);
    const script = `
      const provider = require(${JSON.stringify(file)}).${serialised.exportName}();
      provider.create(JSON.parse(process.env.INPUTS)).then(
        (r) => process.stdout.write(JSON.stringify({ id: r.id, entityName: r.outs.entityName })),
        (e) => { process.stderr.write(String(e)); process.exit(1); });`;
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], {
      env: { PATH: process.env.PATH, INPUTS: JSON.stringify(inputs()) },
      cwd: dir,
    });
    const result = JSON.parse(stdout) as { id: string; entityName: string };
    expect(api.intakes.has(result.id)).toBe(true);
    expect(result.entityName).toBe("Main entity");
  });

  it("installed from npm (under node_modules), it still serialises by value: no require() of this package", async () => {
    await serve();
    // The provider's module as npm installs it: compiled JavaScript under node_modules, loaded by Node's require.
    const root = mkdtempSync(join(tmpdir(), "sekoia-installed-"));
    const pkg = join(root, "node_modules", "cloudflare-sekoia-logpush");
    mkdirSync(pkg, { recursive: true });
    const source = readFileSync(join(__dirname, "../components/sekoia-intake-provider.ts"), "utf8");
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    writeFileSync(join(pkg, "provider.js"), js);
    // Pulumi tells node_modules modules apart through Node's require cache: serialise in a plain Node process.
    const serialiser = `
      const pulumi = require(${JSON.stringify(require.resolve("@pulumi/pulumi"))});
      const { sekoiaIntakeProvider } = require("cloudflare-sekoia-logpush/provider.js");
      pulumi.runtime.serializeFunction(() => sekoiaIntakeProvider).then(
        (sf) => process.stdout.write(JSON.stringify({ text: sf.text, exportName: sf.exportName })),
        (e) => { process.stderr.write(String(e)); process.exit(1); });`;
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ["-e", serialiser], { cwd: root, env: { PATH: process.env.PATH } });
    const serialised = JSON.parse(stdout) as { text: string; exportName: string };
    expect(serialised.text).not.toMatch(/require\(["'](?!(node:)?(crypto|util|url|buffer|events)["'])/);
    expect(serialised.text).not.toContain("cloudflare-sekoia-logpush");

    // Run where the package is not installed: the provider host only needs what it was given.
    const elsewhere = mkdtempSync(join(tmpdir(), "sekoia-host-"));
    writeFileSync(join(elsewhere, "provider.js"), serialised.text);
    const host = `
      const provider = require("./provider.js").${serialised.exportName}();
      provider.create(JSON.parse(process.env.INPUTS)).then(
        (r) => process.stdout.write(r.id),
        (e) => { process.stderr.write(String(e)); process.exit(1); });`;
    const created = await run(process.execPath, ["-e", host], {
      cwd: elsewhere,
      env: { PATH: process.env.PATH, INPUTS: JSON.stringify(inputs()) },
    });
    expect(api.intakes.has(created.stdout)).toBe(true);
  });
});
