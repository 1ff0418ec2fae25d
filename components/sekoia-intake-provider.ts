/**
 * The guide's first step, "Create the intake on SEKOIA.IO", through SEKOIA's
 * configuration API: the calls, and the Pulumi dynamic provider made of them.
 *
 * Pulumi serialises the provider's code into the stack's state and runs it in
 * its dynamic-provider host, away from this package. So this file has no
 * runtime import: its functions use only what every Node.js 20 has (global
 * `fetch`, `URL`, `JSON`, `AbortSignal`). `tests/sekoia-intake-provider.test.ts`
 * serialises the provider and runs the result in a bare Node process.
 *
 * Calls, from SEKOIA's OpenAPI (SEKOIA-IO/documentation, docs/javascript/schema.json,
 * basePath /v1, read 2026-11-29) and SEKOIA's own client (meshroom,
 * example/products/sekoia/api.py):
 * - `POST /v1/sic/conf/intakes` {name, entity_uuid, format_uuid} → the intake ("Manage intakes");
 * - `GET /v1/sic/conf/intakes/{uuid}` → the intake, 404 "Unknown intake" ("View intakes");
 * - `DELETE /v1/sic/conf/intakes/{uuid}` → 204, 404 "Unknown intake" ("Manage intakes");
 * - `GET /v1/sic/conf/entities?limit&offset` → {items: [{uuid, name, entity_id, …}], total} ("View entities");
 * - `Authorization: Bearer <API key>`; 401 "Authentication failed", 403 "Insufficient permissions".
 */
import type * as pulumi from "@pulumi/pulumi";
import type { SekoiaRegion } from "./sekoia";

/**
 * SEKOIA's API base URL per region (docs.sekoia.io "Sekoia.io API documentation",
 * Step 1 — Find your base URL; the same rule in meshroom's api.py). That table
 * has no SGP1 yet: SGP1 follows the rule (`app.<region>.sekoia.io/api`), and a
 * wrong guess fails `pulumi up` with "could not reach" or a 404 naming the URL
 * and `sekoiaApiUrl`, before any job is made.
 */
const SEKOIA_API_BASES: Readonly<Record<SekoiaRegion, string>> = {
  FRA1: "https://api.sekoia.io",
  FRA2: "https://app.fra2.sekoia.io/api",
  MCO1: "https://app.mco1.sekoia.io/api",
  UAE1: "https://app.uae1.sekoia.io/api",
  USA1: "https://app.usa1.sekoia.io/api",
  SGP1: "https://app.sgp1.sekoia.io/api",
};

/**
 * The intake format of the guide, "Cloudflare Firewall events" (slug
 * cloudflare-firewall-events): the `uuid` of SEKOIA-IO/intake-formats
 * Cloudflare/firewall_events/_meta/manifest.yml, and of SEKOIA's guide page
 * (SEKOIA-IO/documentation docs/integration/categories/network_security/cloudflare-firewall-events.md).
 */
const CLOUDFLARE_FIREWALL_EVENTS_FORMAT_UUID = "16676d72-463e-4b8a-b13a-f8dd48cddc8c";

/** The SEKOIA permissions the API key needs (names as SEKOIA's API documentation gives them). */
const SEKOIA_API_KEY_PERMISSIONS = ["View intakes", "Manage intakes", "View entities"] as const;

/** The paths of the configuration API, under the region's base URL. */
const SEKOIA_CONF_PATHS = { intakes: "/v1/sic/conf/intakes", entities: "/v1/sic/conf/entities" } as const;

// Exported by name, not as `export const`: TypeScript would compile the functions' references to
// `exports.X`, and a provider serialised from node_modules would then carry a require() of this package.
export { SEKOIA_API_BASES, CLOUDFLARE_FIREWALL_EVENTS_FORMAT_UUID, SEKOIA_API_KEY_PERMISSIONS, SEKOIA_CONF_PATHS };

