/**
 * Drift: each setting the stack declares against the live job, as one table
 * of (setting, declared value, live value). Pure: no I/O, no clock.
 *
 * Unset values read as Cloudflare's API defaults: `timestamp_format` unixnano,
 * `sample_rate` 1, upload limits 0 (off), no filter (API schema, Logpush job
 * "output_options" and "max_upload_*", developers.cloudflare.com/api, read 2026-11-29).
 */
import { DATASET } from "../firewall-events-logpush";
import { SEKOIA_BATCH_ENDPOINTS } from "../sekoia";
import type { DeclaredJob } from "./declared";
import { readDestination } from "./destination";
import type { LiveJob } from "./live-jobs";

/** One setting whose live value is not the declared one. Neither value ever contains the intake key. */
export interface Drift {
  /** The stack config key (or the component's argument) the setting comes from. */
  setting: string;
  declared: string;
  live: string;
}

/** How a setting is read on each side and shown. */
interface SettingRule {
  setting: string;
  /** The declared value; undefined: not declared, so not compared. */
  declared: (d: DeclaredJob["settings"]) => unknown;
  live: (j: LiveJob) => unknown;
  /** Equality; default: same JSON. */
  same?: (declared: unknown, live: unknown) => boolean;
  /** Shown values; default: JSON. */
  show?: (declared: unknown, live: unknown) => [string, string];
}

const json = (v: unknown): string => (v === undefined ? "unset" : JSON.stringify(v));

/** A filter's JSON text as a canonical value: the same filter written with other spacing is not drift. */
function canonicalFilter(text: unknown): unknown {
  if (text === null || text === undefined || text === "") return null;
  try {
    return JSON.parse(String(text));
  } catch {
    return String(text);
  }
}

/** Fields: which are missing, which are extra, or only the order. */
function showFields(declared: unknown, live: unknown): [string, string] {
  const d = declared as string[];
  const l = live as string[];
  const missing = d.filter((f) => !l.includes(f));
  const extra = l.filter((f) => !d.includes(f));
  if (missing.length === 0 && extra.length === 0) {
    const at = d.findIndex((f, i) => l[i] !== f);
    return [
      `${d.length} fields, ${d[at]} at position ${at + 1}`,
      `same fields in another order (${l[at]} at ${at + 1})`,
    ];
  }
  return [
    `${d.length} fields${missing.length ? ` incl. ${missing.join(", ")}` : ""}`,
    `${l.length} fields${missing.length ? `, missing ${missing.join(", ")}` : ""}${extra.length ? `, extra ${extra.join(", ")}` : ""}`,
  ];
}

/** Every declared setting verify compares, in the order the report shows them. */
export const SETTING_RULES: readonly SettingRule[] = [
  { setting: "dataset", declared: () => DATASET, live: (j) => j.dataset },
  { setting: "enabled", declared: (d) => d.enabled, live: (j) => j.enabled },
  { setting: "fields", declared: (d) => d.fields, live: (j) => j.output_options.field_names ?? [], show: showFields },
  { setting: "outputType", declared: () => "ndjson", live: (j) => j.output_options.output_type ?? "ndjson" },
  {
    setting: "timestampFormat",
    declared: (d) => d.timestampFormat,
    live: (j) => j.output_options.timestamp_format ?? "unixnano",
  },
  { setting: "maxUploadBytes", declared: (d) => d.maxUploadBytes, live: (j) => j.max_upload_bytes ?? 0 },
  { setting: "maxUploadRecords", declared: (d) => d.maxUploadRecords, live: (j) => j.max_upload_records ?? 0 },
  {
    setting: "maxUploadIntervalSeconds",
    // Unset in the stack: the component sends none and Cloudflare keeps its own, so there is nothing to compare.
    declared: (d) => d.maxUploadIntervalSeconds,
    live: (j) => j.max_upload_interval_seconds ?? 0,
  },
  { setting: "sampleRate", declared: (d) => d.sampleRate ?? 1, live: (j) => j.output_options.sample_rate ?? 1 },
  {
    setting: "filter",
    declared: (d) => d.filter ?? null,
    live: (j) => j.filter,
    same: (d, l) => JSON.stringify(canonicalFilter(d)) === JSON.stringify(canonicalFilter(l)),
    show: (d, l) => [d === null ? "none" : String(d), l === null || l === "" ? "none" : String(l)],
  },
  {
    setting: "region",
    declared: (d) => SEKOIA_BATCH_ENDPOINTS[d.region],
    live: (j) => readDestination(j.destination_conf).endpoint,
    show: (d, l) => [String(d), String(l)],
  },
];

/**
 * The settings where the live job differs from the declared one.
 * @param declared what the stack declares
 * @param live the job Cloudflare runs (its name is compared too: a renamed job is one `pulumi up` would rename back)
 */
export function compareJob(declared: DeclaredJob, live: LiveJob): Drift[] {
  const drifts: Drift[] = [];
  if (live.name !== declared.name)
    drifts.push({ setting: "jobName", declared: json(declared.name), live: json(live.name) });
  for (const rule of SETTING_RULES) {
    const d = rule.declared(declared.settings);
    if (d === undefined) continue;
    const l = rule.live(live);
    const same = rule.same ? rule.same(d, l) : JSON.stringify(d) === JSON.stringify(l);
    if (same) continue;
    const [shownDeclared, shownLive] = rule.show ? rule.show(d, l) : [json(d), json(l)];
    drifts.push({ setting: rule.setting, declared: shownDeclared, live: shownLive });
  }
  return drifts;
}

/**
 * Whether the live job's intake key is the expected one. Compared only when
 * the user gives the key; the result says "differs", never either key.
 * @param live the live job
 * @param expectedKey the key from `SEKOIA_INTAKE_KEY`, if given
 */
export function compareIntakeKey(live: LiveJob, expectedKey: string | undefined): Drift[] {
  if (expectedKey === undefined) return [];
  const key = readDestination(live.destination_conf).key;
  if (key === expectedKey) return [];
  return [
    {
      setting: "intakeKey",
      declared: "the key in SEKOIA_INTAKE_KEY",
      live: key === undefined ? "no key in the destination" : "another key",
    },
  ];
}
