/**
 * The byte back-end: writes an event's JSON as UTF-8 bytes, straight from the
 * parsed record, without building the event object. It serves the CLI and the
 * sandbox intake; `normalise()` keeps the engine (`engine.ts`).
 *
 * Both back-ends come from one compile of the table (`compile.ts`): the writer
 * walks the same rows in the same order, with each key's JSON (`"port":`)
 * encoded once, the same type checks and conversions, and the memoised
 * objects' JSON kept as encoded fragments, keyed like the engine's memo. A
 * record that would give any warning (or an error, a skip, an oversize event)
 * is not written: the caller hands it to the engine, the only place warnings
 * are worded. `layout.ts` checks, when the table is compiled, that keys in
 * table order are the order JSON.stringify gives the engine's event, so the
 * bytes are the same (tests/normaliser.writer.test.ts checks that they are).
 */
import type { FieldType } from "../fields";
import { TABLE, type CompiledGroup, type CompiledRow, type CompiledTable } from "./compile";
import type { ConversionContext } from "./conversions";
import { buildMemoEntry, hasType, isEmpty, MEMO_CAPACITY } from "./engine";
import { writeEscapedUtf8 } from "./escape-utf8";
import type { LineBytes } from "./lines";
import type { LineBlocks } from "./output";
import { RELATED_KEY, type ObjectInference } from "./infer";
import { exactDatetime, isRecordObject } from "./input";
import { Memo, MISS, NOT_MEMOISABLE } from "./memo";
import { SEKOIA_MAX_EVENT_BYTES, surelyWithinLimit } from "./size";

/** One value row: where it reads, how it converts, its key's JSON. */
interface RowPlan {
  readonly kind: "row";
  readonly row: CompiledRow;
  /** `"key":` as UTF-8. */
  readonly key: Uint8Array;
}

/** A nested object: opened only when one of its members is written. */
interface ObjectPlan {
  readonly kind: "object";
  /** `"key":` as UTF-8. */
  readonly key: Uint8Array;
  readonly members: (RowPlan | ObjectPlan)[];
  /** For a top-level object: the keys inferred from its own fields, appended after the table's. */
  inference: InferencePlan | undefined;
}

/** An object's inference, and the rows whose values it reads. */
export interface InferencePlan {
  readonly inference: ObjectInference;
  /** The rows read, in `reads` order (undefined: no row writes that field, so it is always absent). */
  readonly reads: readonly (RowPlan | undefined)[];
  /** The inferred keys' JSON (`,"address":"..."`) per distinct input. */
  readonly fragments: Memo<Uint8Array>;
  /** Every position of the read values: the fragments' key. */
  readonly sources: readonly number[];
}

/** A memoised top-level object: its `"name":{...}` JSON per distinct input. */
export interface MemoPlan {
  readonly kind: "memo";
  readonly group: CompiledGroup;
  readonly fragments: Memo<Uint8Array | typeof EMPTY | typeof ENGINE>;
}

/** One list of `related`. */
interface RelatedPlan {
  /** `"key":` */
  readonly key: Uint8Array;
  /**
   * The rows whose values are listed: a row the writer writes itself (its value
   * is kept as written), a row of a memoised object (read from the record), or
   * undefined for a field no row writes.
   */
  readonly rows: readonly (RowPlan | CompiledRow | undefined)[];
}

/** A memoised object with nothing to show. */
const EMPTY: unique symbol = Symbol("empty");
/** The record needs the engine (it would warn). */
const ENGINE: unique symbol = Symbol("engine");
/** What writing a part gave. */
const WROTE = 1;
const NOTHING = 0;
const FAILED = -1;

