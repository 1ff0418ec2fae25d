/**
 * Adopting a Logpush job made by hand (the guide's curl commands) instead of
 * creating a second one: a `pulumi import` file that puts the existing job
 * under the component, with the names the component gives its children, so
 * the next `pulumi up` updates it in place.
 */
import { COMPONENT_TYPE } from "./firewall-events-logpush";
import { echo } from "./messages";
import { assertNoProblems, validateResourceName, validateZoneId } from "./validation";

/** The logical name the component gives its job, for a component named `name`. */
export const jobResourceName = (name: string): string => `${name}-job`;

/** The provider's import ID of a zone's Logpush job. */
export const logpushJobImportId = (zoneId: string, jobId: string): string => `zones/${zoneId}/${jobId}`;

/** A `pulumi import --file` document (Pulumi CLI 3.94 or later: it creates the parent component too). */
export interface ImportFile {
  resources: Array<{ type: string; name: string; id?: string; parent?: string; component?: boolean }>;
}

/**
 * The import file that adopts job `jobId` of zone `zoneId` under the component
 * `name` (the stack program names it `zone-<zoneId>`, or the zone entry's `name`).
 */
export function adoptionImportFile(zoneId: string, jobId: string, name = `zone-${zoneId}`): ImportFile {
  const problems = validateZoneId(zoneId);
  if (!/^[0-9]{1,20}$/.test(jobId))
    problems.push(`jobId must be the job's number (the "id" the Logpush API returned), got ${echo(jobId)}`);
  problems.push(...validateResourceName(name, "componentName"));
  assertNoProblems("adopt", problems);
  return {
    resources: [
      { type: COMPONENT_TYPE, name, component: true },
      {
        type: "cloudflare:index/logpushJob:LogpushJob",
        name: jobResourceName(name),
        id: logpushJobImportId(zoneId, jobId),
        parent: name,
      },
    ],
  };
}
