/**
 * What the stack declares for each job verify checks: the settings the
 * component would give the LogpushJob (its defaults applied, as `pulumi up`
 * applies them), read from a stack file with the stack program's own parser,
 * or the package's defaults for a zone or account named on the command line.
 */
import { type FirewallEventsLogpushArgs, type JobSettings, resolveJobSettings } from "../args";
import { parseStackConfig, parseStackFile, type ZoneDeployment } from "../stack-config";
import { InvalidArgumentsError, validateZoneId } from "../validation";
import type { Scope } from "./scope";

/** One job the stack declares. */
export interface DeclaredJob {
  scope: Scope;
  /** The job's name as the component sets it: `jobName`, or `sekoia-firewall-events-<id>`. */
  name: string;
  /** The settings with the component's defaults applied. */
  settings: JobSettings;
}

/** The field only the account-scoped dataset has. */
const ACCOUNT_FIELD = "ZoneName" as JobSettings["fields"][number];

// Stands in for the intake key when the stack file keeps it encrypted: only the settings are read from it.
const KEY_PLACEHOLDER = "verifyPlaceholderKey";

/** The job name the component gives a scope's job when the stack sets none. */
export function defaultJobName(scope: Scope): string {
  return `sekoia-firewall-events-${scope.id}`;
}

type JobArgs = Omit<FirewallEventsLogpushArgs, "intakeKey">;

/**
 * The job the component declares for these arguments.
 * @param scope the zone or account
 * @param args the component's arguments (already checked), without the key
 */
export function declaredJob(scope: Scope, args: JobArgs): DeclaredJob {
  const settings = resolveJobSettings({ ...args, intakeKey: KEY_PLACEHOLDER } as FirewallEventsLogpushArgs);
  // The account dataset's default adds ZoneName, the zone each event came from (Cloudflare changelog 2026-06-30).
  if (scope.kind === "account" && args.fields === undefined && !settings.fields.includes(ACCOUNT_FIELD))
    settings.fields = [...settings.fields, ACCOUNT_FIELD];
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
    ...accounts.flatMap((id) =>
      validateZoneId(id, "--account").map((p) => p.replace("Zone ID on the zone's", "Account ID on the account's")),
    ),
  ];
  if (problems.length > 0) throw new InvalidArgumentsError("verify", problems);
  return [
    ...zones.map((id) => declaredJob({ kind: "zone", id }, { zoneId: id })),
    ...accounts.map((id) => declaredJob({ kind: "account", id }, { zoneId: id })),
  ];
}

/** An account-scoped entry of the stack config, once the stack program reads `accountId` / `accounts`. */
interface AccountDeployment {
  accountId: string;
  args: JobArgs;
}

/**
 * Every job a stack file (`Pulumi.<stack>.yaml`) declares, read by the stack
 * program's parser, so a setting verify reads is exactly the one `pulumi up` deploys.
 * @param yamlText the stack file's text
 * @throws InvalidArgumentsError naming each bad key, as `pulumi preview` would
 */
export function declaredFromStackFile(yamlText: string): DeclaredJob[] {
  const file = parseStackFile(yamlText);
  // The key is encrypted in the file (or absent from a file made for verify): it is compared only when given apart.
  const stack = parseStackConfig(
    { ...file.raw, intakeKey: KEY_PLACEHOLDER },
    new Set([...file.secretKeys, "intakeKey"]),
  );
  const zones = stack.zones.map((z: ZoneDeployment) => declaredJob({ kind: "zone", id: z.zoneId }, z.args));
  // Account-scoped jobs arrive with the stack program's `accountId` / `accounts` keys; read them when present.
  const accounts = (stack as { accounts?: AccountDeployment[] }).accounts ?? [];
  return [...zones, ...accounts.map((a) => declaredJob({ kind: "account", id: a.accountId }, a.args))];
}
