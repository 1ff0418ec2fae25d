#!/usr/bin/env node
/**
 * `npm run --silent verify -- [--zone ID ...] [--account ID ...] [--stack-file Pulumi.<stack>.yaml] [--json]`:
 * the guide's "verify the job" step. Exit 0 all well, 1 a problem found, 2 a usage or credential error.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { endCleanlyOnOutputFailure } from "../cli-output";
import { projectOfStackFile } from "../stack-project";
import { InvalidArgumentsError } from "../validation";
import { declaredFromIds, declaredFromStackFile, type DeclaredJob } from "./declared";
import { cloudflareClient, REQUIRED_PERMISSION, VerifyInputError } from "./live-jobs";
import { renderHuman, renderJson } from "./render";
import { verify } from "./verify";

export const USAGE = `Usage: npm run --silent verify -- [OPTION ...]

Reads the live firewall_events Logpush jobs from Cloudflare and reports, one line
per job: drift from the settings the stack declares (dataset, enabled, fields and
their order, timestamp format, upload limits, sample rate, filter, SEKOIA region),
health (disabled, failing with Cloudflare's error message, no recent push), and
any other firewall_events job on the zone (a second one to SEKOIA doubles ingestion).

What to check (one of):
  --stack-file FILE        a stack file (Pulumi.<stack>.yaml): its zones, accounts and settings
  --zone ID                a zone, against the package's defaults (repeatable)
  --account ID             an account's account-scoped job, against the defaults (repeatable)

Options:
  --stale-after SECONDS    no successful push for this long is a problem
                           (default: 12 upload intervals, at least 3600)
  --json                   the report as JSON, for monitoring
  -h, --help               this help

Environment:
  CLOUDFLARE_API_TOKEN     required: a token with ${REQUIRED_PERMISSION}.
                           It only reads; give it no other permission.
  SEKOIA_INTAKE_KEY        optional: the intake key the jobs should carry; compared,
                           never printed. Unset: the live key is shown masked.
  CLOUDFLARE_BASE_URL      optional: another API base URL (the sandbox's emulator)

Exit status: 0 all well, 1 a job is drifted, unhealthy, missing or doubled,
2 a usage or credential error (nothing was judged).
`;

/** Where the CLI writes. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether stdout is a terminal (colour). */
  isTty: boolean;
}

class UsageError extends Error {}

interface CliOptions {
  declared: DeclaredJob[];
  json: boolean;
  staleAfterSeconds?: number;
}

function parseOptions(argv: readonly string[]): CliOptions | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        zone: { type: "string", multiple: true },
        account: { type: "string", multiple: true },
        "stack-file": { type: "string" },
        "stale-after": { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return "help";
  const zones = values.zone ?? [];
  const accounts = values.account ?? [];
  const stackFile = values["stack-file"];
  if (stackFile !== undefined && zones.length + accounts.length > 0)
    throw new UsageError("--stack-file and --zone/--account exclude each other: the stack file names its zones");
  if (stackFile === undefined && zones.length + accounts.length === 0)
    throw new UsageError("say what to check: --stack-file Pulumi.<stack>.yaml, or --zone ID / --account ID");
  let staleAfterSeconds: number | undefined;
  if (values["stale-after"] !== undefined) {
    if (!/^[1-9]\d*$/.test(values["stale-after"]))
      throw new UsageError(
        `--stale-after takes a whole number of seconds, got ${JSON.stringify(values["stale-after"])}`,
      );
    staleAfterSeconds = Number(values["stale-after"]);
  }
  let declared: DeclaredJob[];
  if (stackFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(stackFile, "utf8");
    } catch (error) {
      throw new UsageError(
        `cannot read --stack-file ${stackFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    declared = declaredFromStackFile(text, projectOfStackFile(stackFile));
    if (declared.length === 0) throw new UsageError(`${stackFile} declares no zone or account`);
  } else declared = declaredFromIds(zones, accounts);
  return { declared, json: values.json === true, ...(staleAfterSeconds !== undefined && { staleAfterSeconds }) };
}

/**
 * Runs verify.
 * @param argv the arguments after the command
 * @param env the environment (token, expected key, base URL)
 * @param io where to write
 * @returns the exit status: 0 all well, 1 a problem, 2 a usage or credential error
 */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  let options: CliOptions | "help";
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`verify: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof InvalidArgumentsError) {
      io.err(`verify: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (options === "help") {
    io.out(USAGE);
    return 0;
  }
  const token = env.CLOUDFLARE_API_TOKEN?.trim();
  if (!token) {
    io.err(`verify: CLOUDFLARE_API_TOKEN is not set: give it a token with ${REQUIRED_PERMISSION}.\n`);
    return 2;
  }
  const expectedKey = env.SEKOIA_INTAKE_KEY ? env.SEKOIA_INTAKE_KEY : undefined;
  try {
    const report = await verify({
      declared: options.declared,
      client: cloudflareClient(token, env.CLOUDFLARE_BASE_URL),
      ...(expectedKey !== undefined && { expectedKey }),
      ...(options.staleAfterSeconds !== undefined && { staleAfterSeconds: options.staleAfterSeconds }),
    });
    io.out(options.json ? renderJson(report) : renderHuman(report, io.isTty && env.NO_COLOR === undefined));
    return report.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof VerifyInputError) {
      io.err(`verify: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  endCleanlyOnOutputFailure("verify");
  main(process.argv.slice(2), process.env, {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    isTty: process.stdout.isTTY === true,
  }).then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      // Unexpected: the message only (an SDK error carries the answer's body, never the token).
      process.stderr.write(`verify: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
