/**
 * The job settings of `npm start`, read as `pulumi up` reads them: a Pulumi
 * stack file (e.g. Pulumi.example.yaml), values turned into the strings the
 * CLI stores, checked by the stack program's own `parseStackConfig`, with the
 * component's defaults applied by `resolveJobSettings`. The sandbox plays
 * SEKOIA: it adds its own intake key or SEKOIA API key, which never leave the
 * machine, in place of the stack's.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { type FirewallEventsLogpushArgs, type JobSettings, resolveJobSettings } from "../args";
import type { LogpushScope } from "../scope";
import { parseStackConfig, type RawConfig } from "../stack-config";
import { DEFAULT_PROJECT, projectOfStackFile, readStackFileOf } from "../stack-project";

/** The stack file `npm start` reads when none is given. */
export const EXAMPLE_STACK_FILE = "Pulumi.example.yaml";

/** A zone ID for when the stack file names none: the sandbox never calls Cloudflare. */
const PLACEHOLDER_ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
/** An account ID for an account run when the stack file names none. */
const PLACEHOLDER_ACCOUNT = "01a7362d577a6c3019a474fd6f485823";

// The keys that say which jobs a stack has; a run keeps the ones of its scope.
const SCOPE_KEYS: Readonly<Record<LogpushScope, readonly [string, string]>> = {
  zone: ["zoneId", "zones"],
  account: ["accountId", "accounts"],
};

/** The example stack file: in the working directory, else at the package's root. */
export function findExampleStackFile(cwd = process.cwd()): string | undefined {
  const candidates = [join(cwd, EXAMPLE_STACK_FILE)];
  // From dist/components/sandbox (built) or components/sandbox (sources), up to the package root.
  for (let dir = __dirname, i = 0; i < 5; i++, dir = dirname(dir)) candidates.push(join(dir, EXAMPLE_STACK_FILE));
  return candidates.map((p) => resolve(p)).find((p) => existsSync(p));
}

/** The settings a run uses, and where they came from. */
export interface SandboxSettings {
  /** The component's arguments for the zone (or the account), without the key. */
  args: Omit<FirewallEventsLogpushArgs, "intakeKey">;
  /** The same with the component's defaults applied, for the console. */
  settings: JobSettings;
  /** The job's scope: a zone job, or an account job (`npm start -- --account`). */
  scope: LogpushScope;
  /** The zone's ID (a zone run) or the account's (an account run). */
  id: string;
  /** Where the settings came from, for the console. */
  source: string;
  /** The stack's sekoiaIntakeName, for the intake the sandbox creates (with a SEKOIA API key). */
  intakeName?: string;
}

/** The stack's SEKOIA credentials and where they point: the sandbox stands in for SEKOIA, with its own. */
const SEKOIA_KEYS = ["intakeKey", "sekoiaApiKey", "sekoiaApiUrl", "sekoiaEntity"];

/**
 * The job settings for a run: the stack file's (if any), then `overrides`
 * (values as the CLI stores them), with the sandbox's intake key, or its SEKOIA
 * API key as `sekoiaApiKey` (the stack then reads as one whose intake `pulumi up`
 * creates). Throws the stack program's InvalidArgumentsError on a bad setting.
 * With several zones the first zone's settings are used; with `scope` "account",
 * the first account's (the stack-wide settings on a placeholder account when the
 * file declares none). The run has one job: the other scope's keys are set aside.
 */
export function sandboxSettings(
  stackFile: string | undefined,
  overrides: RawConfig,
  key: string | { sekoiaApiKey: string },
  scope: LogpushScope = "zone",
): SandboxSettings {
  // Read under the stack's own project name, as `pulumi up` reads it (`pulumi.getProject()`).
  const project = stackFile !== undefined ? projectOfStackFile(stackFile) : DEFAULT_PROJECT;
  const file =
    stackFile !== undefined
      ? readStackFileOf(readFileSync(stackFile, "utf8"), project)
      : { raw: {}, secretKeys: new Set<string>() };
  const credential: Record<string, string> = typeof key === "string" ? { intakeKey: key } : key;
  const own = Object.fromEntries(Object.entries(file.raw).filter(([k]) => !SEKOIA_KEYS.includes(k)));
  if (typeof key === "string") delete own.sekoiaIntakeName;
  const raw: Record<string, string | undefined> = { ...own, ...overrides, ...credential };
  const [one, many] = SCOPE_KEYS[scope];
  for (const k of SCOPE_KEYS[scope === "zone" ? "account" : "zone"]) delete raw[k];
  delete raw.allowOverlap;
  if (raw[one] === undefined && raw[many] === undefined)
    raw[one] = scope === "zone" ? PLACEHOLDER_ZONE : PLACEHOLDER_ACCOUNT;
  const stack = parseStackConfig(raw, new Set([...file.secretKeys, ...Object.keys(credential)]), project.name);
  const job =
    scope === "zone"
      ? { ...stack.zones[0], id: stack.zones[0].zoneId }
      : { ...stack.accounts[0], id: stack.accounts[0].accountId };
  const settings = resolveJobSettings(job.args);
  const given = Object.keys(overrides).filter((k) => overrides[k] !== undefined);
  const source = [
    stackFile ?? "the component's defaults",
    ...(given.length > 0 ? [`flags (${given.join(", ")})`] : []),
  ].join(" + ");
  const intakeName = stack.sekoiaIntake?.intakeName;
  return { args: job.args, settings, scope, id: job.id, source, ...(intakeName !== undefined && { intakeName }) };
}