const encoder = new TextEncoder();
const keyJson = (key: string): Uint8Array => encoder.encode(`${JSON.stringify(key)}:`);
/** JSON escapes these: such strings go through JSON.stringify, the rest are written as they are. */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const QUOTE = 34;
/** 1 for the ASCII codes a JSON string holds as they are (no escape), 0 for the rest. */
const PLAIN = Uint8Array.from({ length: 0x80 }, (_, code) =>
  code < 0x20 || code === 34 || code === 92 || code === 0x7f ? 0 : 1,
);
const COMMA = 44;
const OPEN = 123;
const CLOSE = 125;
const MESSAGE_KEY = keyJson("message");
const RELATED_KEY_JSON = keyJson(RELATED_KEY);
/** Events are written into a buffer this large; one above SEKOIA's limit goes to the engine (which flags it). */
const BUFFER_BYTES = 2 * SEKOIA_MAX_EVENT_BYTES;

/** What `writeInto` returns when the event did not fit in the room left: it may fit in an empty block. */
export const NO_ROOM = -2;

/** The writer's plan: the table's top-level members in order, and the related lists. */
interface Plan {
  readonly members: (RowPlan | ObjectPlan | MemoPlan)[];
  readonly related: RelatedPlan[];
}

/** Plans the writer from the compiled table: keys encoded once, objects nested as the paths say. */
function plan(table: CompiledTable): Plan {
  const members: (RowPlan | ObjectPlan | MemoPlan)[] = [];
  const tableRows = new Map<string, RowPlan | CompiledRow>();
  for (const group of table.groups) {
    if (group.memoised) {
      for (const row of group.rows) tableRows.set(row.path.join("."), row);
      members.push({ kind: "memo", group, fragments: new Memo(MEMO_CAPACITY) });
      continue;
    }
    const rowsByPath = new Map<string, RowPlan>();
    for (const row of group.rows) {
      // The rows of an object are contiguous (layout.ts): walk down, opening objects as the path asks.
      let level = members as (RowPlan | ObjectPlan)[];
      for (let depth = 0; depth < row.path.length - 1; depth++) {
        const last = level[level.length - 1];
        const key = keyJson(row.path[depth]);
        if (last?.kind === "object" && Buffer.compare(last.key, key) === 0) {
          level = last.members;
          continue;
        }
        const object: ObjectPlan = { kind: "object", key, members: [], inference: undefined };
        level.push(object);
        level = object.members;
      }
      const rowPlan: RowPlan = { kind: "row", row, key: keyJson(row.path[row.path.length - 1]) };
      rowsByPath.set(row.path.join("."), rowPlan);
      tableRows.set(row.path.join("."), rowPlan);
      level.push(rowPlan);
    }
    const top = members[members.length - 1];
    if (group.inference !== undefined && top.kind === "object") {
      const inference = group.inference;
      top.inference = {
        inference,
        reads: inference.reads.map((key) => rowsByPath.get(`${group.name}.${key}`)),
        fragments: new Memo(MEMO_CAPACITY),
        sources: inference.reads.map((_, i) => i),
      };
    }
  }
  const related = table.related.map((list) => ({
    key: keyJson(list.key),
    rows: list.from.map((ecs) => tableRows.get(ecs)),
  }));
  return { members, related };
}

/** Type checks the generated code inlines; other types call `hasType`. */
const TYPE_TESTS: Partial<Record<FieldType, (x: string) => string>> = {
  string: (x) => `typeof ${x} === "string"`,
  int: (x) => `Number.isInteger(${x})`,
  "int or string": (x) => `(typeof ${x} === "string" || (typeof ${x} === "number" && Number.isFinite(${x})))`,
  object: (x) => `(typeof ${x} === "object" && ${x} !== null && !Array.isArray(${x}))`,
};

/** The generated factory's source and the values it refers to (`s0`, `s1`...): key bytes, conversions, plans. */
interface Generated {
  readonly source: string;
  readonly statics: unknown[];
}

/**
 * Generates `write`'s body from the plan: one straight block per row, so that
 * V8 sees monomorphic code, with the values it needs as closure constants.
 * Only table data goes into the source (indexes, booleans, field names as JSON
 * string literals): never anything from a record.
 */
