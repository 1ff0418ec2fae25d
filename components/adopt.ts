/**
 * Adopting a Logpush job made by hand (the guide's curl commands) instead of
 * creating a second one: a `pulumi import` file that puts the existing job
 * under the component, with the names the component gives its children, so
 * the next `pulumi up` updates it in place. Zone jobs and account-scoped jobs
 * alike: their import IDs are `zones/<zone_id>/<job_id>` and
 * `accounts/<account_id>/<job_id>` (the provider's LogpushJob import format).
 */
import { COMPONENT_TYPE } from "./firewall-events-logpush";
import { echo } from "./messages";
import { defaultComponentName, SCOPES, type LogpushScope } from "./scope";
import { assertNoProblems, validateResourceName, validateScopeId } from "./validation";

/** The logical name the component gives its job, for a component named `name`. */
export const jobResourceName = (name: string): string => `${name}-job`;

/** The provider's import ID of a zone's (or an account's) Logpush job. */
export const logpushJobImportId = (id: string, jobId: string, scope: LogpushScope = "zone"): string =>
  `${SCOPES[scope].importPrefix}/${id}/${jobId}`;

export { defaultComponentName } from "./scope";

/** A `pulumi import --file` document (Pulumi CLI 3.94 or later: it creates the parent component too). */
export interface ImportFile {
  resources: Array<{ type: string; name: string; id?: string; parent?: string; component?: boolean }>;
}

/**
 * The import file that adopts job `jobId` of zone (or account) `id` under the component `name`
 * (the stack program names it `zone-<zoneId>` / `account-<accountId>`, or the entry's `name`).
 */
export function adoptionImportFile(id: string, jobId: string, name?: string, scope: LogpushScope = "zone"): ImportFile {
  const problems = validateScopeId(scope, id);
  if (!/^[0-9]{1,20}$/.test(jobId))
    problems.push(`jobId must be the job's number (the "id" the Logpush API returned), got ${echo(jobId)}`);
  const component = name ?? defaultComponentName(id, scope);
  problems.push(...validateResourceName(component, "componentName"));
  assertNoProblems("adopt", problems);
  return {
    resources: [
      { type: COMPONENT_TYPE, name: component, component: true },
      {
        type: "cloudflare:index/logpushJob:LogpushJob",
        name: jobResourceName(component),
        id: logpushJobImportId(id, jobId, scope),
        parent: component,
      },
    ],
  };
}
