/**
 * The guide's "verify the job" step for every declared job: read the live
 * Logpush jobs of its zone or account, find the one the stack
 * manages, compare it with what the stack declares, judge its health, and
 * list every other firewall_events job there (a second push to SEKOIA
 * ingests every event twice).
 */
import type Cloudflare from "cloudflare";
import type { DeclaredJob } from "./declared";
import { maskedKey, readDestination } from "./destination";
import { compareIntakeKey, compareJob, type Drift } from "./drift";
import { healthFindings, type HealthFinding } from "./health";
import { DATASET } from "../firewall-events-logpush";
import { fetchLogpushJobs, type LiveJob } from "./live-jobs";
import type { Scope } from "./scope";

/** What a reported job is to the stack. */
export type JobRole = "managed" | "missing" | "double-ingestion" | "unmanaged";

/** One line of the report. */
export interface JobReport {
  scope: Scope;
  role: JobRole;
  /** False when the line is a problem (exit 1). */
  ok: boolean;
  jobId?: number;
  name?: string | null;
  /** Settings that differ from the stack's (managed job only). */
  drift: Drift[];
  health: HealthFinding[];
  /** Where it pushes: endpoint, SEKOIA region, and the key masked. */
  destination?: { endpoint: string; region?: string; key: string };
  lastComplete?: string | null;
  lastError?: string | null;
  errorMessage?: string | null;
  /** Why a missing, double or unmanaged job is listed. */
  message?: string;
}

/** The whole report. */
export interface VerifyReport {
  checkedAt: string;
  ok: boolean;
  jobs: JobReport[];
}

/** What to verify, and how. */
export interface VerifyOptions {
  /** The jobs the stack declares. */
  declared: readonly DeclaredJob[];
  /** The SDK client (its token and base URL). */
  client: Cloudflare;
  /** The intake key to compare the live one with (from `SEKOIA_INTAKE_KEY`); never printed. */
  expectedKey?: string;
  /** Seconds without a push before a job is stale; default: from each job's upload interval. */
  staleAfterSeconds?: number;
  /** The clock; default the system's. */
  now?: () => Date;
}

const sameScope = (a: Scope, b: Scope): boolean => a.kind === b.kind && a.id === b.id;

/** The job the stack manages: the one with the declared name, else the only firewall_events job that pushes to SEKOIA. */
export function findManagedJob(declared: DeclaredJob, live: readonly LiveJob[]): LiveJob | undefined {
  const named = live.find((j) => j.name === declared.name);
  if (named) return named;
  const toSekoia = live.filter((j) => j.dataset === DATASET && readDestination(j.destination_conf).sekoia);
  return toSekoia.length === 1 ? toSekoia[0] : undefined;
}

function jobFacts(
  job: LiveJob,
): Pick<JobReport, "jobId" | "name" | "destination" | "lastComplete" | "lastError" | "errorMessage"> {
  const d = readDestination(job.destination_conf);
  return {
    jobId: job.id,
    name: job.name,
    destination: { endpoint: d.endpoint, ...(d.region !== undefined && { region: d.region }), key: maskedKey(d) },
    lastComplete: job.last_complete,
    lastError: job.last_error,
    errorMessage: job.error_message,
  };
}

/**
 * The report lines of one scope: its declared jobs, then every other firewall_events job there.
 * Pure: the live jobs are given.
 * @param scope the zone or account
 * @param declared the jobs the stack declares there (one, usually)
 * @param live the scope's live firewall_events jobs
 * @param options the expected key, threshold and clock
 */
export function reportScope(
  scope: Scope,
  declared: readonly DeclaredJob[],
  live: readonly LiveJob[],
  options: Pick<VerifyOptions, "expectedKey" | "staleAfterSeconds"> & { now: Date },
): JobReport[] {
  const lines: JobReport[] = [];
  const managed = new Set<number>();
  for (const d of declared) {
    const job = findManagedJob(d, live);
    if (!job) {
      lines.push({
        scope,
        role: "missing",
        ok: false,
        drift: [],
        health: [],
        message: `no firewall_events job named "${d.name}" and none to SEKOIA: run pulumi up (or import the job)`,
      });
      continue;
    }
    managed.add(job.id);
    const drift = [...compareJob(d, job), ...compareIntakeKey(job, options.expectedKey)];
    const health = healthFindings(job, {
      now: options.now,
      declaredEnabled: d.settings.enabled,
      ...(options.staleAfterSeconds !== undefined && { staleAfterSeconds: options.staleAfterSeconds }),
    });
    const ok = drift.length === 0 && health.every((h) => h.severity !== "problem");
    lines.push({ scope, role: "managed", ok, drift, health, ...jobFacts(job) });
  }
  // Other datasets' jobs are none of this package's business; other firewall_events jobs are.
  for (const job of live) {
    if (managed.has(job.id) || job.dataset !== DATASET) continue;
    const facts = jobFacts(job);
    const toSekoia = readDestination(job.destination_conf).sekoia;
    lines.push({
      scope,
      role: toSekoia ? "double-ingestion" : "unmanaged",
      // A second push to SEKOIA doubles what is ingested (and billed); a job elsewhere is only worth knowing of.
      ok: !toSekoia || !job.enabled,
      drift: [],
      health: [],
      ...facts,
      message: toSekoia
        ? `also pushes firewall_events to SEKOIA (${facts.destination?.endpoint}${job.enabled ? "" : ", disabled"}): every event is ingested twice; delete it, or import it into the stack`
        : `not managed by this stack; pushes to ${facts.destination?.endpoint}`,
    });
  }
  return lines;
}

/**
 * Verifies every declared job against Cloudflare.
 * @throws VerifyInputError when the token is refused, a zone or account is unknown, or the API cannot be reached
 */
export async function verify(options: VerifyOptions): Promise<VerifyReport> {
  const now = (options.now ?? (() => new Date()))();
  const scopes: Scope[] = [];
  for (const d of options.declared) if (!scopes.some((s) => sameScope(s, d.scope))) scopes.push(d.scope);
  const jobs: JobReport[] = [];
  for (const scope of scopes) {
    const live = await fetchLogpushJobs(options.client, scope);
    const declared = options.declared.filter((d) => sameScope(d.scope, scope));
    jobs.push(...reportScope(scope, declared, live, { ...options, now }));
  }
  return { checkedAt: now.toISOString(), ok: jobs.every((j) => j.ok), jobs };
}
