/**
 * `FirewallEventsLogpush`: the guide's manual steps for one zone, as a Pulumi
 * component: a least-privilege API token scoped to the zone, and the
 * firewall_events Logpush job that sends the chosen fields to a SEKOIA intake.
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import {
  type FirewallEventsLogpushArgs,
  missingFields,
  resolveJobSettings,
  tokenPermissions,
  validateArgs,
} from "./args";
import { sekoiaDestination } from "./sekoia";
import { resolvePermissionGroupIds, zonePermissionGroups, zoneResources } from "./token-scope";
import { redactSecrets } from "./messages";
import { TOKEN_NAME_LIMITS, assertNoProblems, validateIntakeKey, validateZoneId } from "./validation";

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
 * Sends one zone's Cloudflare firewall events to SEKOIA.IO with Logpush.
 *
 * Every argument known at construction is checked before any resource is
 * declared, so a mistake fails `pulumi preview` with a message that names it.
 */
export class FirewallEventsLogpush extends pulumi.ComponentResource {
  /** The Logpush job. */
  public readonly job: cloudflare.LogpushJob;
  /** The Logpush job's ID (the number the guide's API calls use). */
  public readonly jobId: pulumi.Output<string>;
  /** The API token made for the zone, when `apiToken.create` is not false. */
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

    const zoneId = checked(args.zoneId, validateZoneId, subject);
    // The key only ever travels inside this secret; the check's messages never print it.
    const intakeKey = pulumi.secret(checked(args.intakeKey, validateIntakeKey, subject));
    this.destination = pulumi.secret(intakeKey.apply((key) => sekoiaDestination(settings.region, key)));

    const fieldNames = args.validateFieldsAgainstZone
      ? this.fieldsOfferedBy(zoneId, settings.fields, subject)
      : settings.fields;

    this.job = new cloudflare.LogpushJob(
      `${name}-job`,
      {
        zoneId,
        // Both set explicitly: the provider defaults to http_requests and to a disabled job.
        dataset: DATASET,
        enabled: settings.enabled,
        name: args.jobName ?? pulumi.interpolate`sekoia-firewall-events-${zoneId}`,
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
      // Secret in state whatever the provider version (6.15+ marks it too); the policy pack checks for it.
      { parent: this, additionalSecretOutputs: ["destinationConf"] },
    );
    this.jobId = this.job.id;

    if (args.apiToken?.create !== false) {
      this.apiToken = this.zoneToken(name, zoneId, args);
      this.apiTokenId = this.apiToken.id;
      this.apiTokenValue = pulumi.secret(this.apiToken.value);
    }

    this.registerOutputs({
      job: this.job,
      jobId: this.jobId,
      apiToken: this.apiToken,
      apiTokenId: this.apiTokenId,
      apiTokenValue: this.apiTokenValue,
      destination: this.destination,
    });
  }

  /** The chosen fields, once the zone's live field list confirms it offers every one. */
  private fieldsOfferedBy(zoneId: pulumi.Output<string>, fields: string[], subject: string): pulumi.Output<string[]> {
    const live = cloudflare.getLogpushDatasetFieldOutput({ zoneId, datasetId: DATASET }, { parent: this });
    return live.apply((r) => {
      const missing = missingFields(fields, Object.keys(r.fields ?? {}));
      assertNoProblems(
        subject,
        missing.length === 0
          ? []
          : [
              `fields: this zone does not offer ${missing.join(", ")} (its plan or Cloudflare's current list); remove them or set validateFieldsAgainstZone: false`,
            ],
      );
      return fields;
    });
  }

  /** A read-only token on this zone alone, with a stable random suffix that `rotation` renews. */
  private zoneToken(name: string, zoneId: pulumi.Output<string>, args: FirewallEventsLogpushArgs): cloudflare.ApiToken {
    const options = args.apiToken ?? {};
    const suffix = new random.RandomId(
      `${name}-token-suffix`,
      { byteLength: TOKEN_NAME_LIMITS.suffixBytes, keepers: { zoneId, rotation: options.rotation ?? "" } },
      { parent: this },
    );
    const provider = this.getProvider("cloudflare:index/apiToken:ApiToken");
    const ids = zonePermissionGroups(provider).then((groups) =>
      resolvePermissionGroupIds(groups, tokenPermissions(options)),
    );
    const prefix =
      options.name !== undefined ? pulumi.output(options.name) : pulumi.interpolate`sekoia-logpush-${zoneId}`;
    return new cloudflare.ApiToken(
      `${name}-token`,
      {
        name: pulumi.interpolate`${prefix}-${suffix.hex}`,
        policies: [
          {
            effect: "allow",
            permissionGroups: pulumi.output(ids).apply((list) => list.map((id) => ({ id }))),
            resources: zoneId.apply(zoneResources),
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
