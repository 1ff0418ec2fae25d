#!/usr/bin/env node
/**
 * `npm start`: the guide's whole flow on this machine, with no account.
 *
 * Starts a local SEKOIA on 127.0.0.1 (intake and configuration API), creates
 * the intake there with a fresh SEKOIA API key through the package's own
 * SekoiaIntake provider (the guide's first step, as `pulumi up` does it with
 * `sekoiaApiKey`), configures the Logpush job exactly as `pulumi up` would from
 * the example stack config with the intake key it got (pointed at the local
 * intake), sends generated events (or a real Logpush file) through the
 * emulator, and prints what was sent, accepted and normalised, where the ECS
 * events are, and one event raw → ECS. Ends with the guide's "verify the job"
 * step: `npm run verify` against a local Cloudflare API that serves the job as
 * the run left it.
 */
import { accessSync, constants, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { errorText, oneLine } from "../messages";
import { SEKOIA_CONF_PATHS, sekoiaIntakeProvider, type SekoiaIntakeOutputs } from "../sekoia-intake-provider";
import type { NormaliseResult } from "../normaliser";
import { InvalidArgumentsError } from "../validation";
import { maskSecret, redactDestination } from "./destination";
import { flatLines, humanBytes, sideBySide } from "./display";
import { EcsFileOpenError, EcsWriteError } from "./ecs-file";
import { DestinationValidationError } from "./emulator";
import type { LogRecord } from "./filter-eval";
import { ACCOUNT_ZONES, generateRecords } from "./generator";
import { JobHealthRecorder } from "./job-health";
import { runPipeline, type PipelineResult } from "./pipeline";
import { progressLine } from "./progress";
import { replayFile } from "./replay";
import { SekoiaConfigApi } from "./sekoia-config-api";
import { findExampleStackFile, sandboxSettings } from "./stack-file";
import { renderHuman } from "../verify/render";
import { verifyPass } from "./verify-pass";

/** Events generated when neither --events nor --input is given. */
export const DEFAULT_EVENT_COUNT = 10_000;
/** Batch lines printed before the console goes quiet (the progress line goes on). */
const BATCH_LINES = 10;
/** The intake's name when the stack file has no sekoiaIntakeName. */
export const SANDBOX_INTAKE_NAME = "Cloudflare firewall events (sandbox)";

const USAGE = `Usage: npm start -- [OPTION ...]

Runs the guide on this machine: creates the SEKOIA intake through a local
SEKOIA-compatible configuration API (as \`pulumi up\` does with sekoiaApiKey),
then Cloudflare Logpush → SEKOIA intake → normaliser, with a Logpush emulator
configured from the stack config exactly as \`pulumi up\` would configure the
real job, sending to the intake with the key SEKOIA gave.

Events:
  --events N                   generate N realistic firewall events (default ${DEFAULT_EVENT_COUNT})
  --seed N                     seed of the generator and of sampling (default 1)
  --input FILE                 replay a Logpush NDJSON file (plain or gzip) instead

Settings (default: Pulumi.example.yaml, else the component's defaults):
  --account                    run the account-scoped job (one job for every zone of an account):
                               events from ${ACCOUNT_ZONES.length} zones, each with its ZoneName; the stack file's
                               first account (accountId / accounts), else its stack-wide settings
  --config FILE                a Pulumi stack file (Pulumi.<stack>.yaml)
  --fields A,B,C               output_options.field_names
  --timestamp-format F         rfc3339, rfc3339ms, rfc3339ns, unixnano or unix
  --filter JSON                a Logpush filter, e.g. '{"where":{"key":"EdgeResponseStatus","operator":"geq","value":400}}'
  --sample-rate R              share of events sent (0 < R <= 1)
  --max-upload-records N       batch limits, as in the job
  --max-upload-bytes N
  --max-upload-interval-seconds N
  --region R                   FRA1, FRA2, MCO1, UAE1, USA1 or SGP1 (the intake path)

Output:
  --out FILE                   where the ECS events go (default: a new temporary directory)
  -h, --help                   this help

Exit status: 0 every event delivered; 1 events were lost or refused (dropped
batches, events over 250 KiB, unreadable input lines), or the ECS file could
not be written (a full disk: the run stops at once and says so); 2 usage or
settings error (a bad flag or stack setting, --out naming a directory).
Events delivered twice (at-least-once delivery) are reported, not an error.
`;

/** Flag → stack config key; the value is passed as the CLI would store it. */
const SETTING_FLAGS = {
  fields: "fields",
  "timestamp-format": "timestampFormat",
  filter: "filter",
  "sample-rate": "sampleRate",
  "max-upload-records": "maxUploadRecords",
  "max-upload-bytes": "maxUploadBytes",
  "max-upload-interval-seconds": "maxUploadIntervalSeconds",
  region: "region",
} as const;

class UsageError extends Error {}

interface StartOptions {
  /** Run the account-scoped job instead of the zone's. */
  account: boolean;
  events: number;
  seed: number;
  input?: string;
  config?: string;
  out: string;
  overrides: Record<string, string>;
}

function parseOptions(argv: readonly string[]): StartOptions | "help" {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      events: { type: "string" },
      seed: { type: "string" },
      input: { type: "string" },
      config: { type: "string" },
      out: { type: "string" },
      account: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      ...Object.fromEntries(Object.keys(SETTING_FLAGS).map((f) => [f, { type: "string" as const }])),
    },
  });
  if (values.help) return "help";
  const whole = (flag: string, text: string | undefined, fallback: number): number => {
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text)) throw new UsageError(`--${flag} takes a whole number, got ${JSON.stringify(text)}`);
    return Number(text);
  };
  if (values.input !== undefined && values.events !== undefined)
    throw new UsageError("--events and --input exclude each other");
  const overrides: Record<string, string> = {};
  for (const [flag, key] of Object.entries(SETTING_FLAGS)) {
    const value = values[flag as keyof typeof values];
    if (typeof value !== "string") continue;
    // A comma list is what people type; the stack config stores lists as JSON.
    overrides[key] =
      flag === "fields" && !value.trim().startsWith("[")
        ? JSON.stringify(
            value
              .split(",")
              .map((f) => f.trim())
              .filter(Boolean),
          )
        : value;
  }
  return {
    account: values.account === true,
    events: whole("events", values.events as string | undefined, DEFAULT_EVENT_COUNT),
    seed: whole("seed", values.seed as string | undefined, 1),
    ...(values.input !== undefined && { input: resolve(values.input as string) }),
    ...(values.config !== undefined && { config: resolve(values.config as string) }),
    out:
      values.out !== undefined
        ? resolve(values.out as string)
        : join(mkdtempSync(join(tmpdir(), "sekoia-sandbox-")), "ecs-events.ndjson"),
    overrides,
  };
}

