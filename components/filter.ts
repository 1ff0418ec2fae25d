/**
 * Logpush filters: which firewall_events a job sends. The component takes the
 * filter as an object, checks it against Cloudflare's grammar and the field
 * catalogue, and sends it as the JSON string the API expects.
 */
import { FIELD_INFO, FIELD_NAMES } from "./fields";
import type { Problems } from "./validation";

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
  /** The firewall_events field the condition reads, e.g. `"Action"`. */
  key?: string;
  /** The comparison: one of `FILTER_OPERATORS`. */
  operator?: string;
  /**
   * What the field is compared with: a string, a number or a boolean, or a list of strings or numbers
   * for `in` / `!in` (a `FilterValue`). Typed loosely so that every Pulumi language can pass it; the
   * component checks it against the operator and the field's type at preview.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any of FilterValue's shapes; checked at preview
  value?: any;
}

/** A Logpush filter, as in the API: `{ "where": … }`. */
export interface LogpushFilter {
  /** The root condition or group. */
  where: FilterNode;
}

/** Cloudflare's filter operators, grouped by the value they compare with. */
export const FILTER_OPERATORS = {
  equality: ["eq", "!eq"],
  ordering: ["lt", "leq", "gt", "geq"],
  text: ["startsWith", "endsWith", "!startsWith", "!endsWith", "contains", "!contains"],
  membership: ["in", "!in"],
} as const;

/** Every operator, flat. */
export const ALL_FILTER_OPERATORS: readonly string[] = Object.values(FILTER_OPERATORS).flat();

/** Cloudflare's limits on a filter: the serialised size and the number of conditions. */
export const FILTER_LIMITS = { maxBytes: 1000, maxConditions: 30 } as const;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function checkValue(field: string, operator: string, value: unknown, at: string): Problems {
  const type = FIELD_INFO.get(field)?.type;
  const scalar = (v: unknown) => typeof v === "string" || (typeof v === "number" && Number.isFinite(v));
  if ((FILTER_OPERATORS.membership as readonly string[]).includes(operator)) {
    return Array.isArray(value) && value.length > 0 && value.every(scalar)
      ? []
      : [`${at}.value must be a non-empty list of strings or numbers for "${operator}", got ${JSON.stringify(value)}`];
  }
  if ((FILTER_OPERATORS.ordering as readonly string[]).includes(operator)) {
    if (type !== "int" && type !== "int or string") {
      return [
        `${at}.operator "${operator}" compares numbers, but ${field} is of type ${type}; use eq, !eq, in or a text operator`,
      ];
    }
    return typeof value === "number" && Number.isFinite(value)
      ? []
      : [`${at}.value must be a number for "${operator}", got ${JSON.stringify(value)}`];
  }
  if ((FILTER_OPERATORS.text as readonly string[]).includes(operator)) {
    return typeof value === "string" && value !== ""
      ? []
      : [`${at}.value must be a non-empty string for "${operator}", got ${JSON.stringify(value)}`];
  }
  return scalar(value) || typeof value === "boolean"
    ? []
    : [`${at}.value must be a string, a number or a boolean for "${operator}", got ${JSON.stringify(value)}`];
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
  const { key, operator, value } = node;
  const problems: Problems = [];
  if (typeof key !== "string" || !FIELD_INFO.has(key)) {
    problems.push(`${at}.key must be a firewall_events field (${FIELD_NAMES.join(", ")}), got ${JSON.stringify(key)}`);
  }
  if (typeof operator !== "string" || !ALL_FILTER_OPERATORS.includes(operator)) {
    problems.push(`${at}.operator must be one of ${ALL_FILTER_OPERATORS.join(", ")}, got ${JSON.stringify(operator)}`);
  }
  if (problems.length === 0) problems.push(...checkValue(key as string, operator as string, value, at));
  return problems;
}

/** `filter`: a `{ where: … }` object within Cloudflare's grammar and limits, on known fields. */
export function validateFilter(value: unknown, arg = "filter"): Problems {
  if (!isPlainObject(value) || !has(value, "where") || Object.keys(value).length !== 1) {
    return [
      `${arg} must be an object with a single key "where", e.g. {"where":{"key":"Action","operator":"eq","value":"block"}}`,
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
 * config's key order changes).
 */
export function serialiseFilter(filter: LogpushFilter): string {
  return JSON.stringify({ where: canonical(filter.where) });
}
