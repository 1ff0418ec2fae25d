/**
 * Pulumi mocks for programs that use this package: they answer the Cloudflare
 * lookups the component makes and record what the program declares (every
 * resource's inputs, with secrets unwrapped and their paths noted, and every
 * invoke). The package's tests and benchmark use them; so can your own tests.
 */
import * as pulumi from "@pulumi/pulumi";

export const LOGPUSH_JOB = "cloudflare:index/logpushJob:LogpushJob";
export const API_TOKEN = "cloudflare:index/apiToken:ApiToken";
export const RANDOM_ID = "random:index/randomId:RandomId";
/** The SEKOIA intake (a dynamic resource: this package's own provider). */
export const SEKOIA_INTAKE = "pulumi-nodejs:dynamic/cloudflare-sekoia-logpush:SekoiaIntake";
/** The intake key the mocked SEKOIA intake answers with. */
export const MOCK_SEKOIA_INTAKE_KEY = "MGV1DUTUjBFBwtqqmHDzSE9VWhddeiin";
export const PERMISSION_GROUPS = "cloudflare:index/getApiTokenPermissionGroupsList:getApiTokenPermissionGroupsList";
/** The `lastComplete` every mocked Logpush job reports. */
export const MOCK_LAST_COMPLETE = "2026-11-29T03:00:00Z";
export const DATASET_FIELDS = "cloudflare:index/getLogpushDatasetField:getLogpushDatasetField";

/** IDs seen in public code for the zone-scoped groups; account-scoped twins get other IDs. */
export const GROUPS = {
  logsRead: "c4a30cd58c5d42619c86a3c36c441e2d",
  logsWrite: "3e0b5820118e47f3922f7c989e673882",
  analyticsRead: "9c88f9c5bce24ce7af9a958ba9c504db",
  zoneRead: "c8fed203ed3043cba015a93ad1616f1f",
};

const ZONE = "com.cloudflare.api.account.zone";
const ACCOUNT = "com.cloudflare.api.account";

/** IDs the mocks give the account-scoped groups (Cloudflare's differ: they are looked up, never hard-coded). */
export const ACCOUNT_GROUPS = {
  logsRead: "0000000000000000000000000000aaaa",
  accountAnalyticsRead: "0000000000000000000000000000cccc",
  logsWrite: "0000000000000000000000000000dddd",
};

/**
 * What the permission-group lookup returns: zone groups, plus same-named account groups that a zone
 * token must not pick (and an account token must).
 */
export const PERMISSION_GROUP_RESULTS = [
  { id: GROUPS.logsWrite, name: "Logs Write", scopes: [ZONE], category: "", isSelectable: true },
  { id: GROUPS.logsRead, name: "Logs Read", scopes: [ZONE], category: "", isSelectable: true },
  { id: GROUPS.zoneRead, name: "Zone Read", scopes: [ZONE], category: "", isSelectable: true },
  { id: GROUPS.analyticsRead, name: "Analytics Read", scopes: [ZONE], category: "", isSelectable: true },
  { id: ACCOUNT_GROUPS.logsRead, name: "Logs Read", scopes: [ACCOUNT], category: "", isSelectable: true },
  { id: ACCOUNT_GROUPS.logsWrite, name: "Logs Write", scopes: [ACCOUNT], category: "", isSelectable: true },
  {
    id: ACCOUNT_GROUPS.accountAnalyticsRead,
    name: "Account Analytics Read",
    scopes: [ACCOUNT],
    category: "",
    isSelectable: true,
  },
  {
    id: "0000000000000000000000000000bbbb",
    name: "Analytics Read",
    scopes: [ACCOUNT],
    category: "",
    isSelectable: true,
  },
];

// Resource inputs are free-form JSON; tests read them by path.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Inputs = Record<string, any>;

export interface Recorded {
  type: string;
  name: string;
  /** Inputs with secrets unwrapped. */
  inputs: Inputs;
  /** Dotted paths of the inputs that arrived as secrets. */
  secretPaths: string[];
  /** The ID given with the `import` resource option, if any. */
  importId?: string;
  /** The raw inputs, as the engine would see them. */
  raw: Inputs;
}