function generate(compiled: Plan, sourceFields: readonly string[]): Generated {
  const statics: unknown[] = [];
  const ref = (value: unknown) => `s${statics.push(value) - 1}`;
  const lines: string[] = ["let x, c, t;"];
  // The record's fields by name (named loads are monomorphic: JSON.parse gives records of one shape
  // the same hidden class); own properties only, as the engine reads them. A record from JSON.parse
  // inherits from Object.prototype only, so a value is its own unless Object.prototype has that name:
  // `proto[name] === undefined` is folded by V8 (deoptimised if Object.prototype changes), which
  // spares the hasOwnProperty call for every field of every record.
  for (const [index, field] of sourceFields.entries()) {
    const name = JSON.stringify(field);
    lines.push(
      `x = r[${name}]; if (x !== undefined && (proto[${name}] === undefined || hasOwn.call(r, ${name}))) { v[${index}] = x; found = true; } else v[${index}] = undefined;`,
    );
  }
  lines.push("if (!found) return -1;");
  let objects = 0;
  // Rows whose value an inference reads keep it in a variable.
  const readVars = new Map<RowPlan, string>();
  for (const member of compiled.members) {
    if (member.kind === "object" && member.inference !== undefined)
      for (const read of member.inference.reads)
        if (read !== undefined && !readVars.has(read)) readVars.set(read, `r${readVars.size}`);
  }
  for (const list of compiled.related)
    for (const row of list.rows)
      if (row !== undefined && "kind" in row && !readVars.has(row)) readVars.set(row, `r${readVars.size}`);
  if (readVars.size > 0) lines.push(`let ${[...readVars.values()].join(", ")};`);
  /** `w.raw(first ? "key": : ,"key":)`, both encoded once. */
  const key = (bytes: Uint8Array, first: string) =>
    `w.raw(${first} ? ${ref(bytes)} : ${ref(Uint8Array.of(COMMA, ...bytes))});`;

  const emitRow = (member: RowPlan, first: string) => {
    const row = member.row;
    const keep = readVars.get(member);
    if (keep !== undefined) lines.push(`${keep} = undefined;`);
    if (row.from === undefined) {
      const constant = encoder.encode(JSON.stringify(row.constant));
      lines.push(`${key(member.key, first)} w.raw(${ref(constant)}); ${first} = false;`);
      return;
    }
    const typeTest = TYPE_TESTS[row.type!]?.("x") ?? `w.hasType(x, ${JSON.stringify(row.type)})`;
    const missing = row.warnIfMissing && row.reports ? "return -1;" : "";
    const convert =
      row.conversion === "copy"
        ? "c = x;"
        : `c = ${ref(row.convert)}(x, ${JSON.stringify(row.from)}, w.context); if (w.warned) return -1;`;
    const write =
      row.conversion === "copy" && row.type === "string"
        ? "w.string(c);"
        : row.conversion === "copy" && row.type === "int"
          ? "w.integer(c);"
          : 'if (typeof c === "string") w.string(c); else w.value(c);';
    lines.push(
      `x = v[${row.index}];`,
      `if (x === undefined || x === null || x === "" || (typeof x === "object" && w.isEmpty(x))) { ${missing} } else {`,
      `  if (!(${typeTest})) return -1;`,
      `  ${convert}`,
      `  if (c !== undefined) { ${key(member.key, first)} ${write} ${first} = false;${keep === undefined ? "" : ` ${keep} = c;`} }`,
      `}`,
    );
  };

  const emitObject = (member: ObjectPlan, first: string) => {
    const id = ++objects;
    const mark = `m${id}`;
    const empty = `f${id}`;
    lines.push(`const ${mark} = w.at; let ${empty} = true;`, `${key(member.key, first)} w.byte(${OPEN});`);
    for (const inner of member.members) emitMember(inner, empty);
    const inference = member.inference;
    const infer =
      inference === undefined
        ? ""
        : `w.inferred(${ref(inference)}, [${inference.reads.map((read) => (read === undefined ? "undefined" : readVars.get(read))).join(", ")}]); `;
    lines.push(`if (${empty}) w.at = ${mark}; else { ${infer}w.byte(${CLOSE}); ${first} = false; }`);
  };

  const emitMember = (member: RowPlan | ObjectPlan | MemoPlan, first: string) => {
    if (member.kind === "memo") {
      lines.push(`t = w.memo(${ref(member)}, ${first}); if (t < 0) return -1; if (t > 0) ${first} = false;`);
    } else if (member.kind === "object") emitObject(member, first);
    else emitRow(member, first);
  };

  for (const member of compiled.members) emitMember(member, "first");
  // related: each list's values as written (kept) or, for a memoised object's row, read from the record.
  lines.push("let ro = false;");
  for (const list of compiled.related) {
    const values = list.rows.map((row) => {
      if (row === undefined) return "undefined";
      if ("kind" in row) return readVars.get(row)!;
      const read = `(x = v[${row.index}], w.isEmpty(x) ? undefined : `;
      return row.conversion === "copy"
        ? `${read}x)`
        : `${read}${ref(row.convert)}(x, ${JSON.stringify(row.from)}, w.context))`;
    });
    lines.push(
      `c = [${values.join(", ")}]; if (w.warned) return -1;`,
      `if (w.relatedList(${ref(list.key)}, c, first, ro)) ro = true;`,
    );
  }
  lines.push(`if (ro) w.byte(${CLOSE});`, "return 0;");
  const constants = statics.map((_, i) => `s${i} = s[${i}]`).join(", ");
  const source = [
    `"use strict";`,
    `const proto = Object.prototype;`,
    `const hasOwn = proto.hasOwnProperty;`,
    constants === "" ? "" : `const ${constants};`,
    `return function write(w, r, v, first) {`,
    `let found = false;`,
    ...lines,
    `};`,
  ].join("\n");
  return { source, statics };
}