/** What the provider is given: the resource's inputs, resolved. */
export interface SekoiaIntakeInputs {
  /** The intake's name in SEKOIA. */
  intakeName: string;
  /** The entity: its UUID or its name; empty for the only entity. */
  entity?: string;
  /** The SEKOIA region. */
  region: SekoiaRegion;
  /** The configuration API's base URL (the region's, unless overridden). */
  apiUrl: string;
  /** The SEKOIA API key (a secret). */
  apiKey: string;
}

/** What the provider keeps in the state. */
export interface SekoiaIntakeOutputs extends SekoiaIntakeInputs {
  /** The intake's UUID (also the resource's ID). */
  intakeUuid: string;
  /** The intake key, for the Logpush destination (a secret). */
  intakeKey: string;
  /** The entity the intake belongs to. */
  entityUuid: string;
  entityName: string;
  /** The intake's format: Cloudflare Firewall Events. */
  formatUuid: string;
}

/** Pulumi's stand-in for a value not known yet (at preview); such a value is checked once known. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

// Printable text without control characters: a header or a name in SEKOIA's UI, never a way to split a request.
const PRINTABLE = /^[^\p{Cc}]+$/u;

/** Why a configuration API URL cannot be used: https, or http on this machine only (the sandbox). */
export function apiUrlProblem(url: unknown): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return `must be a URL such as ${SEKOIA_API_BASES.FRA1}, got ${scrubSekoiaMessage(JSON.stringify(String(url)), [])}`;
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname);
  if (parsed.protocol === "https:" || (parsed.protocol === "http:" && loopback)) {
    return parsed.search || parsed.hash || parsed.username ? "must have no query, fragment or credentials" : undefined;
  }
  return `must use https (http only on 127.0.0.1), got ${parsed.protocol}`;
}

/**
 * Every problem with an intake's inputs, for the resource's constructor and the
 * provider's check (which also runs at preview). `isDeferred` tells values not
 * known yet, left for later. Messages name the input and never echo the API key.
 */
export function inputProblems(
  args: Partial<Record<keyof SekoiaIntakeInputs, unknown>>,
  isDeferred: (value: unknown) => boolean = (v) => v === UNKNOWN,
): string[] {
  const p: string[] = [];
  const text = (name: "intakeName" | "entity", what: string, required: boolean) => {
    const v = args[name];
    if (v === undefined || v === null) {
      if (required) p.push(`${name} is required: ${what}`);
    } else if (!isDeferred(v) && (typeof v !== "string" || v.trim() === "" || !PRINTABLE.test(v)))
      p.push(`${name} must be ${what}, as non-empty text without control characters`);
  };
  text("intakeName", "the intake's name in SEKOIA", true);
  text("entity", "the UUID or name of a SEKOIA entity", false);
  const region = args.region;
  if (
    region !== undefined &&
    !isDeferred(region) &&
    !Object.prototype.hasOwnProperty.call(SEKOIA_API_BASES, String(region))
  )
    p.push(`region must be one of ${Object.keys(SEKOIA_API_BASES).join(", ")}, got ${JSON.stringify(region)}`);
  const key = args.apiKey;
  if (key === undefined || key === null) p.push("apiKey is required: a SEKOIA API key");
  else if (!isDeferred(key) && (typeof key !== "string" || !/^[\x21-\x7e]+$/.test(key)))
    p.push("apiKey must be a SEKOIA API key: printable characters without spaces (the value is not shown here)");
  const url = args.apiUrl;
  if (url !== undefined && !isDeferred(url)) {
    const problem = apiUrlProblem(url);
    if (problem) p.push(`apiUrl ${problem}`);
  }
  return p;
}

/** An entity, as SEKOIA lists it. */
export interface SekoiaEntity {
  uuid: string;
  name: string;
  entity_id?: string;
}

/** An intake, as SEKOIA returns it (the fields this package reads). */
export interface SekoiaIntakeRecord {
  uuid: string;
  name: string;
  entity_uuid: string;
  format_uuid: string;
  intake_key: string;
}

/** A failed call: the status (0 when SEKOIA could not be reached) and a message that holds no secret. */
export class SekoiaApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "SekoiaApiError";
  }
}

/** The longest piece of SEKOIA's own message kept (the package's message rule: echoes cut at 120). */
const MESSAGE_CHARS = 120;