function printResult(r: PipelineResult, sourceLabel: string, perZone: ReadonlyMap<string, number>): void {
  const { report, intake } = r;
  const rate = r.seconds > 0 ? Math.round(report.records / r.seconds) : report.records;
  console.log("");
  console.log(
    `Read ${report.records} events (${sourceLabel}); the job's filter left out ${report.filteredOut}, sampling ${report.sampledOut}.`,
  );
  console.log(
    `Sent ${report.delivered + report.dropped} events in ${report.batches} batches (${humanBytes(report.bytes.ndjson)} NDJSON, ${humanBytes(report.bytes.gzip)} gzip), ${report.retries} retries, ${report.dropped} dropped.`,
  );
  console.log(
    `The intake accepted ${intake.accepted} events, refused ${intake.refused} (over 250 KiB); the normaliser made ${intake.normalised} ECS events (${intake.notNormalised} unreadable${intake.invalidUtf8 > 0 ? `, ${intake.invalidUtf8} not valid UTF-8` : ""}).`,
  );
  if (intake.duplicates > 0)
    console.log(
      `${intake.duplicates} events arrived more than once (same RayID and record: a batch sent again after a lost or late answer, as Logpush delivers at least once); SEKOIA would store each copy. They are in the ECS file as many times.`,
    );
  if (perZone.size > 0)
    console.log(
      `Per zone (ZoneName → cloudflare.ZoneName): ${[...perZone].map(([zone, n]) => `${zone} ${n}`).join(", ")}.`,
    );
  for (const drop of report.drops)
    console.log(
      `  dropped batch ${drop.batch}: ${drop.records} events after ${drop.attempts} attempts (${drop.reason})`,
    );
  if (r.ecsFile) console.log(`ECS events: ${r.ecsFile}`);
  if (intake.sample) {
    const width = Math.max(40, Math.min(80, Math.floor(((process.stdout.columns ?? 180) - 5) / 2)));
    console.log("\nOne event, as Logpush sent it and as SEKOIA shows it:\n");
    const { message: _raw, ...ecs } = intake.sample.ecs;
    const left = flatLines(JSON.parse(intake.sample.raw) as Record<string, unknown>);
    const right = flatLines(ecs) + "\nmessage  (the raw line, kept as SEKOIA keeps it)";
    console.log(sideBySide(left, right, width, ["raw (Logpush NDJSON)", "→ ECS (as SEKOIA shows it)"]));
  }
  console.log(
    `\nDone in ${r.seconds.toFixed(2)} s: ${rate} events/s through emulator → gzip HTTP → intake → normaliser → ECS file.`,
  );
}

