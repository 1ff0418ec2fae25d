/**
 * Logpush filters: which firewall_events a job sends. The component takes the
 * filter as an object, checks it against Cloudflare's rules (`filter-rules.ts`:
 * which fields may be filtered, which operator takes which field type, what
 * value each compares with, the size limits) and sends it as the JSON string
 * the API expects, values as the user wrote them.
 */
import { FIELD_INFO, FILTERABLE_FIELD_NAMES, FIREWALL_EVENTS_FIELDS, type FieldInfo } from "./fields";
import {
  FILTER_LIMITS,
  FILTER_OPERATOR_RULES,
  FILTER_OPERATORS,
  VALUE_TYPE_WORDS,
  fieldKinds,
  isFilterOperator,
  isFilterableField,
  operatorTakes,
  operatorsFor,
  valueFits,
} from "./filter-rules";
import { echo } from "./messages";
import type { Problems } from "./validation";

export { FILTER_LIMITS, FILTER_OPERATORS, type FilterOperator } from "./filter-rules";

/** A value a filter condition compares with; `in` / `!in` take a list. */
export type FilterValue = string | number | boolean | Array<string | number>;

/**
 * One node of a filter: either a condition (`key`, `operator`, `value`) or a
 * group (`and` or `or`, a list of nodes). Written as one interface so the
 * argument has a single shape in every language.
 */
export interface FilterNode {
  /** All of these must hold. */
  and?: FilterNode[];
  /** At least one of these must hold. */
  or?: FilterNode[];
  /**
   * The firewall_events field the condition reads, e.g. `"ClientRequestHost"`. Cloudflare refuses
   * Action, Description, Kind, MatchIndex, Metadata, OriginatorRayID, RuleID, Source and object fields.
   */
  key?: string;
  /** The comparison: one of `FILTER_OPERATORS`, on a field type it takes (see `filter-rules.ts`). */
  operator?: string;
  /**
   * What the field is compared with: a string, or a whole number (also as its digits in a string,
   * `"499"`, as Cloudflare's examples write it), or a list of them for `in` / `!in` (a `FilterValue`).
   * Typed loosely so that every Pulumi language can pass it; the component checks it against the
   * operator and the field's type at preview.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any of FilterValue's shapes; checked at preview
  value?: any;
}

/** A Logpush filter, as in the API: `{ "where": … }`. */
export interface LogpushFilter {
  /** The root condition or group. */
  where: FilterNode;
}

/** A valid filter to show in messages: a host and a path prefix. */
export const EXAMPLE_FILTER =
  '{"where":{"and":[{"key":"ClientRequestHost","operator":"eq","value":"www.example.com"},{"key":"ClientRequestPath","operator":"startsWith","value":"/api/"}]}}';

// The firewall_events fields Cloudflare will not filter: object fields, and those its docs list.
const UNFILTERABLE = FIREWALL_EVENTS_FIELDS.filter((f: FieldInfo) => f.filterable === false)
  .map((f) => f.name)
  .join(", ");

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** The key, the operator and the value of one condition, against the rules table. */
function checkCondition(key: unknown, operator: unknown, value: unknown, at: string): Problems {
  if (typeof key !== "string" || !FIELD_INFO.has(key)) {
    return [
      `${at}.key must be a filterable firewall_events field (${FILTERABLE_FIELD_NAMES.join(", ")}), got ${echo(key)}`,
    ];
  }
  if (!isFilterableField(key)) {
    return [
      `${at}.key ${key} cannot be filtered: Cloudflare refuses a filter on ${UNFILTERABLE}. Filter on a field such as ClientRequestHost, ClientRequestPath, ClientCountry or EdgeResponseStatus; to keep only blocked requests, send the events and keep them downstream, in SEKOIA (event.action = block)`,
    ];
  }
  if (!isFilterOperator(operator)) {
    return [`${at}.operator must be one of ${FILTER_OPERATORS.join(", ")}, got ${echo(operator)}`];
  }
  if (!operatorTakes(operator, key)) {
    return [
      `${at}.operator "${operator}" does not apply to ${key} (${FIELD_INFO.get(key)?.type}); on ${key} use ${operatorsFor(key).join(", ")}`,
    ];
  }
  const expected = fieldKinds(key)?.value ?? "none";
  const each = VALUE_TYPE_WORDS[expected];
  if (FILTER_OPERATOR_RULES[operator].value === "list") {
    return Array.isArray(value) && value.length > 0 && value.every((v) => valueFits(expected, v))
      ? []
      : [`${at}.value must be a non-empty list for "${operator}", each ${each} for ${key}, got ${echo(value)}`];
  }
  if (!valueFits(expected, value))
    return [`${at}.value must be ${each} for "${operator}" on ${key}, got ${echo(value)}`];
  // An empty prefix, suffix or substring matches every record (or none): surely a mistake.
  if (value === "" && FILTER_OPERATOR_RULES[operator].positive !== "eq")
    return [`${at}.value must be a non-empty string for "${operator}"`];
  return [];
}

function checkNode(node: unknown, at: string, count: { conditions: number }): Problems {
  if (!isPlainObject(node))
    return [`${at} must be an object: a condition {key, operator, value} or a group {and: [...]} / {or: [...]}`];
  const groups = ["and", "or"].filter((k) => has(node, k));
  const leafKeys = ["key", "operator", "value"].filter((k) => has(node, k));
  const unknown = Object.keys(node).filter((k) => !["and", "or", "key", "operator", "value"].includes(k));
  if (unknown.length > 0)
    return [`${at} has unknown key(s) ${unknown.join(", ")}; a node has either and/or, or key/operator/value`];
  if (groups.length + (leafKeys.length > 0 ? 1 : 0) !== 1) {
    return [`${at} must be exactly one of: a condition {key, operator, value}, {and: [...]}, or {or: [...]}`];
  }
  if (groups.length === 1) {
    const list = node[groups[0]];
    if (!Array.isArray(list) || list.length === 0)
      return [`${at}.${groups[0]} must be a non-empty list of conditions or groups`];
    return list.flatMap((child, i) => checkNode(child, `${at}.${groups[0]}[${i}]`, count));
  }
  count.conditions += 1;
  return checkCondition(node.key, node.operator, node.value, at);
}

/**
 * How deep the `and`/`or` groups go, walked without recursion and given up past
 * `limit`, so a hostile or cyclic value cannot overflow the stack.
 */
function nestingDepth(root: unknown, limit: number): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[root, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop() as [unknown, number];
    if (!isPlainObject(node)) continue;
    for (const group of ["and", "or"]) {
      const list = node[group];
      if (!Array.isArray(list)) continue;
      if (depth + 1 > limit) return depth + 1;
      deepest = Math.max(deepest, depth + 1);
      for (const child of list) pending.push([child, depth + 1]);
    }
  }
  return deepest;
}

