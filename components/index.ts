/**
 * The public API of cloudflare-sekoia-logpush: the component, its arguments,
 * the SEKOIA intake resource (the guide's first step), and the building blocks
 * they are made of (field catalogue, SEKOIA intakes, zone and account scopes,
 * token scope, filter, validation, the migration from zone jobs to an account job), for stacks that compose them differently.
 */
export { FirewallEventsLogpush, COMPONENT_TYPE, DATASET } from "./firewall-events-logpush";
export {
  type FirewallEventsLogpushArgs,
  type ApiTokenOptions,
  type JobSettings,
  DEFAULTS,
  validateArgs,
  resolveJobSettings,
  scopeOfArgs,
} from "./args";
export {
  FIREWALL_EVENTS_FIELDS,
  FIELD_NAMES,
  ACCOUNT_FIELD_NAMES,
  ACCOUNT_ONLY_FIELDS,
  GUIDE_FIELDS,
  isKnownField,
  isAccountOnlyField,
  type FirewallEventsField,
  type FieldInfo,
  type FieldType,
} from "./fields";
export { type LogpushFilter, type FilterNode, FILTER_OPERATORS, validateFilter, serialiseFilter } from "./filter";
export { FILTER_LIMITS, FILTER_OPERATOR_RULES, isFilterableField, type FilterOperator } from "./filter-rules";
export {
  SEKOIA_BATCH_ENDPOINTS,
  SEKOIA_REGIONS,
  DEFAULT_REGION,
  INTAKE_KEY_HEADER,
  sekoiaDestination,
  type SekoiaRegion,
} from "./sekoia";
export { SekoiaIntake, type SekoiaIntakeArgs, validateSekoiaIntakeArgs } from "./sekoia-intake";
export {
  SEKOIA_API_BASES,
  SEKOIA_API_KEY_PERMISSIONS,
  CLOUDFLARE_FIREWALL_EVENTS_FORMAT_UUID,
  SekoiaApiError,
} from "./sekoia-intake-provider";
export { DEFAULT_TOKEN_PERMISSIONS, ZONE_SCOPE, ACCOUNT_SCOPE, zoneResources, accountResources } from "./token-scope";
export { SCOPES, type LogpushScope, type ScopeRules } from "./scope";
export { accountMigrationFilter, zoneHandOverFilter, cutoverNanos, type HandOver } from "./migration";
export { findOverlaps, type Overlap, type ZoneJobView, type AccountJobView } from "./overlap";
export {
  InvalidArgumentsError,
  TIMESTAMP_FORMATS,
  UPLOAD_LIMITS,
  type Problems,
  type TimestampFormat,
} from "./validation";
