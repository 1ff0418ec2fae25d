/**
 * SEKOIA's configuration API, as far as the guide's first step needs it, for
 * the sandbox's SEKOIA-compatible server to mount: entities, and intakes
 * created, read, listed and deleted. The intake keys it hands out are the keys
 * the sandbox's intake accepts.
 *
 * Shapes from SEKOIA's OpenAPI (SEKOIA-IO/documentation, docs/javascript/schema.json:
 * `/sic/conf/intakes`, `/sic/conf/intakes/{uuid}`, `/sic/conf/entities`, basePath
 * /v1) and the intake SEKOIA's automation library shows (GetIntake's test):
 * lists are `{items, total}` paged by `limit` (1-100, default 20) and `offset`;
 * 401 "Authentication failed", 403 "Insufficient permissions", 404 "Unknown
 * intake", 400 "Invalid parameters". The error body is `{"message": …}` here:
 * SEKOIA's OpenAPI documents the statuses, not the bodies, and the client reads
 * `message` if there is one.
 * Paths answer under `/v1` (FRA1's api.sekoia.io) and `/api/v1` (app.<region>.sekoia.io/api).
 */
import { createHash, randomInt, randomUUID, timingSafeEqual } from "node:crypto";
import type * as http from "node:http";
import { CLOUDFLARE_FIREWALL_EVENTS_FORMAT_UUID, SEKOIA_API_KEY_PERMISSIONS } from "../sekoia-intake-provider";

/** A SEKOIA permission the emulator checks. */
export type SekoiaPermission = (typeof SEKOIA_API_KEY_PERMISSIONS)[number];

/** An entity as SEKOIA lists it. */
export interface EmulatedEntity {
  uuid: string;
  name: string;
  entity_id: string;
  description: string;
  community_uuid: string;
  alerts_generation: string;
  number_of_intakes: number;
}

/** An intake as SEKOIA returns it. */
export interface EmulatedIntake {
  uuid: string;
  name: string;
  community_uuid: string;
  entity_uuid: string;
  format_uuid: string;
  intake_key: string;
  created_at: string;
  created_by: string;
  created_by_type: "apikey";
  updated_at: string;
  updated_by: null;
  updated_by_type: null;
  entity: { name: string; uuid: string };
  is_custom_format: boolean;
  connector_configuration_uuid: null;
  status: "UNKNOWN";
}

/** Options of the emulated configuration API. */
export interface ConfigApiOptions {
  /** The only API key accepted (Bearer). */
  apiKey: string;
  /** Its permissions; default all the guide needs. */
  permissions?: readonly SekoiaPermission[];
  /** Entity names; default one, "Main entity". */
  entities?: readonly string[];
}

/** The formats the emulator knows: a wrong format UUID fails as it would on SEKOIA. */
const FORMATS: Readonly<Record<string, string>> = {
  [CLOUDFLARE_FIREWALL_EVENTS_FORMAT_UUID]: "Cloudflare Firewall Events",
};

/** Largest JSON body accepted. */
const MAX_BODY_BYTES = 64 * 1024;

/** Where the API answers: FRA1's `/v1/sic/conf/…` and the other regions' `/api/v1/sic/conf/…`. */
const PREFIX = /^(?:\/api)?\/v1\/sic\/conf(\/.*)$/;

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** A 32-character key of letters and digits, like the intake key in SEKOIA's examples. */
function newIntakeKey(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from({ length: 32 }, () => alphabet[randomInt(alphabet.length)]).join("");
}

/** A page of a list, as SEKOIA pages: `limit` 1-100 (default 20), `offset` ≥ 0. */
function page<T>(items: readonly T[], query: URLSearchParams): { items: T[]; total: number } {
  const limit = query.has("limit") ? Number(query.get("limit")) : 20;
  const offset = query.has("offset") ? Number(query.get("offset")) : 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw new ApiError(400, "limit a number of items (allowed range is 1-100)");
  if (!Number.isInteger(offset) || offset < 0) throw new ApiError(400, "offset must be a whole number ≥ 0");
  return { items: items.slice(offset, offset + limit), total: items.length };
}

/** The emulated configuration API: its state, and the request handler the intake server mounts. */
export class SekoiaConfigApi {
  /** Entities, in creation order. */
  readonly entities: EmulatedEntity[];
  /** Intakes by UUID. */
  readonly intakes = new Map<string, EmulatedIntake>();
  private readonly expected: Buffer;
  private readonly permissions: ReadonlySet<SekoiaPermission>;
  private readonly community = randomUUID();

  /** @param options The API key, its permissions and the entities. */
  constructor(options: ConfigApiOptions) {
    this.expected = digest(options.apiKey);
    this.permissions = new Set(options.permissions ?? SEKOIA_API_KEY_PERMISSIONS);
    this.entities = (options.entities ?? ["Main entity"]).map((name) => ({
      uuid: randomUUID(),
      name,
      entity_id: name.toLowerCase().replace(/[^a-z0-9]+/g, "_"),
      description: "",
      community_uuid: this.community,
      alerts_generation: randomUUID(),
      number_of_intakes: 0,
    }));
  }

