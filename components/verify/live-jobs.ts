/**
 * The live Logpush jobs of a zone or account, read with Cloudflare's official
 * TypeScript SDK (npm `cloudflare`): `GET /{zones|accounts}/{id}/logpush/jobs`,
 * every dataset, so a managed job whose dataset was changed shows as drift
 * rather than as missing.
 * Every Logpush call, reads included, needs Logs Write ("Accepted Permissions:
 * Logs Write", developers.cloudflare.com/api/…/logpush/subresources/jobs/methods/get, read 2026-11-29).
 */
import Cloudflare, {
  APIConnectionError,
  APIError,
  AuthenticationError,
  NotFoundError,
  PermissionDeniedError,
} from "cloudflare";
import { maskSecret } from "../messages";
import { readDestination } from "./destination";
import { type Scope, scopeLabel, scopeParams } from "./scope";

/** A live job as verify reads it: the API's field names, absent values as null. */
export interface LiveJob {
  id: number;
  name: string | null;
  dataset: string | null;
  enabled: boolean;
  /** Carries the intake key: never print it whole (see `readDestination`). */
  destination_conf: string;
  output_options: {
    field_names: string[] | null;
    timestamp_format: string | null;
    output_type: string | null;
    sample_rate: number | null;
  };
  max_upload_bytes: number | null;
  max_upload_records: number | null;
  max_upload_interval_seconds: number | null;
  /** The filter as the API stores it: JSON text `{"where": …}`, or null. */
  filter: string | null;
  last_complete: string | null;
  last_error: string | null;
  error_message: string | null;
}

/** The permission every Logpush read needs, as the dashboard and the API docs name it. */
export const REQUIRED_PERMISSION =
  "Logs Write (dashboard: Logs > Edit) on each zone, or on the account for account jobs; Cloudflare asks it even to read jobs";

/** The credential or the selection cannot be used: exit 2, with a message that names what to fix. */
export class VerifyInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VerifyInputError";
  }
}

/**
 * The SDK client verify uses.
 * @param apiToken the API token (from `CLOUDFLARE_API_TOKEN`)
 * @param baseURL the API's base URL; unset: the SDK's own default (or `CLOUDFLARE_BASE_URL`)
 */
export function cloudflareClient(apiToken: string, baseURL?: string): Cloudflare {
  return new Cloudflare({
    apiToken,
    ...(baseURL !== undefined && baseURL !== "" && { baseURL }),
    maxRetries: 2,
    timeout: 20_000,
  });
}

// The first error Cloudflare gave, short, and never more than 200 characters of its text.
function cloudflareReason(error: APIError): string {
  const first = (error.errors as Array<{ code?: number; message?: string }>)[0];
  const text = first?.message ? `${first.message}${first.code ? ` [${first.code}]` : ""}` : "no details";
  return `HTTP ${error.status ?? "?"}: ${text.slice(0, 200)}`;
}

/**
 * Turns an SDK error into the message a user can act on. The token never
 * appears: the SDK's messages carry the answer's body, not the request.
 * @param error what the SDK threw
 * @param scope the zone or account being read
 * @param baseURL where the request went, for connection errors
 */
export function explainApiError(error: unknown, scope: Scope, baseURL: string): Error {
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError)
    return new VerifyInputError(
      `Cloudflare refused the token for ${scopeLabel(scope)} (${cloudflareReason(error)}). CLOUDFLARE_API_TOKEN needs ${REQUIRED_PERMISSION}.`,
    );
  if (error instanceof NotFoundError)
    return new VerifyInputError(
      `Cloudflare has no ${scopeLabel(scope)} (${cloudflareReason(error)}): check the ID (the dashboard's Overview page, API section), or the token's resources.`,
    );
  if (error instanceof APIConnectionError)
    return new VerifyInputError(`cannot reach the Cloudflare API at ${baseURL}: ${error.message}`);
  if (error instanceof APIError)
    return new Error(`Cloudflare API error for ${scopeLabel(scope)}: ${cloudflareReason(error)}`);
  return error instanceof Error ? error : new Error(String(error));
}

type SdkJob = Cloudflare.Logpush.Jobs.LogpushJob & { filter?: string | null };

/**
 * The SDK's job (every field optional) in verify's shape. Should Cloudflare's
 * `error_message` ever quote the destination, the key in it is masked: it is printed.
 */
export function toLiveJob(job: SdkJob): LiveJob {
  const o = job.output_options ?? {};
  const key = readDestination(job.destination_conf ?? "").key;
  const errorMessage = job.error_message ?? null;
  return {
    id: job.id ?? 0,
    name: job.name ?? null,
    dataset: job.dataset ?? null,
    enabled: job.enabled ?? false,
    destination_conf: job.destination_conf ?? "",
    output_options: {
      field_names: o.field_names ?? null,
      timestamp_format: o.timestamp_format ?? null,
      output_type: o.output_type ?? null,
      sample_rate: o.sample_rate ?? null,
    },
    max_upload_bytes: job.max_upload_bytes ?? null,
    max_upload_records: job.max_upload_records ?? null,
    max_upload_interval_seconds: job.max_upload_interval_seconds ?? null,
    filter: job.filter ?? null,
    last_complete: job.last_complete ?? null,
    last_error: job.last_error ?? null,
    error_message:
      errorMessage !== null && key !== undefined && key.length > 0
        ? errorMessage.split(key).join(maskSecret(key))
        : errorMessage,
  };
}

/**
 * Every Logpush job of a zone or account.
 * @param client the SDK client
 * @param scope the zone or account
 * @throws VerifyInputError on a refused token, an unknown zone or account, or an unreachable API
 */
export async function fetchLogpushJobs(client: Cloudflare, scope: Scope): Promise<LiveJob[]> {
  try {
    const jobs: LiveJob[] = [];
    for await (const job of client.logpush.jobs.list(scopeParams(scope))) {
      if (job) jobs.push(toLiveJob(job));
    }
    return jobs;
  } catch (error) {
    throw explainApiError(error, scope, client.baseURL);
  }
}
