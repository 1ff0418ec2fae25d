/**
 * Compiles only while the schema's arguments (`SchemaArgs`, derived from `schema.ts`) and
 * the TypeScript arguments (`FirewallEventsLogpushArgs`) are assignable both ways: an argument
 * added, removed, renamed, made plain or given another type on one side alone fails `tsc`.
 * Not run: `tsc --noEmit` (npm test, npm run lint) checks it.
 */
import type { FirewallEventsLogpushArgs } from "../components";
import type { SchemaArgs } from "./schema-types";

type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Keys<T> = keyof T;

/** Both directions hold, and neither side has a property the other lacks. */
export const argsMatch: [
  Exact<Keys<SchemaArgs>, Keys<FirewallEventsLogpushArgs>>,
  SchemaArgs extends FirewallEventsLogpushArgs ? true : false,
  FirewallEventsLogpushArgs extends SchemaArgs ? true : false,
] = [true, true, true];

/** Required arguments are the same on both sides. */
export const requiredMatch: Exact<
  { [K in keyof SchemaArgs as object extends Pick<SchemaArgs, K> ? never : K]: true },
  { [K in keyof FirewallEventsLogpushArgs as object extends Pick<FirewallEventsLogpushArgs, K> ? never : K]: true }
> = true;
