/**
 * Evaluates a Logpush filter (`{"where": …}`, the job's `filter` JSON) against
 * one record, the way Cloudflare documents each operator. Which operator takes
 * which field and value is not decided here: the filter is first checked by
 * `validateFilter`, against the same rules table (`../filter-rules.ts`) that
 * the component checks at preview, so the emulator refuses exactly what
 * Cloudflare's API would refuse, and runs what it would accept.
 *
 * | operator | true when |
 * |---|---|
 * | `eq` | the field equals the value |
 * | `lt`, `leq`, `gt`, `geq` | numeric comparison with the value |
 * | `startsWith`, `endsWith` | prefix / suffix, case-sensitive |
 * | `contains` | substring of a string field, or element of an array field |
 * | `in` | the field equals one of the listed values |
 *
 * Cloudflare's own examples write numbers as strings (`"value":"30"` on an int
 * field), so a value is read as the field's type: `"30"` equals `30`. An
 * operator on a missing field is false; each `!` operator is exactly the
 * negation of its positive form. `and` needs every child, `or` at least one.
 */
import { type FilterNode, type LogpushFilter, validateFilter } from "../filter";
import { FILTER_OPERATOR_RULES, type FilterOperator, type PositiveOperator, isNegated } from "../filter-rules";
import { InvalidArgumentsError } from "../validation";

/** A record as the emulator holds it: field name → value (Datetime as bigint nanoseconds). */
export type LogRecord = Readonly<Record<string, unknown>>;

/** A compiled filter: record → kept. */
export type RecordPredicate = (record: LogRecord) => boolean;

const KEEP_ALL: RecordPredicate = () => true;

/** The field's value as a number, when it is an int (a bigint Datetime included). */
function asNumber(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "bigint") return Number(v);
  return undefined;
}

/** The filter value read as a number (Cloudflare accepts `"30"` for 30). */
function valueAsNumber(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** `eq` between a field and one value, the value read as the field's type. */
function equals(field: unknown, value: unknown): boolean {
  if (typeof field === "string")
    return typeof value === "string" ? field === value : typeof value === "number" && field === String(value);
  if (typeof field === "boolean") return field === value || (typeof value === "string" && String(field) === value);
  const n = asNumber(field);
  if (n !== undefined) return n === valueAsNumber(value);
  return false;
}

type Positive = (field: unknown, value: unknown) => boolean;

const str = (f: unknown, v: unknown, test: (f: string, v: string) => boolean): boolean =>
  typeof f === "string" && typeof v === "string" && test(f, v);

const ordered =
  (test: (a: number, b: number) => boolean): Positive =>
  (f, v) => {
    const a = asNumber(f);
    const b = valueAsNumber(v);
    return a !== undefined && b !== undefined && test(a, b);
  };

/** What each positive operator of the rules table does; typed so that a new row needs its evaluator. */
const POSITIVE: Readonly<Record<PositiveOperator, Positive>> = {
  eq: (f, v) => equals(f, v),
  lt: ordered((a, b) => a < b),
  leq: ordered((a, b) => a <= b),
  gt: ordered((a, b) => a > b),
  geq: ordered((a, b) => a >= b),
  startsWith: (f, v) => str(f, v, (a, b) => a.startsWith(b)),
  endsWith: (f, v) => str(f, v, (a, b) => a.endsWith(b)),
  contains: (f, v) => (Array.isArray(f) ? f.some((item) => equals(item, v)) : str(f, v, (a, b) => a.includes(b))),
  in: (f, v) => Array.isArray(v) && v.some((item) => equals(f, item)),
};

/** Compiles a node that `validateFilter` accepted. */
function compile(node: FilterNode): RecordPredicate {
  if (node.and) {
    const children = node.and.map(compile);
    return (r) => children.every((c) => c(r));
  }
  if (node.or) {
    const children = node.or.map(compile);
    return (r) => children.some((c) => c(r));
  }
  const key = node.key as string;
  const operator = node.operator as FilterOperator;
  const { value } = node;
  const test = POSITIVE[FILTER_OPERATOR_RULES[operator].positive];
  const has = (r: LogRecord) => Object.prototype.hasOwnProperty.call(r, key);
  return isNegated(operator) ? (r) => !(has(r) && test(r[key], value)) : (r) => has(r) && test(r[key], value);
}

/**
 * Compiles a job's filter (the JSON string the API takes, or the object) into
 * a predicate. No filter keeps every record. A filter the real API would
 * refuse (bad JSON, its grammar, a field it cannot filter, an operator on the
 * wrong type, a value of the wrong shape, its limits) throws an
 * `InvalidArgumentsError` listing why.
 */
export function compileFilter(filter: string | LogpushFilter | undefined): RecordPredicate {
  if (filter === undefined || filter === "") return KEEP_ALL;
  let parsed: unknown = filter;
  if (typeof filter === "string") {
    try {
      parsed = JSON.parse(filter);
    } catch (error) {
      throw new InvalidArgumentsError("Logpush job", [`filter is not JSON: ${(error as Error).message}`]);
    }
  }
  const problems = validateFilter(parsed);
  if (problems.length > 0) throw new InvalidArgumentsError("Logpush job", problems);
  return compile((parsed as LogpushFilter).where);
}
