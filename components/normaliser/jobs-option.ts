/**
 * The CLI's `--jobs N`: how many threads normalise. The accepted values are a
 * fixed range rather than one from the machine's cores, so that the same
 * command is valid everywhere; the threads run are then capped at the cores
 * (past them a thread gains nothing, and each holds its own caches).
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

/**
 * The worker threads `--jobs N` runs: at most one per core (more only add
 * start-up and memory: 64 threads on 2 cores took 734 MB for a 20-line file),
 * and at least one, so that `--jobs` always takes the worker path.
 * @param jobs the accepted `--jobs` value (2 or more)
 * @param cores the cores this process may use (`os.availableParallelism()`)
 */
export function workerThreads(jobs: number, cores: number): number {
  return Math.max(1, Math.min(jobs, cores));
}