/**
 * The generated body: reads the record's mapped fields into `values`, then
 * writes the event's members after `{` (and `message`); -1 when the engine must
 * handle the record (none of the fields, or anything that would warn).
 */
type Body = (w: EventWriter, record: Readonly<Record<string, unknown>>, values: unknown[], first: boolean) => number;

/**
 * Writes events as JSON bytes; one per process is enough (its caches are
 * bounded). Not reentrant: the bytes of an event are valid until the next call.
 * The public methods other than `write`, `writeInto`, `bytes` and `sourceValue` are for the generated code.
 */
export class EventWriter {
  /** The writer's own buffer, where `write` puts events. */
  private readonly own = Buffer.allocUnsafe(BUFFER_BYTES);
  /** Where the event being written goes: `own`, or the caller's block (`writeInto`). */
  private buffer: Buffer = this.own;
  /** Where the next byte goes. */
  at = 0;
  /** Set by a conversion that would warn. */
  warned = false;
  /** What the conversions get: the exact Datetime digits, and `warn` marking the record for the engine. */
  readonly context: ConversionContext & { datetimeDigits: string | undefined } = {
    datetimeDigits: undefined,
    warn: () => {
      this.warned = true;
    },
  };
  private readonly body: Body;
  private readonly values: unknown[];
  private readonly sourceIndex: ReadonlyMap<string, number>;

  /** @param table the compiled table (the package's by default) */
  constructor(table: CompiledTable = TABLE) {
    const generated = generate(plan(table), table.sourceFields);
    // The source holds table data only (see generate); compiled once per writer.
    this.body = (new Function("s", generated.source) as (statics: readonly unknown[]) => Body)(generated.statics);
    this.values = new Array<unknown>(table.sourceFields.length);
    this.sourceIndex = new Map(table.sourceFields.map((field, index) => [field, index]));
  }

