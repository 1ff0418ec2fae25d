/**
 * Cloudflare's rules for Logpush filters, as one table: which operators exist,
 * which field types each takes, and what value each compares with. The
 * component's validation (`filter.ts`) and the sandbox's evaluation
 * (`sandbox/filter-eval.ts`) both read it, so what preview accepts is exactly
 * what the emulator runs.
 *
 * Source: Cloudflare docs, Logs › Logpush › Logpush job › "Filters"
 * (https://developers.cloudflare.com/logs/logpush/logpush-job/filters/, updated 2026-06-30), its
 * operator × type table and its "filtering limitations" note. Which fields may be
 * filtered at all is the catalogue's `filterable` flag (`fields.ts`).
 */
import { FIELD_INFO, type FieldType } from "./fields";

/** The columns of Cloudflare's operator table. */
export type FilterFieldKind = "string" | "int" | "bool" | "array" | "object";

/** What an operator compares the field with: one value, or a list of values. */
export type FilterValueShape = "one" | "list";

/** One row of Cloudflare's operator table. */
export interface OperatorRule {
  /** The field types (table columns) the operator takes. */
  readonly kinds: readonly FilterFieldKind[];
  /** One value, or a list (`in`, `!in`). */
  readonly value: FilterValueShape;
  /** The operator this one is, or negates (`!eq` → `eq`). */
  readonly positive: PositiveOperator;
}

// The rows in the docs' order. Cloudflare has no negated ordering operators (`!lt` …).
// prettier-ignore
const RULES = {
  eq:            { kinds: ["string", "int", "bool"], value: "one",  positive: "eq" },
  "!eq":         { kinds: ["string", "int", "bool"], value: "one",  positive: "eq" },
  lt:            { kinds: ["int"],                   value: "one",  positive: "lt" },
  leq:           { kinds: ["int"],                   value: "one",  positive: "leq" },
  gt:            { kinds: ["int"],                   value: "one",  positive: "gt" },
  geq:           { kinds: ["int"],                   value: "one",  positive: "geq" },
  startsWith:    { kinds: ["string"],                value: "one",  positive: "startsWith" },
  endsWith:      { kinds: ["string"],                value: "one",  positive: "endsWith" },
  "!startsWith": { kinds: ["string"],                value: "one",  positive: "startsWith" },
  "!endsWith":   { kinds: ["string"],                value: "one",  positive: "endsWith" },
  contains:      { kinds: ["string", "array"],       value: "one",  positive: "contains" },
  "!contains":   { kinds: ["string", "array"],       value: "one",  positive: "contains" },
  in:            { kinds: ["string", "int"],         value: "list", positive: "in" },
  "!in":         { kinds: ["string", "int"],         value: "list", positive: "in" },
} as const satisfies Record<string, { kinds: readonly FilterFieldKind[]; value: FilterValueShape; positive: string }>;

/** A Cloudflare filter operator. */
export type FilterOperator = keyof typeof RULES;

/** An operator that is not a negation; each `!op` is exactly `not op`. */
export type PositiveOperator = (typeof RULES)[FilterOperator]["positive"];

/** Every operator's row. */
export const FILTER_OPERATOR_RULES: Readonly<Record<FilterOperator, OperatorRule>> = RULES;

/** Every operator, in the docs' order. */
export const FILTER_OPERATORS = Object.keys(RULES) as FilterOperator[];

/** True when `value` is one of Cloudflare's operators. */
export function isFilterOperator(value: unknown): value is FilterOperator {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(RULES, value);
}

/** True for the `!` forms. */
export const isNegated = (operator: FilterOperator): boolean => operator !== RULES[operator].positive;

/**
 * Cloudflare's limits on the `filter` string: "approximately 30 operators and
 * 1000 bytes" (Filters page). Each level of `and`/`or` costs at least 10 bytes
 * (`{"and":[` … `]}`), so no filter within 1000 bytes nests deeper than 100
 * levels: deeper ones are refused before they are walked.
 */
export const FILTER_LIMITS = { maxBytes: 1000, maxConditions: 30, maxDepth: 100 } as const;

/** What one value compared with a field must be: the field's type, or its elements' for an array. */
export type FilterValueType = "string" | "int" | "int or string" | "none";

/** How a catalogue type reads in Cloudflare's table: its column(s), and the type of a value compared with it. */
interface FieldKinds {
  /** An operator must take every one of these (Datetime is an int or a string, by timestamp format). */
  readonly kinds: readonly FilterFieldKind[];
  readonly value: FilterValueType;
}

const KINDS_OF_TYPE: Readonly<Record<FieldType, FieldKinds>> = {
  string: { kinds: ["string"], value: "string" },
  int: { kinds: ["int"], value: "int" },
  "int or string": { kinds: ["int", "string"], value: "int or string" },
  "array[string]": { kinds: ["array"], value: "string" },
  "array[int]": { kinds: ["array"], value: "int" },
  object: { kinds: ["object"], value: "none" },
};

/** The table columns and the value type of a known field; undefined for an unknown one. */
export function fieldKinds(field: string): FieldKinds | undefined {
  const info = FIELD_INFO.get(field);
  return info && KINDS_OF_TYPE[info.filteredAs ?? info.type];
}

/** True when a filter may name the field: it is known and not marked unfilterable. */
export function isFilterableField(field: string): boolean {
  const info = FIELD_INFO.get(field);
  return info !== undefined && info.filterable !== false;
}

/** True when the operator takes a field of this type (every column the type reads as). */
export function operatorTakes(operator: FilterOperator, field: string): boolean {
  const kinds = fieldKinds(field)?.kinds ?? [];
  return kinds.length > 0 && kinds.every((k) => FILTER_OPERATOR_RULES[operator].kinds.includes(k));
}

/** The operators that take a field, in the docs' order (for messages). */
export function operatorsFor(field: string): FilterOperator[] {
  return FILTER_OPERATORS.filter((op) => operatorTakes(op, field));
}

// Cloudflare's own examples write ints as strings ("value":"30"): a whole number, written in digits, up to
// 19 (int64: epoch nanoseconds, e.g. a Datetime, are 19 digits and past a JSON number's exact range).
const INT_TEXT = /^-?\d{1,19}$/;

/** True when `value` may stand for an int: a safe whole number, or its digits as a string. */
export function isIntValue(value: unknown): boolean {
  return (
    (typeof value === "number" && Number.isSafeInteger(value)) || (typeof value === "string" && INT_TEXT.test(value))
  );
}

const FITS: Readonly<Record<FilterValueType, (v: unknown) => boolean>> = {
  string: (v) => typeof v === "string",
  int: isIntValue,
  "int or string": (v) => typeof v === "string" || isIntValue(v),
  none: () => false,
};

/** How a value of each type is described in a message. */
export const VALUE_TYPE_WORDS: Readonly<Record<FilterValueType, string>> = {
  string: "a string",
  int: 'a whole number (or its digits as a string, as in "499")',
  "int or string": "a string or a whole number",
  none: "nothing (the field cannot be filtered)",
};

/** True when one value fits the type a field's values have. */
export function valueFits(type: FilterValueType, value: unknown): boolean {
  return FITS[type](value);
}
