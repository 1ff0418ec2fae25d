/**
 * From four zone jobs to one account-scoped job, in the sandbox: every step is
 * a stack config the stack program accepts (no allowOverlap), its jobs are
 * the ones the component declares for it, each API call lands at its own
 * instant (both orders tried), and the local intake counts every RayID. The
 * documented path (a hand-over at a cut-over instant T per step) delivers
 * each event exactly once; the naive path (remove the zone job and widen the
 * account filter in one deploy) loses events or sends them twice, depending
 * on which call lands first, which shows the count can fail.
 *
 * Set MIGRATION_FIGURES=1 to print the figures.
 */
import type { FirewallEventsLogpushArgs } from "../components";
import { accountMigrationFilter, zoneHandOverFilter } from "../components/migration";
import { seededRandom } from "../components/normaliser/synthetic";
import { componentJob } from "../components/sandbox/component-job";
import { ACCOUNT_ZONES, generateRecords } from "../components/sandbox/generator";
import { startIntake, type LocalIntake } from "../components/sandbox/intake-server";
import type { LogpushJobInputs } from "../components/sandbox/logpush-job";
import { runTimeline, type JobVersion, type TimelineJob } from "../components/sandbox/timeline";
import { parseStackConfig, type RawConfig } from "../components/stack-config";

const KEY = "MigrationKey0123456789abcdefghij";
const ACCOUNT = "01a7362d577a6c3019a474fd6f485823";
const ZONE_IDS = ACCOUNT_ZONES.map((_, i) => `${i + 1}`.repeat(32));
const [A, B, C, D] = ACCOUNT_ZONES;
const EVENTS = 8000; // 20 a second: 400 s of event time over four zones
const records = [...generateRecords(EVENTS, { seed: 9, zones: ACCOUNT_ZONES, eventsPerSecond: 20 })];
const START = 1_780_272_000_000_000_000n; // the generator's first instant (whole seconds)
const at = (seconds: number): bigint => START + BigInt(seconds) * 1_000_000_000n;
const T = (seconds: number): string => `${at(seconds)}`; // a cut-over instant, epoch nanoseconds as digits

/** One zone entry of the stack config. */
interface ZoneEntry {
  zoneId: string;
  zoneName: string;
  filter?: unknown;
}
/** A step: the stack config after one `pulumi up`, deployed at an instant (seconds of event time). */
interface Step {
  deployAt: number;
  zones: ZoneEntry[];
  /** The account job's filter; null: no filter; undefined: no account job. */
  account?: { filter: unknown } | null;
}

const zone = (name: string, filter?: unknown): ZoneEntry => ({
  zoneId: ZONE_IDS[ACCOUNT_ZONES.indexOf(name)],
  zoneName: name,
  ...(filter !== undefined && { filter }),
});

/** The documented path: a pilot zone, one more, then the rest at once; T a minute after each deploy. */
const DOCUMENTED: Step[] = [
  { deployAt: 0, zones: [zone(A), zone(B), zone(C), zone(D)] },
  {
    deployAt: 20,
    zones: [zone(A, zoneHandOverFilter(T(80))), zone(B), zone(C), zone(D)],
    account: { filter: accountMigrationFilter([], [{ zones: [A], at: T(80) }]) },
  },
  {
    deployAt: 110,
    zones: [zone(B, zoneHandOverFilter(T(170))), zone(C), zone(D)],
    account: { filter: accountMigrationFilter([A], [{ zones: [B], at: T(170) }]) },
  },
  {
    deployAt: 200,
    zones: [zone(C, zoneHandOverFilter(T(260))), zone(D, zoneHandOverFilter(T(260)))],
    account: { filter: accountMigrationFilter([A, B], [{ zones: "all", at: T(260) }]) },
  },
  { deployAt: 290, zones: [], account: null },
];

/** The naive path: each deploy removes a zone job and widens the account filter, no cut-over. */
const NAIVE: Step[] = [
  { deployAt: 0, zones: [zone(A), zone(B), zone(C), zone(D)] },
  { deployAt: 100, zones: [zone(B), zone(C), zone(D)], account: { filter: accountMigrationFilter([A]) } },
  { deployAt: 200, zones: [zone(C), zone(D)], account: { filter: accountMigrationFilter([A, B]) } },
  { deployAt: 300, zones: [], account: null },
];

/** The stack config of a step, as `pulumi config` would hold it. */
function stackConfig(step: Step): RawConfig {
  return {
    intakeKey: KEY,
    ...(step.zones.length > 0 && { zones: JSON.stringify(step.zones) }),
    ...(step.account !== undefined && {
      accounts: JSON.stringify([{ accountId: ACCOUNT, ...(step.account && { filter: step.account.filter }) }]),
    }),
  };
}

/** When a job's API call lands after a deploy, in seconds. */
type Landing = (label: string, step: number) => number;

let jobCount = 0;
/** The LogpushJob the component declares for these arguments (under mocks), with this run's key. */
const declared = (args: Omit<FirewallEventsLogpushArgs, "intakeKey">): Promise<LogpushJobInputs> =>
  componentJob({ ...args, intakeKey: KEY }, `migration-${++jobCount}`);

/**
 * Every job's versions over the run: each step's config is checked by the stack program, and a job whose
 * arguments changed (or that appeared or went away) gets a new version when its call lands.
 */
