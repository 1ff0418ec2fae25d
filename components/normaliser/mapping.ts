/**
 * The mapping: one row per ECS field, read by `engine.ts`. It reads like the
 * "Extracted Fields" table of SEKOIA's guide (ECS field ← Cloudflare field,
 * conversion), and every field of that table is produced when its source is
 * present. Fields SEKOIA *infers* after the mapping (addresses, domain parts,
 * `related.*`, parsed `user_agent.*`) are in `infer.ts`.
 *
 * A source's expected type comes from the shared firewall_events catalogue
 * (`components/fields.ts`). Rows whose source is not a firewall_events field
 * (SEKOIA reads some http_requests field names too) state the type themselves.
 * `differs` says why a row is not what SEKOIA does today; README.md lists them.
 */
import type { FieldType } from "../fields";

/** How a value is turned into the ECS value (see `conversions.ts`). */
export type Conversion = "copy" | "ip" | "timestamp" | "eventType" | "module" | "object";

/** One row of the mapping table. */
export interface MappingRow {
  /** The ECS field written, dotted (`source.as.number`). */
  readonly ecs: string;
  /** The Cloudflare field read. Absent for constants. */
  readonly from?: string;
  /** A constant written into every event (rows without `from`). */
  readonly value?: string | readonly string[];
  /** The conversion; `copy` when absent. */
  readonly convert?: Conversion;
  /** The expected type, only for a source outside the firewall_events catalogue. */
  readonly type?: FieldType;
  /** Warn when the source is missing, null or empty (the event is still kept). */
  readonly warnIfMissing?: boolean;
  /** Why this row differs from SEKOIA's mapping, when it does. */
  readonly differs?: string;
}

const MISSPELT = "SEKOIA reads a misspelt key, so never sets it";

/** The firewall_events → ECS mapping, in the order fields appear in an event. */
// A table, aligned like the guide's "Extracted Fields": kept out of the formatter.
// prettier-ignore
export const MAPPING: readonly MappingRow[] = [
  // ECS field                              ← Cloudflare field                    conversion
  { ecs: "@timestamp",                        from: "Datetime",                     convert: "timestamp", warnIfMissing: true,
    differs: "every Logpush timestamp format (SEKOIA reads nanoseconds only); unixnano exact to the microsecond" },
  { ecs: "event.kind",                        value: "event" },
  { ecs: "event.category",                    value: ["network"] },
  { ecs: "event.type",                        from: "Action",                       convert: "eventType",
    differs: "also for documented actions missing from SEKOIA's table, in any case (see actions.ts)" },
  { ecs: "event.action",                      from: "Action" },
  { ecs: "event.dataset",                     value: "firewall-events" },
  { ecs: "event.module",                      from: "Source",                       convert: "module" },
  { ecs: "source.ip",                         from: "ClientIP",                     convert: "ip" },
  { ecs: "source.port",                       from: "ClientSrcPort",                type: "int" },
  { ecs: "source.as.number",                  from: "ClientASN",                    differs: MISSPELT },
  { ecs: "source.as.organization.name",       from: "ClientASNDescription",
    differs: "not in SEKOIA's mapping; the ECS home of an AS name" },
  { ecs: "source.geo.country_name",           from: "ClientCountry" },
  { ecs: "destination.domain",                from: "ClientRequestHost" },
  { ecs: "http.request.method",               from: "ClientRequestMethod" },
  { ecs: "http.request.bytes",                from: "ClientRequestBytes",           type: "int" },
  { ecs: "http.request.referrer",             from: "ClientRequestReferer",         type: "string" },
  { ecs: "http.response.status_code",         from: "EdgeResponseStatus" },
  { ecs: "http.version",                      from: "ClientRequestProtocol" },
  { ecs: "network.protocol",                  from: "ClientRequestProtocol" },
  { ecs: "url.domain",                        from: "ClientRequestHost" },
  { ecs: "url.path",                          from: "ClientRequestPath" },
  { ecs: "url.query",                         from: "ClientRequestQuery" },
  { ecs: "url.scheme",                        from: "ClientRequestScheme" },
  { ecs: "user_agent.original",               from: "ClientRequestUserAgent" },
  { ecs: "tls.cipher",                        from: "ClientSSLCipher",              type: "string" },
  { ecs: "tls.version_protocol",              from: "ClientSSLProtocol",            type: "string" },
  { ecs: "rule.id",                           from: "RuleID",                       differs: MISSPELT },
  { ecs: "rule.ruleset",                      from: "rulesetId",                    type: "string" },
  { ecs: "rule.description",                  from: "Description",
    differs: "read by SEKOIA's parser but missing from its Extracted Fields; documented here" },
  { ecs: "rule.reference",                    from: "Ref",
    differs: "read by SEKOIA's parser but missing from its Extracted Fields; documented here" },
  { ecs: "cloudflare.RayID",                  from: "RayID" },
  { ecs: "cloudflare.ZoneName",               from: "ZoneName",
    differs: "account-scoped dataset only (Cloudflare, 2026-06-30); SEKOIA's parser does not know it" },
  { ecs: "cloudflare.EdgeColoCode",           from: "EdgeColoCode" },
  { ecs: "cloudflare.EdgeResponseStatus",     from: "EdgeResponseStatus" },
  { ecs: "cloudflare.clientASNDescription",   from: "ClientASNDescription",         differs: MISSPELT },
  { ecs: "cloudflare.matchIndex",             from: "MatchIndex",                   differs: MISSPELT },
  { ecs: "cloudflare.metadata",               from: "Metadata",                     convert: "object", differs: MISSPELT },
  { ecs: "cloudflare.ClientIPClass",          from: "ClientIPClass" },
  { ecs: "cloudflare.source",                 from: "Source" },
  { ecs: "cloudflare.OriginResponseStatus",   from: "OriginResponseStatus" },
  { ecs: "cloudflare.OriginatorRayID",        from: "OriginatorRayID" },
  { ecs: "cloudflare.Kind",                   from: "Kind" },
  { ecs: "cloudflare.ClientRefererHost",      from: "ClientRefererHost" },
  { ecs: "cloudflare.ClientRefererPath",      from: "ClientRefererPath" },
  { ecs: "cloudflare.ClientRefererQuery",     from: "ClientRefererQuery" },
  { ecs: "cloudflare.ClientRefererScheme",    from: "ClientRefererScheme" },
  { ecs: "observer.vendor",                   value: "Cloudflare" },
  { ecs: "observer.type",                     value: "firewall" },
];

/**
 * Top-level ECS objects whose content depends only on values that repeat: a
 * handful of actions and sources, the zone's hosts, user agents, protocols,
 * rules. The engine builds each once per distinct input and reuses it, which
 * also spares parsing the user agent and the Public Suffix List lookups.
 */
// prettier-ignore
export const MEMOISED_OBJECTS: ReadonlySet<string> = new Set([
  "event", "destination", "http", "network", "user_agent", "tls", "rule", "observer",
]);