  /**
   * The last record's value of a field the table reads (undefined when absent,
   * or not a field the table reads); valid until the next `write`.
   * @param field a Cloudflare field name
   */
  sourceValue(field: string): unknown {
    const index = this.sourceIndex.get(field);
    return index === undefined ? undefined : this.values[index];
  }

  /** The buffer holding the last event `write` wrote (its first `length` bytes, as `write` returned). */
  get bytes(): Buffer {
    return this.own;
  }

  /**
   * Writes the event of one record as JSON (no newline) into `bytes`.
   * @param line the record's JSON text
   * @param original the raw line to keep as `message`, or undefined
   * @param bytes the UTF-8 bytes `original` was decoded from, valid UTF-8, when
   *   the caller has them (they are copied rather than `original` encoded
   *   again); none: `original` is encoded
   * @returns the event's length in bytes, or -1 when the record must go to the
   *   engine (`normaliseRecord`): it would give a warning, an error, a skip or an
   *   oversize event, or it holds values the writer does not cache
   */
  write(line: string, original: string | undefined, bytes?: Readonly<LineBytes>): number {
    // In its own buffer (twice SEKOIA's limit) an event that does not fit is an oversize one: the engine's.
    return Math.max(-1, this.writeInto(this.own, 0, line, original, bytes));
  }

  /**
   * Writes the event of one record as the next line of `blocks`, in place (in
   * an empty block when it does not fit in the one being filled): no copy.
   * @param blocks where the line goes
   * @param line the record's JSON text
   * @param original the raw line to keep as `message`, or undefined
   * @param bytes the UTF-8 bytes of `original`, as for `write`
   * @returns true when written; false when the record is the engine's (as
   *   for `write`'s -1), and for an event no empty block holds (the writer
   *   takes only events surely under SEKOIA's limit, below a block's size, so
   *   that is a safeguard)
   */
  writeLine(blocks: LineBlocks, line: string, original: string | undefined, bytes?: Readonly<LineBytes>): boolean {
    let at = this.writeInto(blocks.block, blocks.used, line, original, bytes);
    if (at === NO_ROOM && blocks.fresh()) at = this.writeInto(blocks.block, blocks.used, line, original, bytes);
    if (at < 0) return false;
    blocks.endInPlace(at);
    return true;
  }

