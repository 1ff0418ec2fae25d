/**
 * The health Cloudflare keeps on a Logpush job, as the Logpush emulator
 * updates it: `last_complete` on each successful push, `last_error` and
 * `error_message` on each failed one, and the job disabled after uploads
 * keep failing. Cloudflare disables a job after about a day of failures; the
 * sandbox scales that down to a run of consecutive dropped batches.
 */

/** The job's health fields, named as the API returns them. */
export interface JobHealthFields {
  enabled: boolean;
  /** ISO time of the last successful push; null before the first. */
  last_complete: string | null;
  /** ISO time of the last failure; null when the job has pushed successfully since (or never failed). */
  last_error: string | null;
  /** What the destination answered on the last failure. */
  error_message: string | null;
}

/** Dropped batches in a row after which the sandbox disables the job (Cloudflare: about 24 hours of failures). */
export const SANDBOX_DISABLE_AFTER_DROPPED_BATCHES = 3;

/** Keeps one job's health fields as its uploads succeed or fail. */
export class JobHealthRecorder {
  /** The fields, updated in place: whoever holds this object (the Cloudflare API emulator) sees them change. */
  readonly fields: JobHealthFields;
  private droppedInARow = 0;

  /**
   * @param enabled whether the job starts enabled (its declared `enabled`)
   * @param disableAfter dropped batches in a row that disable the job
   * @param now the clock (tests pass their own)
   */
  constructor(
    enabled: boolean,
    private readonly disableAfter = SANDBOX_DISABLE_AFTER_DROPPED_BATCHES,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.fields = { enabled, last_complete: null, last_error: null, error_message: null };
  }

  /**
   * A batch was accepted. Cloudflare's schema: `last_error` null means "never
   * failed, or run successfully at least once since the last failure"
   * (API schema logpush_last_error); `error_message` keeps the last reason.
   */
  delivered(): void {
    this.droppedInARow = 0;
    this.fields.last_complete = this.now().toISOString();
    this.fields.last_error = null;
  }

  /**
   * An upload attempt failed.
   * @param reason what the destination answered (it never contains the key: the key travels in a header)
   */
  failed(reason: string): void {
    this.fields.last_error = this.now().toISOString();
    this.fields.error_message = reason;
  }

  /** A batch was given up on after every retry; enough in a row disable the job. */
  dropped(): void {
    if (++this.droppedInARow >= this.disableAfter) this.fields.enabled = false;
  }
}