export interface MockState {
  resources: Recorded[];
  invokes: { token: string; args: Inputs }[];
  /** Answer of the dataset fields invoke. */
  liveFields: Record<string, string>;
  byType(type: string): Recorded[];
  invokeCount(token: string): number;
}

function unwrap(value: unknown, path: string, secrets: string[]): unknown {
  if (pulumi.runtime.isRpcSecret(value)) {
    secrets.push(path);
    return unwrap(pulumi.runtime.unwrapRpcSecret(value), path, secrets);
  }
  if (Array.isArray(value)) return value.map((v, i) => unwrap(v, `${path}[${i}]`, secrets));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, unwrap(v, path ? `${path}.${k}` : k, secrets)]),
    );
  }
  return value;
}

let installed: MockState | undefined;

/**
 * Installs the mocks once per test file and empties the record on each call.
 * One mock engine for the whole file: a component's outputs may still be
 * registering when the next test starts, and a new engine would not know it.
 * `preview` stays false: apply must run.
 */
export function installMocks(stack = "test", project = "cloudflare-sekoia-logpush"): MockState {
  if (installed) {
    installed.resources.length = 0;
    installed.invokes.length = 0;
    installed.liveFields = {};
    return installed;
  }
  const state: MockState = {
    resources: [],
    invokes: [],
    liveFields: {},
    byType: (type) => state.resources.filter((r) => r.type === type),
    invokeCount: (token) => state.invokes.filter((i) => i.token === token).length,
  };
  pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs) {
        const secretPaths: string[] = [];
        const inputs = unwrap(args.inputs, "", secretPaths) as Inputs;
        state.resources.push({
          type: args.type,
          name: args.name,
          inputs,
          secretPaths,
          raw: args.inputs,
          ...(args.id ? { importId: args.id } : {}),
        });
        switch (args.type) {
          case LOGPUSH_JOB:
            // A job that has pushed once and never failed, as Cloudflare reports it after `pulumi refresh`.
            return {
              id: String(100 + state.byType(LOGPUSH_JOB).length),
              state: { ...args.inputs, lastComplete: MOCK_LAST_COMPLETE, lastError: "", errorMessage: "" },
            };
          case API_TOKEN:
            return { id: `token-id-${args.name}`, state: { ...args.inputs, value: `token-value-${args.name}` } };
          case RANDOM_ID:
            return { id: `rid-${args.name}`, state: { ...args.inputs, hex: "5eca1f00" } };
          case SEKOIA_INTAKE: {
            const uuid = `intake-uuid-${args.name}`;
            return {
              id: uuid,
              state: { ...args.inputs, intakeUuid: uuid, intakeKey: MOCK_SEKOIA_INTAKE_KEY, entityUuid: "entity-uuid" },
            };
          }
          default:
            // Component resources reach the mock too.
            return { id: args.custom ? `${args.name}-id` : "", state: args.inputs };
        }
      },
      call(args: pulumi.runtime.MockCallArgs) {
        state.invokes.push({ token: args.token, args: args.inputs });
        switch (args.token) {
          case PERMISSION_GROUPS:
            return { results: PERMISSION_GROUP_RESULTS };
          case DATASET_FIELDS:
            return { datasetId: "firewall_events", zoneId: args.inputs.zoneId, fields: state.liveFields };
          default:
            throw new Error(`unexpected invoke ${args.token}`);
        }
      },
    },
    project,
    stack,
    false,
  );
  installed = state;
  return state;
}

/** Resolves an Output's value (preview is off, so apply runs). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

/** Resolves whether an Output is a secret. */
export function isSecret(output: pulumi.Output<unknown>): Promise<boolean> {
  return pulumi.isSecret(output);
}

/** Waits until the mock engine has registered these resources (their inputs are then recorded). */
export async function settle(resources: Array<pulumi.Resource | undefined>): Promise<void> {
  await Promise.all(resources.filter((r): r is pulumi.Resource => r !== undefined).map((r) => valueOf(r.urn)));
}