/**
 * SEKOIA's words, fit for a log line: every occurrence of the secrets replaced,
 * control characters written as `\uXXXX` (no escape sequence reaches a
 * terminal), cut at 120 characters. The same rule as components/messages.ts,
 * which this file cannot import (the provider travels alone).
 */
export function scrubSekoiaMessage(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length > 0) out = out.split(s).join("***");
  out = out.replace(/\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return out.length > MESSAGE_CHARS ? `${out.slice(0, MESSAGE_CHARS)}…` : out;
}

/** What to do about each refusal; the permissions are named as SEKOIA's API documentation names them. */
function hintFor(status: number, apiUrl: string): string {
  switch (status) {
    case 401:
      return `the SEKOIA API key was refused (expired, revoked, mistyped, or from another region than ${apiUrl}); set sekoiaApiKey to a valid key (after a key change, refresh and delete still use the key in the state until "pulumi up" without --refresh has stored the new one: revoke the old key only then)`;
    case 403:
      return `the SEKOIA API key lacks a permission: it needs ${SEKOIA_API_KEY_PERMISSIONS.map((p) => `"${p}"`).join(", ")}`;
    case 404:
      return `not found at ${apiUrl}: check the region (its API URL) or sekoiaApiUrl`;
    default:
      return "";
  }
}

/** SEKOIA's own words about an error, when its answer has them. */
function messageOf(body: unknown): string {
  if (typeof body === "string") return body;
  if (body && typeof body === "object") {
    const b = body as Record<string, unknown>;
    for (const k of ["message", "error", "detail", "description"]) if (typeof b[k] === "string") return b[k];
  }
  return "";
}

/**
 * One call to the configuration API. Resolves to the JSON answer (undefined for
 * 204); throws a SekoiaApiError naming the call, the status, SEKOIA's message
 * and what to do, never a secret.
 */
export async function sekoiaRequest(
  apiUrl: string,
  apiKey: string,
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: unknown,
): Promise<unknown> {
  const url = `${apiUrl.replace(/\/+$/, "")}${path}`;
  const what = `SEKOIA API ${method} ${path.split("?")[0]}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        Authorization: `Bearer ${apiKey}`,
        Accept: "application/json",
        ...(body !== undefined && { "Content-Type": "application/json" }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new SekoiaApiError(0, `${what}: could not reach ${apiUrl} (${cause}); check the region or sekoiaApiUrl`);
  }
  const text = await response.text();
  let json: unknown = undefined;
  if (text.length > 0) {
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
  }
  if (!response.ok) {
    const said = scrubSekoiaMessage(messageOf(json), [apiKey]);
    const hint = hintFor(response.status, apiUrl);
    throw new SekoiaApiError(
      response.status,
      `${what} answered ${response.status}${said ? ` "${said}"` : ""}${hint ? `: ${hint}` : ""}`,
    );
  }
  return json;
}

/** The answer's `items`, or a loud error: a changed API must not pass for an empty list. */
function itemsOf(answer: unknown, what: string): unknown[] {
  const items = (answer as { items?: unknown } | undefined)?.items;
  if (!Array.isArray(items))
    throw new SekoiaApiError(200, `${what}: the answer has no "items" list; has SEKOIA's API changed?`);
  return items;
}

