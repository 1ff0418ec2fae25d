#!/usr/bin/env node
/**
 * `npm run --silent adopt -- <zoneId> <jobId> [componentName] > adopt.json`, or for an
 * account-scoped job `npm run --silent adopt -- --account <accountId> <jobId> [componentName]`,
 * then `pulumi import --file adopt.json --protect=false --generate-code=false` and `pulumi up`.
 *
 * Exit status: 0 written; 1 the output could not be written (a full disk, a
 * closed pipe: one line on standard error says so); 2 usage or a bad argument.
 */
import { adoptionImportFile } from "./adopt";
import { errorText } from "./messages";
import { InvalidArgumentsError } from "./validation";

const USAGE =
  "usage: sekoia-logpush-adopt <zoneId> <jobId> [componentName] > adopt.json   (in a clone: npm run --silent adopt -- …)\n" +
  "       sekoia-logpush-adopt --account <accountId> <jobId> [componentName] > adopt.json\n";

/** `--help`: what `verify --help` gives too, the arguments, the credential and the exit codes. */
export const HELP = `${USAGE}
Writes the \`pulumi import\` file that puts a firewall_events Logpush job made by hand
(with the guide's curl commands) under the component, with the names the stack program
gives it. Then: pulumi import --file adopt.json --protect=false --generate-code=false
(Pulumi CLI 3.94 or later), pulumi preview (an update, no create), pulumi up.

Arguments:
  <zoneId>                 the zone's ID: 32 lowercase hexadecimal characters
  --account <accountId>    instead of a zone: the account of an account-scoped job
                           (import ID accounts/<accountId>/<jobId>)
  <jobId>                  the job's number, as the Logpush API lists it
  [componentName]          the component's name in the stack: default zone-<zoneId>
                           (account-<accountId>); a zones/accounts entry's "name" if it
                           has one. 1 to 100 letters, digits, _ . or -
  -h, --help               this help

Credentials: none; this command calls no API. Finding the job ID (GET
/zones/<zoneId>/logpush/datasets/firewall_events/jobs, or /accounts/<accountId>/…)
and the import take a Cloudflare token with Logs Edit on the zone (account Logs Edit
for an account job): Cloudflare asks it even to read a job.

Exit status: 0 the file was written, 1 it could not be written (one line on standard
error says why), 2 a usage error or a bad argument.
`;

/** Runs the CLI with `argv`; resolves to the exit status once the output is written (or has failed). */
export function main(argv: readonly string[], stdout: NodeJS.WritableStream = process.stdout): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    stdout.write(HELP);
    return Promise.resolve(0);
  }
  const account = argv[0] === "--account";
  const rest = account ? argv.slice(1) : argv;
  const [id, jobId, name] = rest;
  if (!id || !jobId || rest.length > 3) {
    process.stderr.write(USAGE);
    return Promise.resolve(2);
  }
  let text: string;
  try {
    text = `${JSON.stringify(adoptionImportFile(id, jobId, name, account ? "account" : "zone"), null, 2)}\n`;
  } catch (e) {
    // An InvalidArgumentsError's lines are already bounded and printable; anything else is made so.
    process.stderr.write(`${e instanceof InvalidArgumentsError ? e.message : errorText(e)}\n`);
    return Promise.resolve(2);
  }
  return new Promise((resolve) => {
    let failed = false;
    const fail = (error: NodeJS.ErrnoException) => {
      if (failed) return; // the stream reports one failure twice: to the callback and as an event
      failed = true;
      process.stderr.write(`adopt: cannot write the import file (${error.code ?? errorText(error, 200)})\n`);
      resolve(1);
    };
    stdout.once("error", fail);
    stdout.write(text, (error) => {
      if (error) fail(error);
      else if (!failed) resolve(0);
    });
  });
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  });
}