/** Runs `npm start`; resolves to the exit status (0 ok, 1 events lost or refused or the job unhealthy, 2 usage or settings error). */
export async function main(argv: readonly string[]): Promise<number> {
  let options: StartOptions | "help";
  try {
    options = parseOptions(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (options === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  if (options.input !== undefined) {
    // A file that cannot be read is a usage mistake, said before anything starts.
    try {
      if (!statSync(options.input).isFile()) throw Object.assign(new Error(), { code: "EISDIR" });
      accessSync(options.input, constants.R_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
      process.stderr.write(`--input ${oneLine(options.input, 300)}: cannot be read (${code})\n`);
      return 2;
    }
  }
  // The SEKOIA API key of this run: the emulated configuration API accepts it and nothing else.
  const apiKey = randomBytes(24).toString("base64url");
  const configApi = new SekoiaConfigApi({ apiKey });
  const stackFile = options.config ?? findExampleStackFile();
  let resolved;
  try {
    resolved = sandboxSettings(
      stackFile,
      options.overrides,
      { sekoiaApiKey: apiKey },
      options.account ? "account" : "zone",
    );
  } catch (error) {
    if (error instanceof InvalidArgumentsError || (error instanceof Error && /ENOENT|YAML/i.test(error.message))) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const { settings } = resolved;
  const progress = progressLine();
  // The first 20 problems are kept to print (each one bounded, printable line); the rest only counted.
  const problems: string[] = [];
  let problemCount = 0;
  const records: Iterable<LogRecord> | AsyncIterable<LogRecord> =
    options.input !== undefined
      ? replayFile(options.input, (p) => {
          if (++problemCount <= 20) problems.push(oneLine(`line ${p.line}: ${p.reason}`));
        })
      : generateRecords(options.events, { seed: options.seed, ...(options.account && { zones: ACCOUNT_ZONES }) });
  const sourceLabel =
    options.input !== undefined ? `replayed from ${options.input}` : `generated, seed ${options.seed}`;
  let shownBatches = 0;
  const perZone = new Map<string, number>();
  const say = (line: string) => {
    progress.clear();
    console.log(line);
  };

  console.log("cloudflare-sekoia-logpush sandbox: Cloudflare Logpush → SEKOIA intake, on this machine only\n");
  console.log(`  settings  ${resolved.source}`);
  if (resolved.scope === "account")
    console.log(
      `  account   one account-scoped job for every zone of account ${resolved.id}${options.input === undefined ? `: events from ${ACCOUNT_ZONES.join(", ")}` : ""}`,
    );
  console.log(
    `            ${settings.fields.length} fields, ${settings.timestampFormat}, batches of at most ${settings.maxUploadRecords || "∞"} records / ${settings.maxUploadBytes || "∞"} bytes` +
      `${settings.maxUploadIntervalSeconds ? ` / ${settings.maxUploadIntervalSeconds} s` : ""}, ${settings.filter ? `filter ${settings.filter}` : "no filter"}, ${settings.sampleRate !== undefined ? `sample rate ${settings.sampleRate}` : "every event"}`,
  );
  const health = new JobHealthRecorder(settings.enabled);
  let created: SekoiaIntakeOutputs | undefined;
  try {
    const result = await runPipeline({
      args: resolved.args,
      records,
      // The guide's first step, by the provider `pulumi up` runs: the intake, and its key for the job.
      intakeKey: async (origin) => {
        // FRA1's API is at the host's root (api.sekoia.io), the other regions' under /api (app.<region>.sekoia.io/api).
        const apiUrl = settings.region === "FRA1" ? origin : `${origin}/api`;
        console.log(
          `  sekoia    configuration API ${apiUrl}${SEKOIA_CONF_PATHS.intakes} (SEKOIA-compatible), API key ${maskSecret(apiKey)} made for this run`,
        );
        created = (
          (await sekoiaIntakeProvider.create!({
            intakeName: resolved.intakeName ?? SANDBOX_INTAKE_NAME,
            region: settings.region,
            apiUrl,
            apiKey,
          })) as { outs: SekoiaIntakeOutputs }
        ).outs;
        console.log(
          `  sekoia    intake "${created.intakeName}" created in entity "${created.entityName}", format Cloudflare Firewall Events: uuid ${created.intakeUuid}, intake key ${maskSecret(created.intakeKey)}`,
        );
        return created.intakeKey;
      },
      ecsFile: options.out,
      intake: {
        configApi,
        // Which zone each ECS event came from, as SEKOIA would show it (account runs only).
        ...(resolved.scope === "account" && {
          onEvent: (_line: string, r: NormaliseResult) => {
            const zone =
              r.kind === "event" ? (r.event.cloudflare as { ZoneName?: string } | undefined)?.ZoneName : undefined;
            if (zone !== undefined) perZone.set(zone, (perZone.get(zone) ?? 0) + 1);
          },
        }),
        onBatch: (b) => {
          if (b.validation) say(`  intake    validation upload {"content":"tests"} accepted (not an event)`);
          else if (++shownBatches <= BATCH_LINES) {
            say(
              `  intake    batch ${shownBatches}: ${b.accepted} events accepted, ${b.refused} refused, ${b.normalised} normalised (${humanBytes(b.bytes.received)} gzip → ${humanBytes(b.bytes.decompressed)})`,
            );
          } else if (shownBatches === BATCH_LINES + 1)
            say(`  intake    … further batches are counted in the progress line`);
        },
      },
      emulator: {
        seed: options.seed,
        health,
        onProgress: (p) =>
          progress.update(
            `logpush: ${p.records} events read, ${p.delivered} delivered in ${p.deliveredBatches} batches, ${p.dropped} dropped`,
          ),
        onRetry: (batch, retry, reason) => say(`  logpush   batch ${batch}: upload failed (${reason}); retry ${retry}`),
      },
      onJob: (job, origin) => {
        console.log(
          `  intake    ${origin} (SEKOIA-compatible), accepts the key of the intake created above${created ? ` (${maskSecret(created.intakeKey)})` : ""}`,
        );
        console.log(`  job       ${redactDestination(job.destinationConf)}\n`);
      },
    });
    progress.done();
    for (const p of problems) process.stderr.write(`${options.input}: ${p}\n`);
    if (problemCount > 20)
      process.stderr.write(`${options.input}: … ${problemCount - 20} more lines could not be read\n`);
    printResult(result, sourceLabel, perZone);
    const checked = await verifyPass({
      scope: { kind: resolved.scope, id: resolved.id },
      args: resolved.args,
      declared: result.declared,
      health: health.fields,
      // Set: runPipeline creates the intake before it runs the job.
      intakeKey: created!.intakeKey,
    });
    console.log(
      `\nVerify (npm run verify, through Cloudflare's SDK, against the sandbox's Cloudflare API at ${checked.baseURL}):\n`,
    );
    process.stdout.write(
      renderHuman(checked.report, process.stdout.isTTY === true && process.env.NO_COLOR === undefined),
    );
    const lost = result.report.dropped > 0 || result.intake.refused > 0 || problemCount > 0;
    return lost || !checked.report.ok ? 1 : 0;
  } catch (error) {
    progress.done();
    if (error instanceof DestinationValidationError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    if (error instanceof EcsFileOpenError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    if (error instanceof EcsWriteError) {
      process.stderr.write(
        `npm start: ${error.message}; stopped. Batches acknowledged before the failure are in the file; none after it.\n`,
      );
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      process.stderr.write(`npm start: ${errorText(error)}\n`);
      process.exitCode = 1;
    },
  );
}