/**
 * `filter`: a `{ where: … }` object that Cloudflare would accept: its grammar,
 * filterable fields, each operator on a field type it takes with a value of the
 * right shape, at most ~30 conditions and 1000 bytes.
 */
export function validateFilter(value: unknown, arg = "filter"): Problems {
  if (!isPlainObject(value) || !has(value, "where") || Object.keys(value).length !== 1) {
    return [`${arg} must be an object with a single key "where", e.g. ${EXAMPLE_FILTER}`];
  }
  if (nestingDepth(value.where, FILTER_LIMITS.maxDepth) > FILTER_LIMITS.maxDepth) {
    return [
      `${arg}.where nests and/or groups more than ${FILTER_LIMITS.maxDepth} levels deep, which can never fit in Cloudflare's ${FILTER_LIMITS.maxBytes} bytes; flatten it (an "in" list replaces many "or" branches)`,
    ];
  }
  const count = { conditions: 0 };
  const problems = checkNode(value.where, `${arg}.where`, count);
  if (problems.length > 0) return problems;
  if (count.conditions > FILTER_LIMITS.maxConditions) {
    problems.push(
      `${arg} has ${count.conditions} conditions; Cloudflare accepts at most ${FILTER_LIMITS.maxConditions}`,
    );
  }
  const bytes = Buffer.byteLength(serialiseFilter(value as unknown as LogpushFilter), "utf8");
  if (bytes > FILTER_LIMITS.maxBytes) {
    problems.push(
      `${arg} is ${bytes} bytes as JSON; Cloudflare accepts at most ${FILTER_LIMITS.maxBytes} (use "in" lists or fewer conditions)`,
    );
  }
  return problems;
}

function canonical(node: FilterNode): FilterNode {
  if (node.and) return { and: node.and.map(canonical) };
  if (node.or) return { or: node.or.map(canonical) };
  return { key: node.key, operator: node.operator, value: node.value };
}

/**
 * The JSON string sent as the job's `filter`. Keys are written in one fixed
 * order, so the same filter always gives the same string (no diff when the
 * config's key order changes); values go as written (`"499"` stays a string).
 */
export function serialiseFilter(filter: LogpushFilter): string {
  return JSON.stringify({ where: canonical(filter.where) });
}
