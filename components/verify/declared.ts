/**
 * What the stack declares for each job verify checks: the settings the
 * component would give the LogpushJob (its defaults applied, as `pulumi up`
 * applies them), read from a stack file with the stack program's own parser,
 * or the package's defaults for a zone or account named on the command line.
 */
import { type FirewallEventsLogpushArgs, type JobSettings, resolveJobSettings } from "../args";
import { SCOPES } from "../scope";
import { parseStackConfig } from "../stack-config";
import { DEFAULT_PROJECT, readStackFileOf, type StackProject } from "../stack-project";
import { InvalidArgumentsError, validateAccountId, validateZoneId } from "../validation";
import type { Scope } from "./scope";

/** One job the stack declares. */
export interface DeclaredJob {
  scope: Scope;
  /** The job's name as the component sets it: `jobName`, or `sekoia-firewall-events-<id>`. */
  name: string;
  /** The settings with the component's defaults applied. */
  settings: JobSettings;
}

// Stands in for the intake key when the stack file keeps it encrypted: only the settings are read from it.
const KEY_PLACEHOLDER = "verifyPlaceholderKey";

/** The job name the component gives a scope's job when the stack sets none (`SCOPES`: `…-account-<id>` for an account). */
export function defaultJobName(scope: Scope): string {
  return `${SCOPES[scope.kind].jobNamePrefix}${scope.id}`;
}

type JobArgs = Omit<FirewallEventsLogpushArgs, "intakeKey">;

/**
 * The job the component declares for these arguments.
 * @param scope the zone or account
 * @param args the component's arguments (already checked), without the key
 */
export function declaredJob(scope: Scope, args: JobArgs): DeclaredJob {
  // The component's own defaults for the scope: at account scope the guide's 28 fields then ZoneName.
  const settings = resolveJobSettings(args);
  return { scope, name: typeof args.jobName === "string" ? args.jobName : defaultJobName(scope), settings };
}

/**
 * The package's defaults for zones and accounts named on the command line.
 * @param zones zone IDs (`--zone`)
 * @param accounts account IDs (`--account`)
 * @throws InvalidArgumentsError when an ID is not 32 lowercase hex characters
 */
export function declaredFromIds(zones: readonly string[], accounts: readonly string[]): DeclaredJob[] {
  const problems = [
    ...zones.flatMap((id) => validateZoneId(id, "--zone")),
    ...accounts.flatMap((id) => validateAccountId(id, "--account")),
  ];
  if (problems.length > 0) throw new InvalidArgumentsError("verify", problems);
  return [
    ...zones.map((id) => declaredJob({ kind: "zone", id }, { zoneId: id })),
    ...accounts.map((id) => declaredJob({ kind: "account", id }, { accountId: id })),
  ];
}

/**
 * Every job a stack file (`Pulumi.<stack>.yaml`) declares, read by the stack
 * program's parser, so a setting verify reads is exactly the one `pulumi up` deploys.
 * @param yamlText the stack file's text
 * @param project the stack's project (`projectOfStackFile`): its name is the namespace read
 * @throws InvalidArgumentsError naming each bad key, as `pulumi preview` would, or a file of another project
 */
export function declaredFromStackFile(yamlText: string, project: StackProject = DEFAULT_PROJECT): DeclaredJob[] {
  const file = readStackFileOf(yamlText, project);
  // The key is encrypted in the file (or absent from a file made for verify): it is compared only when given apart.
  const stack = parseStackConfig(
    { ...file.raw, intakeKey: KEY_PLACEHOLDER },
    new Set([...file.secretKeys, "intakeKey"]),
    project.name,
  );
  const zones = stack.zones.map((z) => declaredJob({ kind: "zone", id: z.zoneId }, z.args));
  const accounts = stack.accounts.map((a) => declaredJob({ kind: "account", id: a.accountId }, a.args));
  return [...zones, ...accounts];
}
