/**
 * The CLI's `--jobs N`: how many threads normalise. A fixed bound rather than
 * one from the machine's cores, so that the same command is valid everywhere;
 * past the cores it gains nothing, and each thread holds its own caches.
 */

/** `--jobs` at most: each worker thread costs tens of MB, and no common machine has use for more. */
export const MAX_JOBS = 64;

/** The parsed `--jobs`, or why it is refused. */
export type JobsOption = { readonly ok: true; readonly jobs: number } | { readonly ok: false; readonly reason: string };

/**
 * Reads `--jobs`: a whole number from 1 to MAX_JOBS, in decimal digits.
 * @param text the option's value as given, or undefined when absent (then 1: one thread, no worker)
 */
export function parseJobs(text: string | undefined): JobsOption {
  if (text === undefined) return { ok: true, jobs: 1 };
  const jobs = /^[0-9]{1,3}$/.test(text) ? Number(text) : Number.NaN;
  if (jobs >= 1 && jobs <= MAX_JOBS) return { ok: true, jobs };
  return {
    ok: false,
    reason: `--jobs: expected a whole number of threads from 1 to ${MAX_JOBS}, got ${JSON.stringify(text.slice(0, 20))}`,
  };
}
