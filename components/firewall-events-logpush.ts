/**
 * `FirewallEventsLogpush`: the guide's manual steps for one zone, as a Pulumi
 * component: a least-privilege API token scoped to the zone, and the
 * firewall_events Logpush job that sends the chosen fields to a SEKOIA intake.
 * Given `accountId` instead of `zoneId`, the same for one whole account: an
 * account-scoped job (every zone of the account) and an account-scoped token.
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import {
  type FirewallEventsLogpushArgs,
  missingFields,
  resolveJobSettings,
  scopeOfArgs,
  tokenPermissions,
  validateArgs,
} from "./args";
import { SCOPES, scopedResources, type LogpushScope } from "./scope";
import { sekoiaDestination } from "./sekoia";
import { redactSecrets } from "./messages";
import { permissionGroups, resolvePermissionGroupIds } from "./token-scope";
import { TOKEN_NAME_LIMITS, assertNoProblems, validateIntakeKey, validateScopeId } from "./validation";

/** The component's type token (`<package>:index:<Class>`). */
export const COMPONENT_TYPE = "cloudflare-sekoia-logpush:index:FirewallEventsLogpush";

/** The Logpush dataset this package configures. */
export const DATASET = "firewall_events";

/**
 * The problems of a value only known once it resolved; a secret value
 * (`pulumi.secret(…)`) is masked in them, like the intake key.
 *
 * @param value the resolved value
 * @param secret whether it was a secret
 * @param check its validator
 */
export function resolvedProblems(value: string, secret: boolean, check: (v: string) => string[]): string[] {
  const problems = check(value);
  return secret ? problems.map((p) => redactSecrets(p, [value])) : problems;
}

// Fails the deployment with the problems of a value that was only known once it resolved.
function checked(value: pulumi.Input<string>, check: (v: string) => string[], subject: string): pulumi.Output<string> {
  const output = pulumi.output(value);
  return pulumi.all([output, pulumi.isSecret(output)]).apply(([v, secret]) => {
    assertNoProblems(subject, resolvedProblems(v, secret, check));
    return v;
  });
}

/**
 * Sends one zone's Cloudflare firewall events to SEKOIA.IO with Logpush, or,
 * given `accountId` instead of `zoneId`, those of every zone of one account.
 *
 * Every argument known at construction is checked before any resource is
 * declared, so a mistake fails `pulumi preview` with a message that names it.
 */
export class FirewallEventsLogpush extends pulumi.ComponentResource {
  /** The Logpush job. */
  public readonly job: cloudflare.LogpushJob;
  /** The Logpush job's ID (the number the guide's API calls use). */
  public readonly jobId: pulumi.Output<string>;
  /** Where the job lives: `"zone"` (`zoneId` given) or `"account"` (`accountId` given: every zone of the account). */
  public readonly scope: pulumi.Output<string>;
  /** The API token made for the zone (or account), when `apiToken.create` is not false. */
  public readonly apiToken?: cloudflare.ApiToken;
  /** The API token's ID, when one was made. */
  public readonly apiTokenId?: pulumi.Output<string>;
  /** The API token's value (secret), when one was made. */
  public readonly apiTokenValue?: pulumi.Output<string>;
  /** The job's destination, which carries the intake key (secret). */
  public readonly destination: pulumi.Output<string>;

