/**
 * The stack program: stack config → one FirewallEventsLogpush per zone and per
 * account → stack outputs.
 *
 *   pulumi config set zoneId <zone ID>                 # or a list: zones
 *   pulumi config set accountId <account ID>           # or a list: accounts (one job for every zone of each)
 *   pulumi config set --secret intakeKey <intake key>  # or sekoiaApiKey: pulumi up creates the intake
 *   pulumi preview && pulumi up
 *
 * Every key is described in README.md and Pulumi.example.yaml.
 */
import * as pulumi from "@pulumi/pulumi";
import { FirewallEventsLogpush } from "./components";
import { SekoiaIntake } from "./components/sekoia-intake";
import { CONFIG_KEYS, parseStackConfig } from "./components/stack-config";
import { InvalidArgumentsError } from "./components/validation";

// The SDK knows which keys are secrets but does not type the function that says so.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as { isConfigSecret: (key: string) => boolean };

// Config lives under the project's own name: a stack that copies this program under another
// name in its Pulumi.yaml is read, and told what to fix, under that name.
const project = pulumi.getProject();
const projectKeys = Object.keys(pulumi.runtime.allConfig())
  .filter((k) => k.startsWith(`${project}:`))
  .map((k) => k.slice(project.length + 1));
const raw = Object.fromEntries(
  [...new Set([...CONFIG_KEYS, ...projectKeys])].map((k) => [k, pulumi.runtime.getConfig(`${project}:${k}`)]),
);
const secretKeys = new Set(projectKeys.filter((k) => isConfigSecret(`${project}:${k}`)));

// A config mistake ends the run with its message alone: the stack trace would only hide it.
function orExit<T>(build: () => T): T {
  try {
    return build();
  } catch (e) {
    throw e instanceof InvalidArgumentsError ? new pulumi.RunError(e.message) : e;
  }
}

const stack = orExit(() => parseStackConfig(raw, secretKeys, project));

// With sekoiaApiKey, the guide's first step too: one intake for the whole stack, its key shared by every job.
const sekoiaIntake =
  stack.sekoiaIntake &&
  orExit(() => {
    const { apiKey, intakeName, ...rest } = stack.sekoiaIntake!;
    return new SekoiaIntake("sekoia-intake", {
      ...rest,
      intakeName: intakeName ?? `Cloudflare firewall events (${pulumi.getProject()}/${pulumi.getStack()})`,
      apiKey: pulumi.secret(apiKey),
    });
  });
const intakeKey = pulumi.secret(sekoiaIntake ? sekoiaIntake.intakeKey : (stack.intakeKey as string));

// [zone or account ID, component], each way apart: a zone and an account may not share a map.
const zoneJobs = orExit(() =>
  stack.zones.map((zone) => [zone.zoneId, new FirewallEventsLogpush(zone.name, { ...zone.args, intakeKey })] as const),
);
const accountJobs = orExit(() =>
  stack.accounts.map(
    (account) => [account.accountId, new FirewallEventsLogpush(account.name, { ...account.args, intakeKey })] as const,
  ),
);

type Deployed = ReadonlyArray<readonly [string, FirewallEventsLogpush]>;
const jobIdsOf = (d: Deployed) => Object.fromEntries(d.map(([id, c]) => [id, c.jobId]));
const tokenIdsOf = (d: Deployed) =>
  Object.fromEntries(d.filter(([, c]) => c.apiTokenId).map(([id, c]) => [id, c.apiTokenId]));
const tokenValuesOf = (d: Deployed) =>
  pulumi.secret(Object.fromEntries(d.filter(([, c]) => c.apiTokenValue).map(([id, c]) => [id, c.apiTokenValue])));
const all = [...zoneJobs, ...accountJobs];

/** The Logpush job ID, on a stack with one job (one zone, or one account). */
export const jobId = all.length === 1 ? all[0][1].jobId : undefined;
/** Logpush job ID per zone ID. */
export const jobIds = jobIdsOf(zoneJobs);
/** API token ID per zone ID (zones whose token was made here). */
export const apiTokenIds = tokenIdsOf(zoneJobs);
/** API token value per zone ID: a secret, shown by `pulumi stack output --show-secrets apiTokenValues`. */
export const apiTokenValues = tokenValuesOf(zoneJobs);
/** Account-scoped Logpush job ID per account ID. */
export const accountJobIds = jobIdsOf(accountJobs);
/** Account-scoped API token ID per account ID (accounts whose token was made here). */
export const accountApiTokenIds = tokenIdsOf(accountJobs);
/** Account-scoped API token value per account ID: a secret (`--show-secrets accountApiTokenValues`). */
export const accountApiTokenValues = tokenValuesOf(accountJobs);

// The job's health, per zone (or account) ID, as Cloudflare reported it at the last `pulumi up` or
// `pulumi refresh` (`npm run verify` reads it live): when it last pushed, when it last failed, and why.
const healthOf = (d: Deployed, pick: (c: FirewallEventsLogpush) => pulumi.Output<string | undefined>) =>
  Object.fromEntries(d.map(([id, c]) => [id, pick(c)]));
/** Time of the job's last successful push, per zone ID. */
export const lastComplete = healthOf(zoneJobs, (c) => c.job.lastComplete);
/** Time of the job's last failed push, per zone ID (empty when it has pushed since). */
export const lastError = healthOf(zoneJobs, (c) => c.job.lastError);
// Cloudflare's error_message can quote the destination URL, and with it the intake key: a secret.
/** Cloudflare's message for the last failed push, per zone ID: a secret (`--show-secrets errorMessage`). */
export const errorMessage = healthOf(zoneJobs, (c) => pulumi.secret(c.job.errorMessage));
/** Time of the account job's last successful push, per account ID. */
export const accountLastComplete = healthOf(accountJobs, (c) => c.job.lastComplete);
/** Time of the account job's last failed push, per account ID. */
export const accountLastError = healthOf(accountJobs, (c) => c.job.lastError);
/** Cloudflare's message for the account job's last failed push, per account ID: a secret, as `errorMessage`. */
export const accountErrorMessage = healthOf(accountJobs, (c) => pulumi.secret(c.job.errorMessage));
/** The UUID of the SEKOIA intake this stack created (with sekoiaApiKey). */
export const sekoiaIntakeUuid = sekoiaIntake?.intakeUuid;
