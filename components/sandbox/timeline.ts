/**
 * Several Logpush jobs over one stream of events, each job's settings
 * changing at the instants its API calls land: what a migration does to
 * delivery. Each job version runs in the emulator over the events of its
 * time span (a zone job: of its zone only, without `ZoneName`, which the zone
 * dataset lacks), delivering to one intake, so the intake sees every event as
 * many times as the jobs sent it.
 */
import { onLocalOrigin } from "./destination";
import { runLogpushJob, type EmulatorOptions } from "./emulator";
import type { LogRecord } from "./filter-eval";
import type { LogpushJobInputs } from "./logpush-job";

/** One job's settings from an instant on (epoch nanoseconds); `job` undefined: the job does not exist. */
export interface JobVersion {
  readonly from: bigint;
  readonly job?: LogpushJobInputs;
}

/** A job over the whole run. */
export interface TimelineJob {
  /** How reports name it, e.g. `zone example.com` or `account`. */
  readonly label: string;
  /** For a zone job: its zone; it sees that zone's events only. Absent: an account job (every zone). */
  readonly zoneName?: string;
  /** Its versions, in any order; before the first it does not exist. */
  readonly versions: readonly JobVersion[];
}

/** Events each job delivered, by label. */
export type TimelineReport = Record<string, number>;

const timeOf = (r: LogRecord): bigint => r.Datetime as bigint;

/** Runs every job version over its span of `records` (ordered by Datetime), to the intake at `origin`. */
export async function runTimeline(
  jobs: readonly TimelineJob[],
  records: readonly LogRecord[],
  origin: string,
  options: EmulatorOptions = {},
): Promise<TimelineReport> {
  const report: TimelineReport = {};
  for (const { label, zoneName, versions } of jobs) {
    const sorted = [...versions].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    report[label] = 0;
    for (const [i, version] of sorted.entries()) {
      if (!version.job) continue;
      const until = sorted[i + 1]?.from;
      const span = records
        .filter((r) => timeOf(r) >= version.from && (until === undefined || timeOf(r) < until))
        .filter((r) => zoneName === undefined || r.ZoneName === zoneName)
        .map((r) => (zoneName === undefined ? r : withoutZoneName(r)));
      if (span.length === 0) continue;
      const job = { ...version.job, destinationConf: onLocalOrigin(version.job.destinationConf, origin) };
      report[label] += (await runLogpushJob(job, span, options)).delivered;
    }
  }
  return report;
}

function withoutZoneName(r: LogRecord): LogRecord {
  const { ZoneName: _zone, ...rest } = r;
  return rest;
}