  /**
   * Writes the event of one record as JSON (no newline) straight into the
   * caller's block, from `at`: what `write` does, without copying the event
   * out of the writer's buffer afterwards.
   * @param target the block
   * @param at where the event starts in it
   * @param line the record's JSON text
   * @param original the raw line to keep as `message`, or undefined
   * @param bytes the UTF-8 bytes of `original`, as for `write`
   * @returns where the event ends in `target` (at least a byte is left after
   *   it, for a newline); -1 when the record must go to the engine, as for
   *   `write`; NO_ROOM when it did not fit before the block's end (what was
   *   written from `at` on is to be ignored). The room is judged cautiously (a
   *   long string is given three bytes a character before it is written), so
   *   an event that would just fit may still get NO_ROOM. The writer keeps a
   *   reference to `target` until its next event.
   */
  writeInto(
    target: Buffer,
    at: number,
    line: string,
    original: string | undefined,
    bytes?: Readonly<LineBytes>,
  ): number {
    if (!surelyWithinLimit(line.length, original === undefined ? 0 : original.length)) return -1;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return -1;
    }
    // A "content" key may be Cloudflare's validation record: the engine tells (it is a skip, not an event).
    if (!isRecordObject(record) || Object.prototype.hasOwnProperty.call(record, "content")) return -1;
    this.context.datetimeDigits = exactDatetime(line, record.Datetime);
    this.warned = false;
    this.buffer = target;
    this.at = at;
    this.byte(OPEN);
    let first = true;
    if (original !== undefined) {
      this.raw(MESSAGE_KEY);
      this.message(original, bytes);
      first = false;
    }
    if (this.body(this, record, this.values, first) < 0) return -1;
    this.byte(CLOSE);
    // Past the block's end writes are lost and `at` goes on counting; a byte is kept for the newline.
    if (this.at >= target.length) return NO_ROOM;
    // Beyond the limit: the engine measures and flags it.
    return this.at - at > SEKOIA_MAX_EVENT_BYTES ? -1 : this.at;
  }

  /**
   * `message`'s value: escaped from its bytes when given, else by JSON.stringify.
   * @param original the raw line
   * @param bytes the bytes it was decoded from, if given
   */
  private message(original: string, bytes: Readonly<LineBytes> | undefined): void {
    if (bytes !== undefined) {
      const buffer = this.buffer;
      const at = writeEscapedUtf8(bytes.source, bytes.start, bytes.end, buffer, this.at + 1);
      if (at >= 0 && at < buffer.length) {
        buffer[this.at] = QUOTE;
        buffer[at] = QUOTE;
        this.at = at + 1;
        return;
      }
    }
    // A record line always holds quotes: escaped at once, without the plain-string tests.
    this.utf8(JSON.stringify(original));
  }

  /**
   * A memoised object: its fragment, built by the engine on a miss.
   * @param plan the object's plan
   * @param first no member written before it
   */
  memo(plan: MemoPlan, first: boolean): number {
    let fragment = plan.fragments.get(this.values, plan.group.sources);
    if (fragment === NOT_MEMOISABLE) return FAILED;
    if (fragment === MISS) {
      const entry = buildMemoEntry(plan.group, this.values);
      fragment =
        entry.warnings.length > 0
          ? ENGINE
          : entry.node === undefined
            ? EMPTY
            : encoder.encode(`${JSON.stringify(plan.group.name)}:${JSON.stringify(entry.node)}`);
      plan.fragments.set(this.values, plan.group.sources, fragment);
    }
    if (fragment === ENGINE) return FAILED;
    if (fragment === EMPTY) return NOTHING;
    if (this.at + fragment.length + 1 > this.buffer.length) {
      // No room: `at` past the end makes the event NO_ROOM (or oversize); WROTE, not FAILED, which would
      // send a record that needs no warning to the engine.
      this.at = this.buffer.length + 1;
      return WROTE;
    }
    if (!first) this.buffer[this.at++] = COMMA;
    this.buffer.set(fragment, this.at);
    this.at += fragment.length;
    return WROTE;
  }

  /**
   * The keys an object infers from its fields, after its own: a fragment
   * encoded once per distinct input (bounded), as the memoised objects.
   * @param plan the inference's plan
   * @param values the values of the fields it reads (undefined when absent)
   */
  inferred(plan: InferencePlan, values: readonly unknown[]): void {
    let fragment = plan.fragments.get(values, plan.sources);
    if (fragment === NOT_MEMOISABLE || fragment === MISS) {
      const { adds, infer } = plan.inference;
      const inferred = infer(values);
      let text = "";
      for (const key of adds)
        if (inferred[key] !== undefined) text += `,${JSON.stringify(key)}:${JSON.stringify(inferred[key])}`;
      const encoded = encoder.encode(text);
      if (fragment === MISS) plan.fragments.set(values, plan.sources, encoded);
      fragment = encoded;
    }
    if (this.at + fragment.length > this.buffer.length) {
      this.at = this.buffer.length + 1; // no room: the caller tries elsewhere (or it is oversize)
      return;
    }
    this.buffer.set(fragment, this.at);
    this.at += fragment.length;
  }

  /**
   * One list of `related`: the distinct values, in order; nothing when there are none.
   * @param key the list's `"key":`
   * @param values the values (undefined when absent)
   * @param first no member written before `related`
   * @param opened `related` is already open
   * @returns true when the list was written
   */
  relatedList(key: Uint8Array, values: readonly unknown[], first: boolean, opened: boolean): boolean {
    let wrote = false;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === undefined || values.indexOf(value) < i) continue;
      if (wrote) this.byte(COMMA);
      else {
        if (opened) this.byte(COMMA);
        else {
          if (!first) this.byte(COMMA);
          this.raw(RELATED_KEY_JSON);
          this.byte(OPEN);
        }
        this.raw(key);
        this.byte(91 /* [ */);
        wrote = true;
      }
      this.value(value);
    }
    if (wrote) this.byte(93 /* ] */);
    return wrote;
  }

  /**
   * A converted value: strings and numbers directly, anything else through JSON.stringify.
   * @param value a JSON value
   */
  value(value: unknown): void {
    if (typeof value === "string") this.string(value);
    else if (typeof value === "number" && Number.isFinite(value)) this.ascii(String(value));
    else this.utf8(JSON.stringify(value) ?? "null");
  }

  /**
   * A string, quoted and escaped as JSON.stringify does.
   * @param text the string
   */
  string(text: string): void {
    const length = text.length;
    const buffer = this.buffer;
    const at = this.at;
    // Short strings byte by byte while they are plain ASCII (cheaper than a call into the encoder).
    if (length < 64 && at + length + 2 <= buffer.length) {
      buffer[at] = QUOTE;
      let i = 0;
      for (; i < length; i++) {
        const code = text.charCodeAt(i);
        if (code >= 0x7f || PLAIN[code] === 0) break;
        buffer[at + 1 + i] = code;
      }
      if (i === length) {
        buffer[at + 1 + length] = QUOTE;
        this.at = at + length + 2;
        return;
      }
    }
    this.anyString(text);
  }

  /** Any string: escaped by JSON.stringify when it needs to be, else encoded as it is. */
  private anyString(text: string): void {
    if (NEEDS_ESCAPE.test(text)) {
      this.utf8(JSON.stringify(text));
      return;
    }
    const buffer = this.buffer;
    if (this.at + 3 * text.length + 2 > buffer.length) {
      this.at = buffer.length + 1; // no room: the caller tries elsewhere (or it is oversize)
      return;
    }
    buffer[this.at++] = QUOTE;
    this.at += buffer.write(text, this.at);
    buffer[this.at++] = QUOTE;
  }

  /**
   * An integer, as JSON.stringify writes it: small non-negative ones digit by digit, without a string.
   * @param value the integer
   */
  integer(value: number): void {
    if (value < 0 || value > 0xffffffff || Object.is(value, -0)) {
      this.ascii(String(value));
      return;
    }
    const buffer = this.buffer;
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    let at = this.at + digits;
    this.at = at;
    let rest = value;
    do {
      buffer[--at] = 48 + (rest % 10);
      rest = Math.floor(rest / 10);
    } while (rest > 0);
  }

  /**
   * Text known to be ASCII (a number's digits).
   * @param text the text
   */
  ascii(text: string): void {
    const buffer = this.buffer;
    for (let i = 0; i < text.length; i++) buffer[this.at++] = text.charCodeAt(i);
  }

  /**
   * Text already JSON, possibly beyond ASCII.
   * @param text the text
   */
  utf8(text: string): void {
    if (this.at + 3 * text.length > this.buffer.length) this.at = this.buffer.length + 1;
    else this.at += this.buffer.write(text, this.at);
  }

  /**
   * Bytes encoded once (keys, constants).
   * @param bytes the bytes
   */
  raw(bytes: Uint8Array): void {
    // Plain Uint8Arrays only (never Buffers), so that this loop stays monomorphic.
    const buffer = this.buffer;
    const at = this.at;
    const length = bytes.length;
    for (let i = 0; i < length; i++) buffer[at + i] = bytes[i];
    this.at = at + length;
  }

  /**
   * One byte.
   * @param value the byte
   */
  byte(value: number): void {
    this.buffer[this.at++] = value;
  }

  /** The engine's emptiness test, for the generated code. */
  readonly isEmpty = isEmpty;
  /** The engine's type test, for the generated code. */
  readonly hasType = hasType;
}