/** Every entity the key can see (the API pages by at most 100). */
export async function listEntities(apiUrl: string, apiKey: string): Promise<SekoiaEntity[]> {
  const all: SekoiaEntity[] = [];
  for (let offset = 0; ; offset += 100) {
    const answer = await sekoiaRequest(
      apiUrl,
      apiKey,
      "GET",
      `${SEKOIA_CONF_PATHS.entities}?limit=100&offset=${offset}`,
    );
    const page = itemsOf(answer, "SEKOIA API GET /v1/sic/conf/entities") as SekoiaEntity[];
    all.push(...page.filter((e) => typeof e?.uuid === "string" && typeof e?.name === "string"));
    const total = (answer as { total?: unknown }).total;
    if (page.length < 100 || (typeof total === "number" && all.length >= total)) return all;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The entity an intake goes to: the one named by UUID, by name (or entity_id),
 * or, when none is asked for, the only one. Throws a message that lists the
 * choices when the answer is not a single entity.
 */
export function chooseEntity(entities: readonly SekoiaEntity[], wanted: string | undefined): SekoiaEntity {
  const list = (es: readonly SekoiaEntity[]) => es.map((e) => `"${e.name}" (${e.uuid})`).join(", ");
  const fix = "set sekoiaEntity (the intake's entity argument) to one of them, by name or UUID";
  if (wanted === undefined || wanted === "") {
    if (entities.length === 1) return entities[0];
    if (entities.length === 0)
      throw new Error(
        "the SEKOIA API key sees no entity: create one in SEKOIA (Settings > Entities), or give the key access to one",
      );
    throw new Error(`the SEKOIA API key sees ${entities.length} entities: ${list(entities)}; ${fix}`);
  }
  const hits = UUID.test(wanted)
    ? entities.filter((e) => e.uuid.toLowerCase() === wanted.toLowerCase())
    : entities.filter((e) => e.name === wanted || e.entity_id === wanted);
  if (hits.length === 1) return hits[0];
  if (hits.length === 0)
    throw new Error(
      `no SEKOIA entity "${wanted}"; the API key sees ${entities.length === 0 ? "none" : list(entities)}`,
    );
  throw new Error(`several SEKOIA entities are named "${wanted}": ${list(hits)}; set sekoiaEntity to the UUID of one`);
}

/** The intake fields this package relies on, checked: a wrong guess about the API fails here, loudly. */
export function intakeRecord(answer: unknown, what: string): SekoiaIntakeRecord {
  const a = (answer ?? {}) as Record<string, unknown>;
  const missing = ["uuid", "name", "entity_uuid", "intake_key"].filter((k) => typeof a[k] !== "string" || a[k] === "");
  if (missing.length > 0)
    throw new SekoiaApiError(
      200,
      `${what}: the intake in SEKOIA's answer lacks ${missing.join(", ")}; has SEKOIA's API changed?`,
    );
  return {
    uuid: a.uuid as string,
    name: a.name as string,
    entity_uuid: a.entity_uuid as string,
    format_uuid: typeof a.format_uuid === "string" ? a.format_uuid : "",
    intake_key: a.intake_key as string,
  };
}

/** Reads one intake; undefined when SEKOIA no longer has it (deleted by hand). */
export async function getIntake(apiUrl: string, apiKey: string, uuid: string): Promise<SekoiaIntakeRecord | undefined> {
  const path = `${SEKOIA_CONF_PATHS.intakes}/${encodeURIComponent(uuid)}`;
  try {
    return intakeRecord(
      await sekoiaRequest(apiUrl, apiKey, "GET", path),
      `SEKOIA API GET ${SEKOIA_CONF_PATHS.intakes}/{uuid}`,
    );
  } catch (error) {
    if (error instanceof SekoiaApiError && error.status === 404) return undefined;
    throw error;
  }
}

/** Creates the intake in the chosen entity; resolves to the state Pulumi keeps. */
export async function createIntake(inputs: SekoiaIntakeInputs): Promise<SekoiaIntakeOutputs> {
  const entity = chooseEntity(await listEntities(inputs.apiUrl, inputs.apiKey), inputs.entity);
  const answer = await sekoiaRequest(inputs.apiUrl, inputs.apiKey, "POST", SEKOIA_CONF_PATHS.intakes, {
    name: inputs.intakeName,
    entity_uuid: entity.uuid,
    format_uuid: CLOUDFLARE_FIREWALL_EVENTS_FORMAT_UUID,
  });
  const intake = intakeRecord(answer, `SEKOIA API POST ${SEKOIA_CONF_PATHS.intakes}`);
  if (intake.format_uuid !== "" && intake.format_uuid !== CLOUDFLARE_FIREWALL_EVENTS_FORMAT_UUID)
    throw new SekoiaApiError(
      200,
      `SEKOIA created intake ${intake.uuid} with format ${intake.format_uuid}, not Cloudflare Firewall Events`,
    );
  return {
    ...inputs,
    intakeUuid: intake.uuid,
    intakeKey: intake.intake_key,
    entityUuid: intake.entity_uuid,
    entityName: entity.name,
    formatUuid: CLOUDFLARE_FIREWALL_EVENTS_FORMAT_UUID,
  };
}

/** Deletes the intake; one already gone counts as deleted. */
export async function deleteIntake(apiUrl: string, apiKey: string, uuid: string): Promise<void> {
  try {
    await sekoiaRequest(apiUrl, apiKey, "DELETE", `${SEKOIA_CONF_PATHS.intakes}/${encodeURIComponent(uuid)}`);
  } catch (error) {
    if (!(error instanceof SekoiaApiError && error.status === 404)) throw error;
  }
}

/**
 * The inputs whose change needs a new intake: SEKOIA's PATCH can rename or move
 * an intake, but a new name or entity is a new intake in the guide's terms, and
 * a region is another SEKOIA. An entity named by the UUID or name of the one in
 * use is no change.
 */
export function replacedBy(olds: SekoiaIntakeOutputs, news: SekoiaIntakeInputs): string[] {
  const entityChanged =
    (olds.entity ?? "") !== (news.entity ?? "") &&
    !(news.entity !== undefined && (news.entity === olds.entityUuid || news.entity === olds.entityName));
  return [
    ...(olds.intakeName !== news.intakeName ? ["intakeName"] : []),
    ...(entityChanged ? ["entity"] : []),
    ...(olds.region !== news.region ? ["region"] : []),
  ];
}

/**
 * The dynamic provider. Its methods call the functions above and nothing else,
 * so the serialised provider carries them and only them.
 */
export const sekoiaIntakeProvider: pulumi.dynamic.ResourceProvider<SekoiaIntakeInputs, SekoiaIntakeOutputs> = {
  async check(_olds, news) {
    // Inputs that were Outputs in the program (a key from config.requireSecret, say) are checked here, at preview.
    const failures = inputProblems(news).map((reason) => ({ property: reason.split(" ")[0], reason }));
    return { inputs: news, ...(failures.length > 0 && { failures }) };
  },

  async create(inputs) {
    const outs = await createIntake(inputs);
    return { id: outs.intakeUuid, outs };
  },

  async read(id, props) {
    // Reading needs the API key kept in the state: an intake made elsewhere cannot be imported by UUID alone.
    if (!props?.apiKey || !props.apiUrl)
      throw new Error(`SEKOIA intake ${id}: no API key in the state to read it with; create intakes with SekoiaIntake`);
    const live = await getIntake(props.apiUrl, props.apiKey, id);
    // No ID: the engine drops the intake from the state, and the next `pulumi up` creates it again.
    if (!live) return {};
    const outs: SekoiaIntakeOutputs = {
      ...props,
      intakeName: live.name,
      intakeKey: live.intake_key,
      entityUuid: live.entity_uuid,
      ...(live.entity_uuid !== props.entityUuid && { entityName: "", entity: live.entity_uuid }),
    };
    // The state follows the live intake: a rename by hand shows as a replacement at the next preview (diff reads the state).
    return { id, props: outs };
  },

  async diff(_id, olds, news) {
    const replaces = replacedBy(olds, news);
    const changes = replaces.length > 0 || olds.apiKey !== news.apiKey || olds.apiUrl !== news.apiUrl;
    return { changes, replaces, deleteBeforeReplace: false };
  },

  async update(id, olds, news) {
    // Only the key or the URL changed: check they reach this intake, then keep them for later reads and the delete.
    const live = await getIntake(news.apiUrl, news.apiKey, id);
    if (!live) throw new SekoiaApiError(404, `SEKOIA intake ${id} is gone; run pulumi refresh, then pulumi up`);
    return {
      outs: { ...olds, apiKey: news.apiKey, apiUrl: news.apiUrl, entity: news.entity, intakeKey: live.intake_key },
    };
  },

  async delete(id, props) {
    await deleteIntake(props.apiUrl, props.apiKey, id);
  },
};
