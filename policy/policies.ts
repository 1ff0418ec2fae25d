/**
 * The policy pack's checks, as pure functions of a resource's type, inputs,
 * URN and options, so they are tested without the Pulumi CLI. Each returns
 * the violations it found (empty when the resource complies).
 */
import { SEKOIA_BATCH_ENDPOINTS } from "../components/sekoia";
import { TIMESTAMP_FORMATS } from "../components/validation";

export const LOGPUSH_JOB = "cloudflare:index/logpushJob:LogpushJob";
export const API_TOKEN = "cloudflare:index/apiToken:ApiToken";
const COMPONENT = "cloudflare-sekoia-logpush:index:FirewallEventsLogpush";

/** The hosts of SEKOIA's HTTP intakes. */
export const SEKOIA_INTAKE_HOSTS: readonly string[] = [
  ...new Set(Object.values(SEKOIA_BATCH_ENDPOINTS).map((u) => new URL(u).host)),
];

/**
 * Zone-scoped permission groups that only read (the guide's "Read analytics and logs", plus Zone Read).
 * Cloudflare does not publish these IDs (they are the ones seen consistently in public code): if your
 * account's differ, list yours in the policy's `readOnlyGroupIds` config rather than loosen the policy.
 */
export const READ_ONLY_ZONE_GROUPS: Readonly<Record<string, string>> = {
  "9c88f9c5bce24ce7af9a958ba9c504db": "Analytics Read",
  c4a30cd58c5d42619c86a3c36c441e2d: "Logs Read",
  c8fed203ed3043cba015a93ad1616f1f: "Zone Read",
};

/** What a check sees of a resource (a subset of @pulumi/policy's ResourceValidationArgs). */
export interface ResourceUnderReview {
  type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- resource inputs as the engine sends them
  props: Record<string, any>;
  urn: string;
  opts: { additionalSecretOutputs?: string[] };
  /** The policy's configuration (`--policy-pack-config`), when it takes one. */
  config?: { readOnlyGroupIds?: string[]; readOnlyAccountGroupIds?: string[] };
}

const isFirewallEventsJob = (r: ResourceUnderReview) => r.type === LOGPUSH_JOB && r.props.dataset === "firewall_events";

/** A value still unknown at preview (computed from another resource) cannot be judged yet. */
const unknown = (v: unknown) => v === undefined;

/** Every firewall_events job sends to a SEKOIA intake host over HTTPS. */
export function sekoiaHttpsDestination(r: ResourceUnderReview): string[] {
  if (!isFirewallEventsJob(r) || unknown(r.props.destinationConf)) return [];
  let url: URL;
  try {
    url = new URL(String(r.props.destinationConf));
  } catch {
    return [
      "destinationConf is not a URL; it must be a SEKOIA intake URL such as https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=…",
    ];
  }
  const problems: string[] = [];
  if (url.protocol !== "https:") problems.push(`destinationConf must use https, not ${url.protocol.replace(":", "")}`);
  if (!SEKOIA_INTAKE_HOSTS.includes(url.host))
    problems.push(
      `destinationConf must send to a SEKOIA intake host (${SEKOIA_INTAKE_HOSTS.join(", ")}), not ${url.host}`,
    );
  if (!url.searchParams.has("header_X-SEKOIAIO-INTAKE-KEY"))
    problems.push("destinationConf must carry the intake key as ?header_X-SEKOIAIO-INTAKE-KEY=…");
  return problems; // the messages name the host, never the key
}

/** Every firewall_events job uses outputOptions (not the deprecated logpullOptions) with a known timestamp format. */
export function outputOptionsWithKnownTimestamps(r: ResourceUnderReview): string[] {
  if (!isFirewallEventsJob(r)) return [];
  const problems: string[] = [];
  if (r.props.logpullOptions !== undefined)
    problems.push("logpullOptions is deprecated: use outputOptions (fieldNames, timestampFormat) instead");
  const options = r.props.outputOptions;
  if (options === undefined) problems.push("outputOptions must be set, with fieldNames and timestampFormat");
  else if (!(TIMESTAMP_FORMATS as readonly string[]).includes(options.timestampFormat)) {
    problems.push(
      `outputOptions.timestampFormat must be one of ${TIMESTAMP_FORMATS.join(", ")}, got ${JSON.stringify(options.timestampFormat)}`,
    );
  }
  return problems;
}

/** Every firewall_events job keeps its destination (which holds the intake key) secret in state. */
export function destinationKeptSecret(r: ResourceUnderReview): string[] {
  if (!isFirewallEventsJob(r)) return [];
  return (r.opts.additionalSecretOutputs ?? []).includes("destinationConf")
    ? []
    : [
        'destinationConf holds the intake key: declare the job with additionalSecretOutputs: ["destinationConf"] (the FirewallEventsLogpush component does)',
      ];
}

