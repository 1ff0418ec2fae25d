/**
 * `npm start`'s last step, the guide's "verify the job": the job the run
 * used is served by the sandbox's Cloudflare API (its health as the Logpush
 * emulator left it), and `npm run verify`'s own code reads it through
 * Cloudflare's SDK over HTTP and judges it against the stack's settings.
 */
import { randomBytes } from "node:crypto";
import type { FirewallEventsLogpushArgs } from "../args";
import { declaredJob } from "../verify/declared";
import { cloudflareClient } from "../verify/live-jobs";
import type { Scope } from "../verify/scope";
import { verify, type VerifyReport } from "../verify/verify";
import { apiJobFromInputs } from "./api-job";
import { startCloudflareApi } from "./cloudflare-api";
import type { JobHealthFields } from "./job-health";
import type { LogpushJobInputs } from "./logpush-job";

/** What the verify pass needs from a run. */
export interface VerifyPassInput {
  /** The zone (or account) the job belongs to. */
  scope: Scope;
  /** The component's arguments the run used, without the key. */
  args: Omit<FirewallEventsLogpushArgs, "intakeKey">;
  /** The job as the component declared it (`PipelineResult.declared`). */
  declared: LogpushJobInputs & { name?: string };
  /** The job's health as the Logpush emulator left it. */
  health: JobHealthFields;
  /** The run's intake key: compared, never printed. */
  intakeKey: string;
}

/** The report, and where the API was. */
export interface VerifyPassResult {
  report: VerifyReport;
  baseURL: string;
}

/**
 * Serves the run's job on a local Cloudflare API and verifies it through the SDK.
 * @param input the run's job, settings, health and key
 */
export async function verifyPass(input: VerifyPassInput): Promise<VerifyPassResult> {
  const token = randomBytes(20).toString("hex");
  const api = await startCloudflareApi({ [token]: { logsWrite: true } });
  try {
    api.addJob(input.scope, apiJobFromInputs(input.declared), input.health);
    const report = await verify({
      declared: [declaredJob(input.scope, input.args)],
      client: cloudflareClient(token, api.baseURL),
      expectedKey: input.intakeKey,
    });
    return { report, baseURL: api.baseURL };
  } finally {
    await api.close();
  }
}
