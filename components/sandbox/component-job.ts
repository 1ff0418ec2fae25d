/**
 * The LogpushJob inputs `FirewallEventsLogpush` declares for given arguments,
 * obtained by running the component itself under Pulumi's mocks (no engine,
 * no cloud call): `npm start` then runs exactly the job `pulumi up` would
 * create, not a copy of its logic.
 */
import type { FirewallEventsLogpushArgs } from "../args";
import { FirewallEventsLogpush } from "../firewall-events-logpush";
import { LOGPUSH_JOB, installMocks, settle } from "../testing/mocks";
import type { LogpushJobInputs } from "./logpush-job";

/** The job's inputs (secrets unwrapped: the destination carries the key, so mask it before printing). */
export async function componentJob(args: FirewallEventsLogpushArgs, name = "sandbox"): Promise<LogpushJobInputs> {
  const mocks = installMocks();
  const component = new FirewallEventsLogpush(name, args);
  await settle([component.job]);
  const job = mocks.byType(LOGPUSH_JOB).find((r) => r.name === `${name}-job`);
  if (!job) throw new Error("the component declared no Logpush job");
  return job.inputs as LogpushJobInputs;
}