// The one resource a token made by the component may name: one zone, or (an account-scoped job) one account.
// Cloudflare "API token permissions": zone resources com.cloudflare.api.account.zone.<ID>, account ones com.cloudflare.api.account.<ID>.
const ZONE_RESOURCE = /^com\.cloudflare\.api\.account\.zone\.[0-9a-f]{32}$/;
const ACCOUNT_RESOURCE = /^com\.cloudflare\.api\.account\.[0-9a-f]{32}$/;

/**
 * Tokens made for a job (children of the component) are read-only and scoped to one zone, or to one
 * account for an account-scoped job. Zone groups are checked against `readOnlyGroupIds` (default: the
 * IDs seen in public code). Account groups have other IDs that Cloudflare does not publish and public
 * code does not show for Logs Read: they are checked against `readOnlyAccountGroupIds` once it is set;
 * until then only the account token's scope is (the component itself refuses any group whose name does
 * not end in " Read").
 */
export function tokenZoneScopedReadOnly(r: ResourceUnderReview): string[] {
  if (r.type !== API_TOKEN || !r.urn.includes(`${COMPONENT}$`) || unknown(r.props.policies)) return [];
  const readOnly = r.config?.readOnlyGroupIds ?? Object.keys(READ_ONLY_ZONE_GROUPS);
  const readOnlyAccount = r.config?.readOnlyAccountGroupIds;
  const problems: string[] = [];
  for (const [i, policy] of (r.props.policies as Array<Record<string, unknown>>).entries()) {
    if (policy.effect !== "allow") continue; // a deny only narrows the token
    let scope: "zone" | "account" | undefined;
    if (!unknown(policy.resources)) {
      let resources: Record<string, unknown> = {};
      try {
        resources = JSON.parse(String(policy.resources));
      } catch {
        problems.push(`policies[${i}].resources is not JSON`);
      }
      const keys = Object.keys(resources);
      if (keys.length === 1 && resources[keys[0]] === "*")
        scope = ZONE_RESOURCE.test(keys[0]) ? "zone" : ACCOUNT_RESOURCE.test(keys[0]) ? "account" : undefined;
      if (scope === undefined) {
        problems.push(
          `policies[${i}].resources must name exactly one zone (com.cloudflare.api.account.zone.<zone ID>) or one account (com.cloudflare.api.account.<account ID>), got ${keys.join(", ") || "none"}`,
        );
      }
    }
    const allowed = scope === "account" ? readOnlyAccount : readOnly;
    if (allowed === undefined) continue; // account groups, with no IDs configured
    for (const group of (policy.permissionGroups as Array<{ id?: string }> | undefined) ?? []) {
      if (group.id !== undefined && !allowed.includes(group.id)) {
        problems.push(
          scope === "account"
            ? `policies[${i}] grants permission group ${group.id}, which is not in readOnlyAccountGroupIds (the account's read-only groups)`
            : `policies[${i}] grants permission group ${group.id}, which is not one of the read-only zone groups (${Object.values(READ_ONLY_ZONE_GROUPS).join(", ")})`,
        );
      }
    }
  }
  return problems;
}

/** The checks, with the names and descriptions the pack reports. */
export const CHECKS = [
  {
    name: "sekoia-https-destination",
    description: "firewall_events Logpush jobs send to a SEKOIA intake over HTTPS.",
    check: sekoiaHttpsDestination,
  },
  {
    name: "logpush-output-options",
    description: "firewall_events Logpush jobs use outputOptions with a known timestamp format, not logpullOptions.",
    check: outputOptionsWithKnownTimestamps,
  },
  {
    name: "logpush-destination-secret",
    description: "The destination, which holds the intake key, is a secret in state.",
    check: destinationKeptSecret,
  },
  {
    name: "sekoia-token-read-only-zone",
    description:
      "Tokens made for the job are read-only and scoped to one zone (or, for an account-scoped job, one account).",
    check: tokenZoneScopedReadOnly,
    configSchema: {
      properties: {
        readOnlyGroupIds: {
          type: "array",
          items: { type: "string" },
          default: Object.keys(READ_ONLY_ZONE_GROUPS),
          description: "IDs of the zone permission groups that only read, as your account lists them.",
        },
        readOnlyAccountGroupIds: {
          type: "array",
          items: { type: "string" },
          description:
            "IDs of the account permission groups that only read (e.g. Logs Read, Account Analytics Read at scope com.cloudflare.api.account). Unset: account tokens' scope is checked, not their groups.",
        },
      },
    },
  },
] as const;
