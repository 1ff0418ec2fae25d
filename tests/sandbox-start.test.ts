/** `npm start`'s CLI, run in-process: what a user sees, and what it leaves behind. */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../components/sandbox/start";
import {
  sekoiaIntakeProvider,
  type SekoiaIntakeInputs,
  type SekoiaIntakeOutputs,
} from "../components/sekoia-intake-provider";

async function start(args: string[]): Promise<{ status: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
  const stdout = jest
    .spyOn(process.stdout, "write")
    .mockImplementation((c: string | Uint8Array) => (out.push(String(c)), true));
  const stderr = jest
    .spyOn(process.stderr, "write")
    .mockImplementation((c: string | Uint8Array) => (err.push(String(c)), true));
  try {
    const status = await main(args);
    return { status, out: out.join("\n"), err: err.join("") };
  } finally {
    log.mockRestore();
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

const outFile = () => join(mkdtempSync(join(tmpdir(), "start-")), "ecs.ndjson");

it("runs the example stack's job over generated events and says what happened", async () => {
  const out = outFile();
  const r = await start(["--events", "1500", "--out", out]);
  expect(r.status).toBe(0);
  expect(r.out).toMatch(/Pulumi\.example\.yaml/);
  expect(r.out).toMatch(/Read 1500 events/);
  expect(r.out).toMatch(/Sent 1500 events in 2 batches/);
  expect(r.out).toMatch(/accepted 1500 events, refused 0/);
  expect(r.out).toMatch(/made 1500 ECS events/);
  expect(r.out).toContain(`ECS events: ${out}`);
  expect(r.out).toMatch(/raw \(Logpush NDJSON\)\s+│\s+→ ECS/);
  expect(r.out).toMatch(/event\.action/);
  expect(readFileSync(out, "utf8").trim().split("\n")).toHaveLength(1500);
  // The guide's last step: verify reads the job back through Cloudflare's SDK from the local Cloudflare API.
  expect(r.out).toMatch(
    /Verify \(npm run verify, through Cloudflare's SDK, against the sandbox's Cloudflare API at http:\/\/127\.0\.0\.1:\d+\/client\/v4\)/,
  );
  expect(r.out).toMatch(
    /^OK\s+zone 023e105f4ecef8ad9ca31a8372d0c353\s+job 1 .*FRA1, key [A-Za-z0-9]{4}…\(32 chars\) \| last push 20/m,
  );
  expect(r.out).toMatch(/1 declared job checked at .*: all well\./);
});

it("begins with the guide's first step: the intake created through SEKOIA's configuration API, whose key the job then uses", async () => {
  const create = sekoiaIntakeProvider.create!.bind(sekoiaIntakeProvider);
  const calls: { inputs: SekoiaIntakeInputs; outs: SekoiaIntakeOutputs }[] = [];
  const spy = jest.spyOn(sekoiaIntakeProvider, "create").mockImplementation(async (inputs) => {
    const result = await create(inputs);
    calls.push({ inputs, outs: result.outs as SekoiaIntakeOutputs });
    return result;
  });
  try {
    const r = await start(["--events", "1200", "--region", "FRA2", "--out", outFile()]);
    expect(r.status).toBe(0);
    expect(calls).toHaveLength(1);
    const [{ inputs, outs }] = calls;
    // FRA2's API lives under /api, as app.fra2.sekoia.io/api does.
    expect(inputs.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    const lines = r.out.split("\n");
    const first = lines.findIndex((l) => l.includes("sekoia    intake"));
    expect(lines[first]).toMatch(
      /intake "Cloudflare firewall events \(sandbox\)" created in entity "Main entity", format Cloudflare Firewall Events: uuid [0-9a-f-]{36}, intake key [A-Za-z0-9]{4}…\(32 chars\)/,
    );
    expect(first).toBeLessThan(lines.findIndex((l) => l.includes("  job ")));
    // Every event went in with the created intake's key (the intake accepts no other).
    expect(r.out).toMatch(/accepted 1200 events, refused 0/);
    for (const secret of [inputs.apiKey, outs.intakeKey]) {
      expect(r.out).not.toContain(secret);
      expect(r.err).not.toContain(secret);
    }
  } finally {
    spy.mockRestore();
  }
});

it("never prints the run's intake key in full", async () => {
  const r = await start(["--events", "10", "--out", outFile()]);
  expect(r.out).toMatch(/key [A-Za-z0-9]{4}…\(32 chars\)/);
  expect(r.out).not.toMatch(/INTAKE-KEY=[A-Za-z0-9]{32}/);
});

it("replays a Logpush file with the settings given as flags", async () => {
  const out = outFile();
  const r = await start([
    "--input",
    join(__dirname, "fixtures/sandbox/firewall-events.ndjson"),
    "--fields",
    "RayID,Datetime,Action",
    "--timestamp-format",
    "unixnano",
    "--filter",
    '{"where":{"key":"EdgeResponseStatus","operator":"eq","value":403}}',
    "--out",
    out,
  ]);
  expect(r.err).toMatch(/line 6: not valid JSON/);
  expect(r.status).toBe(1); // a line of the file could not be read
  expect(r.out).toMatch(/Read 4 events .*filter left out 2/);
  const ecs = readFileSync(out, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(ecs.map((e) => e.message)).toEqual([
    '{"RayID":"7299f155dda47d6b","Datetime":1657630626219000001,"Action":"block"}',
    '{"RayID":"7299f15f0a1b2c3d","Datetime":1657630680000000000,"Action":"managedchallenge"}',
  ]);
});

it.each([
  [["--events", "many"], /--events takes a whole number/],
  [["--timestamp-format", "iso"], /timestampFormat must be one of/],
  [["--no-such-flag"], /Unknown option/],
])("a usage or settings mistake exits 2 with a message: %s", async (args, message) => {
  const r = await start(args as string[]);
  expect(r.status).toBe(2);
  expect(r.err).toMatch(message);
});

it("--help", async () => {
  const r = await start(["--help"]);
  expect(r.status).toBe(0);
  expect(r.out).toMatch(/--input FILE/);
});

it("writes nothing when the settings are wrong", async () => {
  const out = outFile();
  await start(["--max-upload-records", "5", "--out", out]);
  expect(existsSync(out)).toBe(false);
});

describe("issue #12: the ECS file's faults end the run with a clear message and the documented status", () => {
  it("--out naming a directory: a settings error (2) before anything is sent", async () => {
    const dir = mkdtempSync(join(tmpdir(), "start-dir-"));
    const r = await start(["--events", "100", "--out", dir]);
    expect(r.status).toBe(2);
    expect(r.err).toBe(`--out ${dir}: is a directory; give the path of a file (it is created, or appended to)\n`);
    expect(r.out).not.toMatch(/Sent/);
  });

  it("--out /dev/full: stops at once (1) with one line, instead of retrying for minutes", async () => {
    if (!existsSync("/dev/full")) return;
    const started = Date.now();
    const r = await start(["--events", "2500", "--out", "/dev/full"]);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/^npm start: cannot write the ECS file \/dev\/full \(ENOSPC\); stopped\./m);
    expect(Date.now() - started).toBeLessThan(9_000); // Cloudflare's first retry alone waits 10 s
  }, 30_000);
});

it("--input that cannot be read: a usage error (2) with one line, not a crash", async () => {
  const r = await start(["--input", "/nonexistent/day.ndjson"]);
  expect(r.status).toBe(2);
  expect(r.err).toBe("--input /nonexistent/day.ndjson: cannot be read (ENOENT)\n");
});

describe("npm start -- --account: the account-scoped job", () => {
  it("sends events of several zones, each with its ZoneName, and gives the same summary plus the zones", async () => {
    const out = outFile();
    const r = await start(["--account", "--events", "1500", "--out", out]);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/one account-scoped job for every zone of account [0-9a-f]{32}: events from example\.com, /);
    expect(r.out).toMatch(/29 fields/); // the guide's 28, then ZoneName
    expect(r.out).toMatch(/Sent 1500 events in 2 batches/);
    expect(r.out).toMatch(/accepted 1500 events, refused 0/);
    expect(r.out).toMatch(/made 1500 ECS events/);
    const events = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { cloudflare: { ZoneName?: string } });
    const zones = new Map<string, number>();
    for (const e of events) zones.set(e.cloudflare.ZoneName!, (zones.get(e.cloudflare.ZoneName!) ?? 0) + 1);
    expect([...zones.keys()].sort()).toEqual(["api.example.io", "example.com", "example.org", "shop.example.net"]);
    // The printed per-zone counts are the ECS file's.
    for (const [zone, n] of zones) expect(r.out).toContain(`${zone} ${n}`);
    // npm start's verify pass checks the account job as `npm run verify` would: no drift against the account defaults.
    expect(r.out).toMatch(/OK\s+account [0-9a-f]{32}\s+job \d+ "sekoia-firewall-events-[0-9a-f]{32}"/);
  });

  it("an account filter on ZoneName, given as a flag, keeps only the listed zones", async () => {
    const out = outFile();
    const filter = JSON.stringify({ where: { key: "ZoneName", operator: "in", value: ["example.org"] } });
    const r = await start(["--account", "--events", "1000", "--filter", filter, "--out", out]);
    expect(r.status).toBe(0);
    const events = readFileSync(out, "utf8").trim().split("\n");
    expect(events.length).toBeGreaterThan(0);
    expect(
      events.every(
        (l) => (JSON.parse(l) as { cloudflare: { ZoneName: string } }).cloudflare.ZoneName === "example.org",
      ),
    ).toBe(true);
    expect(r.out).toMatch(new RegExp(`the job's filter left out ${1000 - events.length}`));
  });

  it("a zone run refuses the same ZoneName filter, naming it", async () => {
    const filter = JSON.stringify({ where: { key: "ZoneName", operator: "in", value: ["example.org"] } });
    const r = await start(["--events", "10", "--filter", filter, "--out", outFile()]);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/filter\.where\.key "ZoneName" is only offered by the account-scoped dataset/);
  });
});
