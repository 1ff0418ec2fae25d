/**
 * Health rules for one live job, from the fields Cloudflare keeps on it
 * (`enabled`, `last_complete`, `last_error`, `error_message`; API schema
 * logpush_last_complete / logpush_last_error, read 2026-11-29). Pure: the
 * clock is an argument.
 *
 * - `last_error` not null means the job is currently failing; null means it
 *   never failed or has pushed successfully since.
 * - Cloudflare disables a job whose uploads keep failing for about 24 hours.
 * - `last_complete` empty: the job has not run yet (new or just enabled).
 */
import type { LiveJob } from "./live-jobs";

/** How serious a finding is: a problem fails verify (exit 1), a notice does not. */
export type Severity = "problem" | "notice";

/** One thing verify says about a job's health. */
export interface HealthFinding {
  severity: Severity;
  /** A short tag for monitoring: disabled, failing, stale, not-run-yet, disabled-as-declared. */
  check: "disabled" | "failing" | "stale" | "not-run-yet" | "disabled-as-declared";
  message: string;
}

/** Health options. */
export interface HealthOptions {
  /** The time to judge against. */
  now: Date;
  /** Seconds without a successful push before a job is stale; default `staleAfterSeconds(job)`. */
  staleAfterSeconds?: number;
  /** Whether the stack declares the job enabled (a job disabled on purpose is not unhealthy). */
  declaredEnabled?: boolean;
}

/** The interval assumed when the job sets none (0 or unset): Cloudflare's largest, 300 s. */
export const FALLBACK_INTERVAL_SECONDS = 300;
/** Upload intervals that may pass without a successful push before the job counts as stale. */
export const STALE_INTERVALS = 12;
/** The least staleness threshold: a quiet zone may have no firewall event to push for a while. */
export const STALE_FLOOR_SECONDS = 3600;

/**
 * The default staleness threshold of a job: 12 upload intervals, at least an hour.
 * @param job the live job (its `max_upload_interval_seconds`)
 */
export function staleAfterSeconds(job: Pick<LiveJob, "max_upload_interval_seconds">): number {
  const interval = job.max_upload_interval_seconds || FALLBACK_INTERVAL_SECONDS;
  return Math.max(STALE_INTERVALS * interval, STALE_FLOOR_SECONDS);
}

/** "3 h 5 min", "42 s": a duration for people. */
export function humanDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
  return `${Math.round(s / 86_400)} days`;
}

const time = (iso: string | null): number => (iso ? Date.parse(iso) : Number.NaN);

/**
 * What is wrong (or worth knowing) with a live job's health; empty when it is healthy.
 * @param job the live job
 * @param options the clock, the threshold and the declared `enabled`
 */
export function healthFindings(
  job: Pick<LiveJob, "enabled" | "last_complete" | "last_error" | "error_message" | "max_upload_interval_seconds">,
  options: HealthOptions,
): HealthFinding[] {
  const complete = time(job.last_complete);
  const error = time(job.last_error);
  const failing = !Number.isNaN(error) && (Number.isNaN(complete) || error > complete);
  const reason = job.error_message ? `: ${job.error_message}` : "";
  const findings: HealthFinding[] = [];

  if (!job.enabled) {
    if (options.declaredEnabled === false)
      return [{ severity: "notice", check: "disabled-as-declared", message: "disabled, as the stack declares" }];
    findings.push({
      severity: "problem",
      check: "disabled",
      message: failing
        ? `disabled by Cloudflare after failing uploads (last error ${job.last_error}${reason})`
        : "disabled: nothing is pushed",
    });
    return findings;
  }
  if (failing) {
    findings.push({
      severity: "problem",
      check: "failing",
      message: `failing since ${job.last_error}${Number.isNaN(complete) ? ", never pushed" : `, last push ${job.last_complete}`}${reason}`,
    });
  }
  if (Number.isNaN(complete)) {
    if (!failing)
      findings.push({ severity: "notice", check: "not-run-yet", message: "no push yet (a new job, or no event yet)" });
    return findings;
  }
  const threshold = options.staleAfterSeconds ?? staleAfterSeconds(job);
  const age = (options.now.getTime() - complete) / 1000;
  if (age > threshold)
    findings.push({
      severity: "problem",
      check: "stale",
      message: `no successful push for ${humanDuration(age)} (threshold ${humanDuration(threshold)})`,
    });
  return findings;
}
