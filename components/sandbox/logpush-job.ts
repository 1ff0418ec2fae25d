/**
 * The Logpush job as the emulator reads it: the inputs the component gives
 * its `cloudflare.LogpushJob` (camelCase, as the provider takes them).
 */
import { DATASET } from "../firewall-events-logpush";
import { TIMESTAMP_FORMATS, type TimestampFormat } from "../validation";

/** The LogpushJob inputs the emulator honours (others, such as `zoneId` or `name`, are ignored). */
export interface LogpushJobInputs {
  dataset?: string;
  enabled?: boolean;
  /** The destination, `header_*` parameters included; must point at this machine. */
  destinationConf: string;
  outputOptions?: {
    outputType?: string;
    fieldNames?: readonly string[];
    timestampFormat?: string;
    sampleRate?: number;
  };
  maxUploadBytes?: number;
  maxUploadRecords?: number;
  maxUploadIntervalSeconds?: number;
  /** The filter as the API takes it: a JSON string `{"where": …}`. */
  filter?: string;
}

/** What the emulator needs from a job, checked: the output options with Cloudflare's API defaults applied. */
export interface EmulatedJob {
  fields: readonly string[];
  timestampFormat: TimestampFormat;
  sampleRate: number;
}

/**
 * The job's output options, or a reason it cannot be emulated. Unset
 * `timestamp_format` is Cloudflare's API default, `unixnano`.
 */
export function readJob(job: LogpushJobInputs): EmulatedJob {
  if (job.dataset !== DATASET)
    throw new Error(
      `the emulator sends ${DATASET} only; this job's dataset is ${JSON.stringify(job.dataset)} (the provider's default is http_requests: set it)`,
    );
  const o = job.outputOptions ?? {};
  if (o.outputType !== undefined && o.outputType !== "ndjson")
    throw new Error(`outputType ${o.outputType}: SEKOIA's intake takes NDJSON`);
  const fields = o.fieldNames ?? [];
  if (fields.length === 0) throw new Error("outputOptions.fieldNames is empty: choose the fields to send");
  const timestampFormat = (o.timestampFormat ?? "unixnano") as TimestampFormat;
  if (!TIMESTAMP_FORMATS.includes(timestampFormat))
    throw new Error(`timestampFormat ${JSON.stringify(timestampFormat)} is not one of ${TIMESTAMP_FORMATS.join(", ")}`);
  const sampleRate = o.sampleRate ?? 1;
  if (!(sampleRate > 0 && sampleRate <= 1))
    throw new Error(`sampleRate must be greater than 0 and at most 1, got ${sampleRate}`);
  return { fields, timestampFormat, sampleRate };
}
