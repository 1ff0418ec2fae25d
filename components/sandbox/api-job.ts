/**
 * The job `pulumi up` creates, as Cloudflare's API then returns it: the
 * provider's camelCase LogpushJob inputs in the API's snake_case, unset
 * values as null. The sandbox's Cloudflare API serves this.
 */
import type { ApiJobSettings } from "./cloudflare-api";
import type { LogpushJobInputs } from "./logpush-job";

/**
 * The API's view of a declared job.
 * @param inputs the LogpushJob inputs the component declares (`componentJob`), `name` included
 */
export function apiJobFromInputs(inputs: LogpushJobInputs & { name?: string }): ApiJobSettings {
  const o = inputs.outputOptions ?? {};
  return {
    name: inputs.name ?? null,
    dataset: inputs.dataset ?? null,
    // The provider's default is a disabled job; the component always sets it.
    enabled: inputs.enabled ?? false,
    destination_conf: inputs.destinationConf,
    output_options: {
      field_names: o.fieldNames ? [...o.fieldNames] : null,
      timestamp_format: o.timestampFormat ?? null,
      output_type: o.outputType ?? null,
      sample_rate: o.sampleRate ?? null,
    },
    max_upload_bytes: inputs.maxUploadBytes ?? null,
    max_upload_records: inputs.maxUploadRecords ?? null,
    max_upload_interval_seconds: inputs.maxUploadIntervalSeconds ?? null,
    filter: inputs.filter ?? null,
  };
}