  /** True when the request is for this API. */
  owns(url: string | undefined): boolean {
    return PREFIX.test((url ?? "/").split("?")[0]);
  }

  /** True when `key` is the key of an intake created here. */
  acceptsIntakeKey(key: string): boolean {
    const d = digest(key);
    for (const intake of this.intakes.values()) if (timingSafeEqual(d, digest(intake.intake_key))) return true;
    return false;
  }

  /** Answers one request (it never throws). */
  async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let status = 200;
    let body: unknown;
    try {
      ({ status, body } = await this.route(req));
    } catch (error) {
      status = error instanceof ApiError ? error.status : 500;
      body = { message: error instanceof Error ? error.message : String(error) };
    }
    if (res.headersSent || res.destroyed) return;
    if (status === 204) {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
  }

  private authorise(req: http.IncomingMessage, permission: SekoiaPermission): void {
    const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "");
    // Compared as digests, in constant time, as the intake compares its key.
    if (!match || !timingSafeEqual(digest(match[1]), this.expected)) throw new ApiError(401, "Authentication failed");
    if (!this.permissions.has(permission)) throw new ApiError(403, "Insufficient permissions");
  }

  private async route(req: http.IncomingMessage): Promise<{ status: number; body?: unknown }> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = PREFIX.exec(url.pathname)?.[1] ?? "";
    const method = req.method ?? "GET";
    const one = /^\/intakes\/([^/]+)$/.exec(path);
    if (path === "/entities" && method === "GET") {
      this.authorise(req, "View entities");
      const names = url.searchParams.get("match[name]")?.split(",");
      const uuids = url.searchParams.get("match[uuid]")?.split(",");
      const entities = this.entities
        .filter((e) => (!names || names.includes(e.name)) && (!uuids || uuids.includes(e.uuid)))
        .map((e) => ({
          ...e,
          number_of_intakes: [...this.intakes.values()].filter((i) => i.entity_uuid === e.uuid).length,
        }));
      return { status: 200, body: page(entities, url.searchParams) };
    }
    if (path === "/intakes" && method === "GET") {
      this.authorise(req, "View intakes");
      const match = (field: keyof EmulatedIntake) => url.searchParams.get(`match[${field}]`);
      const intakes = [...this.intakes.values()].filter((i) =>
        (["name", "format_uuid", "entity_uuid", "uuid"] as const).every((f) => match(f) === null || match(f) === i[f]),
      );
      return { status: 200, body: page(intakes, url.searchParams) };
    }
    if (path === "/intakes" && method === "POST") {
      this.authorise(req, "Manage intakes");
      return { status: 200, body: this.create(await readJson(req)) };
    }
    if (one && method === "GET") {
      this.authorise(req, "View intakes");
      const intake = this.intakes.get(decodeURIComponent(one[1]));
      if (!intake) throw new ApiError(404, "Unknown intake");
      return { status: 200, body: intake };
    }
    if (one && method === "DELETE") {
      this.authorise(req, "Manage intakes");
      if (!this.intakes.delete(decodeURIComponent(one[1]))) throw new ApiError(404, "Unknown intake");
      return { status: 204 };
    }
    if (path === "/entities" || path === "/intakes" || one) throw new ApiError(405, `${method} is not allowed here`);
    throw new ApiError(404, `no configuration API at ${url.pathname}`);
  }

  private create(body: Record<string, unknown>): EmulatedIntake {
    const formatUuid = body.format_uuid;
    if (typeof formatUuid !== "string") throw new ApiError(400, "format_uuid is required");
    if (!FORMATS[formatUuid]) throw new ApiError(400, `Unknown format ${formatUuid}`);
    const entity = this.entities.find((e) => e.uuid === body.entity_uuid);
    if (!entity) throw new ApiError(400, `Unknown entity ${String(body.entity_uuid)}`);
    if (body.name !== undefined && typeof body.name !== "string") throw new ApiError(400, "name must be a string");
    const uuid = randomUUID();
    const now = new Date().toISOString();
    const intake: EmulatedIntake = {
      uuid,
      // SEKOIA names an intake without a name after its UUID (OpenAPI, "Create a new intake").
      name: typeof body.name === "string" && body.name !== "" ? body.name : uuid,
      community_uuid: this.community,
      entity_uuid: entity.uuid,
      format_uuid: formatUuid,
      intake_key: newIntakeKey(),
      created_at: now,
      created_by: randomUUID(),
      created_by_type: "apikey",
      updated_at: now,
      updated_by: null,
      updated_by_type: null,
      entity: { name: entity.name, uuid: entity.uuid },
      is_custom_format: false,
      connector_configuration_uuid: null,
      status: "UNKNOWN",
    };
    this.intakes.set(uuid, intake);
    return intake;
  }
}

/** The request's JSON object; bodies past the limit are cut off (leaving the loop ends the request). */
async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, `body above ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new ApiError(400, "Invalid parameters: the body is not JSON");
  }
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw new ApiError(400, "Invalid parameters: expected a JSON object");
  return value as Record<string, unknown>;
}