async function timeline(steps: Step[], landing: Landing): Promise<TimelineJob[]> {
  const versions = new Map<string, { zoneName?: string; list: JobVersion[]; last?: string }>();
  for (const [i, step] of steps.entries()) {
    const stack = parseStackConfig(stackConfig(step), new Set(["intakeKey"])); // throws on an overlap
    const now = new Map<string, { zoneName?: string; args?: Omit<FirewallEventsLogpushArgs, "intakeKey"> }>();
    for (const z of stack.zones)
      now.set(`zone ${ACCOUNT_ZONES[ZONE_IDS.indexOf(z.zoneId)]}`, {
        zoneName: ACCOUNT_ZONES[ZONE_IDS.indexOf(z.zoneId)],
        args: z.args,
      });
    for (const a of stack.accounts) now.set("account", { args: a.args });
    for (const label of new Set([...versions.keys(), ...now.keys()])) {
      const entry = versions.get(label) ?? { zoneName: now.get(label)?.zoneName, list: [] };
      versions.set(label, entry);
      const args = now.get(label)?.args;
      const key = args === undefined ? undefined : JSON.stringify(args);
      if (key === entry.last) continue;
      entry.last = key;
      const from = i === 0 ? 0n : at(step.deployAt) + BigInt(Math.round(landing(label, i) * 1e9));
      entry.list.push({ from, ...(args !== undefined && { job: await declared(args) }) });
    }
  }
  return [...versions].map(([label, v]) => ({
    label,
    ...(v.zoneName !== undefined && { zoneName: v.zoneName }),
    versions: v.list,
  }));
}

interface Outcome {
  /** RayID → times the intake received it. */
  received: Map<string, number>;
  perJob: Record<string, number>;
  missing: number;
  duplicated: number;
}

async function migrate(steps: Step[], landing: Landing): Promise<Outcome> {
  const received = new Map<string, number>();
  let intake: LocalIntake | undefined;
  try {
    intake = await startIntake({
      intakeKey: KEY,
      onEvent: (line) => {
        const ray = (JSON.parse(line) as { RayID: string }).RayID;
        received.set(ray, (received.get(ray) ?? 0) + 1);
      },
    });
    const perJob = await runTimeline(await timeline(steps, landing), records, intake.origin);
    const missing = records.filter((r) => !received.has(r.RayID as string)).length;
    const duplicated = [...received.values()].filter((n) => n > 1).length;
    if (process.env.MIGRATION_FIGURES)
      console.log(JSON.stringify({ events: records.length, received: received.size, missing, duplicated, perJob }));
    return { received, perJob, missing, duplicated };
  } finally {
    await intake?.close();
  }
}

const exactlyOnce = (o: Outcome) => {
  expect(o.missing).toBe(0);
  expect(o.duplicated).toBe(0);
  expect(o.received.size).toBe(EVENTS);
  expect(records.every((r) => o.received.get(r.RayID as string) === 1)).toBe(true);
};

describe("migrating four zone jobs to one account job", () => {
  it("every record spans the run, from every zone", () => {
    expect(new Set(records.map((r) => r.ZoneName))).toEqual(new Set(ACCOUNT_ZONES));
    expect(records[records.length - 1].Datetime as bigint).toBeGreaterThan(at(320));
  });

  it.each([
    ["the account job's calls land first", (label: string) => (label === "account" ? 2 : 15)],
    ["the zone jobs' calls land first", (label: string) => (label === "account" ? 15 : 2)],
  ])(
    "with a cut-over per step, every RayID arrives exactly once (%s)",
    async (_order, landing) => {
      const o = await migrate(DOCUMENTED, landing);
      exactlyOnce(o);
      // Every zone job sent its zone's events up to its cut-over, the account job the rest.
      expect(Object.values(o.perJob).reduce((a, b) => a + b, 0)).toBe(EVENTS);
      expect(o.perJob.account).toBeGreaterThan(0);
      for (const name of ACCOUNT_ZONES) expect(o.perJob[`zone ${name}`]).toBeGreaterThan(0);
    },
    60_000,
  );

  it("with a cut-over per step, every RayID arrives exactly once whatever the calls' delays (seeded, 0–40 s)", async () => {
    const random = seededRandom(4);
    exactlyOnce(await migrate(DOCUMENTED, () => random() * 40));
  }, 60_000);

  it("without a cut-over, removing a zone job before the account job widens loses its events", async () => {
    const o = await migrate(NAIVE, (label) => (label === "account" ? 15 : 2));
    expect(o.missing).toBeGreaterThan(0);
    expect(o.duplicated).toBe(0);
  }, 60_000);

  it("without a cut-over, widening the account job before the zone job goes sends events twice", async () => {
    const o = await migrate(NAIVE, (label) => (label === "account" ? 2 : 15));
    expect(o.duplicated).toBeGreaterThan(0);
    expect(o.missing).toBe(0);
  }, 60_000);

  it("the stack program refuses the in-between config that would deliver a zone twice", () => {
    const both: Step = { deployAt: 0, zones: [zone(A), zone(B)], account: { filter: accountMigrationFilter([A]) } };
    expect(() => parseStackConfig(stackConfig(both), new Set(["intakeKey"]))).toThrow(
      /zones\[0\] \(zone 1{32}, example\.com\) would also be delivered by accounts\[0\]/,
    );
  });
});