  constructor(name: string, args: FirewallEventsLogpushArgs, opts?: pulumi.ComponentResourceOptions) {
    // Checked before anything is registered: a bad input declares nothing.
    const subject = `FirewallEventsLogpush "${name}"`;
    assertNoProblems(subject, validateArgs(args));
    super(COMPONENT_TYPE, name, {}, opts);
    const settings = resolveJobSettings(args);
    const scope = scopeOfArgs(args);
    this.scope = pulumi.output(scope);
    const { idArg, jobNamePrefix } = SCOPES[scope];

    // The zone's or the account's ID, checked again once an Output resolves.
    const scopeId = checked(args[idArg] as pulumi.Input<string>, (v) => validateScopeId(scope, v), subject);
    // The key only ever travels inside this secret; the check's messages never print it.
    const intakeKey = pulumi.secret(checked(args.intakeKey, validateIntakeKey, subject));
    this.destination = pulumi.secret(intakeKey.apply((key) => sekoiaDestination(settings.region, key)));

    const fieldNames = args.validateFieldsAgainstZone
      ? this.fieldsOfferedBy(scope, scopeId, settings.fields, subject)
      : settings.fields;

    this.job = new cloudflare.LogpushJob(
      `${name}-job`,
      {
        // zoneId for a zone job, accountId for an account job (POST /accounts/{id}/logpush/jobs).
        [idArg]: scopeId,
        // Both set explicitly: the provider defaults to http_requests and to a disabled job.
        dataset: DATASET,
        enabled: settings.enabled,
        name: args.jobName ?? pulumi.interpolate`${jobNamePrefix}${scopeId}`,
        destinationConf: this.destination,
        // The API replaces output_options whole on update, so the complete object is always sent.
        outputOptions: {
          outputType: "ndjson",
          fieldNames,
          timestampFormat: settings.timestampFormat,
          ...(settings.sampleRate !== undefined && { sampleRate: settings.sampleRate }),
        },
        maxUploadBytes: settings.maxUploadBytes,
        maxUploadRecords: settings.maxUploadRecords,
        ...(settings.maxUploadIntervalSeconds !== undefined && {
          maxUploadIntervalSeconds: settings.maxUploadIntervalSeconds,
        }),
        ...(settings.filter !== undefined && { filter: settings.filter }),
      },
      // Secret in state whatever the provider version (6.15+ marks destinationConf too); the policy pack checks
      // for it. Cloudflare's error_message can quote the destination URL, and with it the key.
      { parent: this, additionalSecretOutputs: ["destinationConf", "errorMessage"] },
    );
    this.jobId = this.job.id;

    if (args.apiToken?.create !== false) {
      this.apiToken = this.scopedToken(name, scope, scopeId, args);
      this.apiTokenId = this.apiToken.id;
      this.apiTokenValue = pulumi.secret(this.apiToken.value);
    }

    this.registerOutputs({
      scope: this.scope,
      job: this.job,
      jobId: this.jobId,
      apiToken: this.apiToken,
      apiTokenId: this.apiTokenId,
      apiTokenValue: this.apiTokenValue,
      destination: this.destination,
    });
  }

  /** The chosen fields, once the zone's (or account's) live field list confirms it offers every one. */
  private fieldsOfferedBy(
    scope: LogpushScope,
    id: pulumi.Output<string>,
    fields: string[],
    subject: string,
  ): pulumi.Output<string[]> {
    const live = cloudflare.getLogpushDatasetFieldOutput(
      { [SCOPES[scope].idArg]: id, datasetId: DATASET },
      { parent: this },
    );
    return live.apply((r) => {
      const missing = missingFields(fields, Object.keys(r.fields ?? {}));
      assertNoProblems(
        subject,
        missing.length === 0
          ? []
          : [
              `fields: this ${SCOPES[scope].noun} does not offer ${missing.join(", ")} (its plan or Cloudflare's current list); remove them or set validateFieldsAgainstZone: false`,
            ],
      );
      return fields;
    });
  }

  /**
   * A read-only token on this zone (or this account) alone, with a stable random suffix that
   * `rotation` renews. Its groups are the scope's, looked up by name and scope.
   */
  private scopedToken(
    name: string,
    scope: LogpushScope,
    id: pulumi.Output<string>,
    args: FirewallEventsLogpushArgs,
  ): cloudflare.ApiToken {
    const options = args.apiToken ?? {};
    const { idArg, tokenNamePrefix } = SCOPES[scope];
    // Keepers named after the scope's argument: a zone token keeps { zoneId, rotation }, as before accounts existed.
    const suffix = new random.RandomId(
      `${name}-token-suffix`,
      { byteLength: TOKEN_NAME_LIMITS.suffixBytes, keepers: { [idArg]: id, rotation: options.rotation ?? "" } },
      { parent: this },
    );
    const provider = this.getProvider("cloudflare:index/apiToken:ApiToken");
    const ids = permissionGroups(scope, provider).then((groups) =>
      resolvePermissionGroupIds(groups, tokenPermissions(options, scope), scope),
    );
    const prefix =
      options.name !== undefined ? pulumi.output(options.name) : pulumi.interpolate`${tokenNamePrefix}${id}`;
    return new cloudflare.ApiToken(
      `${name}-token`,
      {
        name: pulumi.interpolate`${prefix}-${suffix.hex}`,
        policies: [
          {
            effect: "allow",
            permissionGroups: pulumi.output(ids).apply((list) => list.map((id) => ({ id }))),
            resources: id.apply((v) => scopedResources(scope, v)),
          },
        ],
        ...(options.expiresOn !== undefined && { expiresOn: options.expiresOn }),
        ...(options.allowedIpRanges !== undefined && {
          condition: { requestIp: { ins: [...options.allowedIpRanges].sort() } },
        }),
      },
      // A new suffix (a new rotation value) means a new token, created before the old one is deleted.
      { parent: this, replaceOnChanges: ["name"] },
    );
  }
}
