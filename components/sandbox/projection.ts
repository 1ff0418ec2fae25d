/**
 * A job's field list as a compiled projection: one object literal with the
 * fields in the job's order. Built key by key, the projection would be a
 * dictionary-mode object, which JSON.stringify serialises about twice as
 * slowly; a literal of fixed shape stays in V8's fast mode.
 */
import type { LogRecord } from "./filter-eval";

/** A record's projection, and its bigint Datetime (JSON has no bigint) when it has one. */
export type Projector = (record: LogRecord, slot: string) => { projected: object; datetime: bigint | undefined };

const byList = new WeakMap<readonly string[], Projector>();
const byText = new Map<string, Projector>();

/**
 * The projector for a field list, compiled once per distinct list (a job's
 * list is one array: found by identity, without building a key per record). A
 * field the record does not have is undefined in the literal, which
 * JSON.stringify leaves out, as if it were absent; a bigint value is replaced
 * by `slot`.
 * @param fields the job's fields, in output order
 */
export function projector(fields: readonly string[]): Projector {
  let project = byList.get(fields);
  if (project !== undefined) return project;
  const key = JSON.stringify(fields);
  project = byText.get(key) ?? compile(fields);
  if (byText.size < 64) byText.set(key, project);
  byList.set(fields, project);
  return project;
}

function compile(fields: readonly string[]): Projector {
  // Field names go in as JSON string literals; `__proto__` as a computed key, which defines a property
  // instead of setting the prototype. Nothing from a record enters the source.
  const reads = fields.map(
    (field, i) =>
      `const x${i} = hasOwn.call(r, ${JSON.stringify(field)}) ? r[${JSON.stringify(field)}] : undefined;` +
      ` if (typeof x${i} === "bigint") datetime = x${i};`,
  );
  const members = fields.map(
    (field, i) =>
      `${field === "__proto__" ? `[${JSON.stringify(field)}]` : JSON.stringify(field)}: typeof x${i} === "bigint" ? slot : x${i}`,
  );
  const source = [
    `"use strict";`,
    `const hasOwn = Object.prototype.hasOwnProperty;`,
    `return function project(r, slot) {`,
    `let datetime;`,
    ...reads,
    `return { projected: { ${members.join(", ")} }, datetime };`,
    `};`,
  ].join("\n");
  return (new Function(source) as () => Projector)();
}
