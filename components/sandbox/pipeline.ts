/**
 * The guide's whole flow on one machine: a local SEKOIA intake, a fresh
 * intake key, the Logpush job the component declares, pointed at it,
 * and the emulator delivering records through it. Used by `npm start`, the
 * end-to-end tests and the benchmark.
 */
import { randomInt } from "node:crypto";
import { resolveJobSettings, type FirewallEventsLogpushArgs } from "../args";
import { componentJob } from "./component-job";
import { onLocalOrigin } from "./destination";
import { runLogpushJob, type DeliveryReport, type EmulatorOptions } from "./emulator";
import type { LogRecord } from "./filter-eval";
import { DEFAULT_MAX_BODY_BYTES, startIntake, type IntakeOptions, type IntakeStats } from "./intake-server";
import type { LogpushJobInputs } from "./logpush-job";

/** A random intake key for one run: 32 letters and digits, like SEKOIA's. It never leaves the machine. */
export function localIntakeKey(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from({ length: 32 }, () => alphabet[randomInt(alphabet.length)]).join("");
}

/** What to run. */
export interface PipelineOptions {
  /** The component's arguments (the intake key is the run's own). */
  args: Omit<FirewallEventsLogpushArgs, "intakeKey">;
  records: Iterable<LogRecord> | AsyncIterable<LogRecord>;
  /**
   * The intake key; default a fresh random one. A function is called once the
   * intake listens, with its origin, and resolves to the key: the guide's first
   * step, the intake created through the configuration API (`intake.configApi`).
   */
  intakeKey?: string | ((intakeOrigin: string) => Promise<string>);
  /** Where the intake appends ECS events. */
  ecsFile?: string;
  intake?: Omit<IntakeOptions, "intakeKey" | "ecsFile">;
  emulator?: EmulatorOptions;
  /** Told the job once it is built (the destination carries the key: mask it before printing). */
  onJob?: (job: LogpushJobInputs, intakeOrigin: string) => void;
}

/** What came out. */
export interface PipelineResult {
  report: DeliveryReport;
  intake: IntakeStats;
  /** The job as run, its destination on the local intake. */
  job: LogpushJobInputs;
  /** The job as the component declares it (the destination is SEKOIA's, with the run's key): what Cloudflare would hold. */
  declared: LogpushJobInputs;
  ecsFile?: string;
  seconds: number;
}

/**
 * The intake's limits for a job: whatever batch the job can send gets through.
 * With `max_upload_records` off, a batch is bounded by its bytes alone, and a
 * line is at least 2 bytes (`{}` would be 3).
 */
export function intakeLimitsFor(args: PipelineOptions["args"]): { maxBodyBytes: number; maxEventsPerRequest: number } {
  const settings = resolveJobSettings(args);
  const maxBodyBytes = Math.max(DEFAULT_MAX_BODY_BYTES, settings.maxUploadBytes);
  return {
    maxBodyBytes,
    maxEventsPerRequest: settings.maxUploadRecords > 0 ? settings.maxUploadRecords : Math.ceil(maxBodyBytes / 2),
  };
}

/**
 * Runs records through emulator → HTTP (gzip) → local intake → normaliser →
 * ECS file, and closes the intake whatever happens. Throws EcsFileOpenError
 * before sending anything when the ECS file cannot be opened, and
 * EcsWriteError (at once, without waiting for retries) when it cannot be written.
 */
export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const started = process.hrtime.bigint();
  const fixedKey = typeof options.intakeKey === "function" ? undefined : (options.intakeKey ?? localIntakeKey());
  // A write failure stops the run: every later batch would be refused the same way.
  const stop = new AbortController();
  const intake = await startIntake({
    ...intakeLimitsFor(options.args),
    ...options.intake,
    ...(fixedKey !== undefined && { intakeKey: fixedKey }),
    ...(options.ecsFile !== undefined && { ecsFile: options.ecsFile }),
    onWriteError: (error) => {
      options.intake?.onWriteError?.(error);
      stop.abort(error);
    },
  });
  try {
    const intakeKey = typeof options.intakeKey === "function" ? await options.intakeKey(intake.origin) : fixedKey!;
    // The job the component declares, its destination moved to the local origin: same path, same header_ parameter.
    const declared = await componentJob({ ...options.args, intakeKey });
    const job = { ...declared, destinationConf: onLocalOrigin(declared.destinationConf, intake.origin) };
    options.onJob?.(job, intake.origin);
    const report = await runLogpushJob(job, options.records, { ...options.emulator, signal: stop.signal });
    return {
      report,
      intake: intake.stats,
      job,
      declared,
      ...(options.ecsFile !== undefined && { ecsFile: options.ecsFile }),
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    };
  } finally {
    await intake.close();
  }
}
