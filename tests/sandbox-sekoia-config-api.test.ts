/** The sandbox's SEKOIA configuration API: SEKOIA's paths, shapes and refusals (its OpenAPI, /sic/conf/…). */
import { startIntake, type LocalIntake } from "../components/sandbox/intake-server";
import { SekoiaConfigApi } from "../components/sandbox/sekoia-config-api";
import { CLOUDFLARE_FIREWALL_EVENTS_FORMAT_UUID } from "../components/sekoia-intake-provider";

const API_KEY = "sandbox-api-key-0123";
let server: LocalIntake;
let api: SekoiaConfigApi;

beforeEach(async () => {
  api = new SekoiaConfigApi({ apiKey: API_KEY, entities: ["Paris", "Lyon"] });
  server = await startIntake({ configApi: api });
});
afterEach(async () => server.close());

async function call(method: string, path: string, body?: string, key: string | null = API_KEY) {
  const response = await fetch(`${server.origin}${path}`, {
    method,
    headers: { ...(key !== null && { Authorization: `Bearer ${key}` }), "Content-Type": "application/json" },
    ...(body !== undefined && { body }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const create = (body: Record<string, unknown>) => call("POST", "/v1/sic/conf/intakes", JSON.stringify(body));

it("lists entities as {items, total}, paged by limit (1 to 100) and offset", async () => {
  const all = await call("GET", "/v1/sic/conf/entities");
  expect(all.status).toBe(200);
  expect(all.body).toMatchObject({ total: 2, items: [{ name: "Paris", entity_id: "paris" }, { name: "Lyon" }] });
  expect((await call("GET", "/v1/sic/conf/entities?limit=1&offset=1")).body).toMatchObject({
    total: 2,
    items: [{ name: "Lyon" }],
  });
  expect((await call("GET", "/v1/sic/conf/entities?limit=100")).status).toBe(200);
  expect((await call("GET", "/v1/sic/conf/entities?limit=101")).status).toBe(400);
  expect((await call("GET", "/v1/sic/conf/entities?limit=0")).status).toBe(400);
});

it("creates an intake with SEKOIA's fields, lists it by name, reads and deletes it; /api/v1 works the same", async () => {
  const entity = api.entities[1];
  const created = await create({
    name: "waf",
    entity_uuid: entity.uuid,
    format_uuid: CLOUDFLARE_FIREWALL_EVENTS_FORMAT_UUID,
  });
  expect(created.status).toBe(200);
  expect(created.body).toMatchObject({
    name: "waf",
    entity_uuid: entity.uuid,
    format_uuid: CLOUDFLARE_FIREWALL_EVENTS_FORMAT_UUID,
    entity: { name: "Lyon", uuid: entity.uuid },
    is_custom_format: false,
  });
  expect(created.body!.intake_key).toMatch(/^[A-Za-z0-9]{32}$/);
  const uuid = created.body!.uuid as string;
  expect((await call("GET", "/v1/sic/conf/intakes?match[name]=waf")).body).toMatchObject({ total: 1 });
  expect((await call("GET", "/v1/sic/conf/intakes?match[name]=other")).body).toMatchObject({ total: 0, items: [] });
  expect((await call("GET", `/api/v1/sic/conf/intakes/${uuid}`)).body).toMatchObject({ uuid, name: "waf" });
  expect((await call("DELETE", `/api/v1/sic/conf/intakes/${uuid}`)).status).toBe(204);
  expect(await call("GET", `/v1/sic/conf/intakes/${uuid}`)).toEqual({
    status: 404,
    body: { message: "Unknown intake" },
  });
  expect((await call("DELETE", `/v1/sic/conf/intakes/${uuid}`)).status).toBe(404);
});

it("names an intake without a name after its UUID, as SEKOIA's OpenAPI says", async () => {
  const created = await create({
    entity_uuid: api.entities[0].uuid,
    format_uuid: CLOUDFLARE_FIREWALL_EVENTS_FORMAT_UUID,
  });
  expect(created.body!.name).toBe(created.body!.uuid);
});

it("refuses what SEKOIA refuses: no or a wrong key (401), an unknown format or entity, a body that is not JSON (400)", async () => {
  expect(await call("GET", "/v1/sic/conf/entities", undefined, null)).toEqual({
    status: 401,
    body: { message: "Authentication failed" },
  });
  expect((await call("GET", "/v1/sic/conf/intakes", undefined, "wrong")).status).toBe(401);
  const entity_uuid = api.entities[0].uuid;
  expect(await create({ entity_uuid, format_uuid: "00000000-0000-0000-0000-000000000000" })).toEqual({
    status: 400,
    body: { message: "Unknown format 00000000-0000-0000-0000-000000000000" },
  });
  expect((await create({ entity_uuid })).status).toBe(400);
  expect((await create({ entity_uuid: "nope", format_uuid: CLOUDFLARE_FIREWALL_EVENTS_FORMAT_UUID })).status).toBe(400);
  expect((await call("POST", "/v1/sic/conf/intakes", "not json")).status).toBe(400);
  expect((await call("POST", "/v1/sic/conf/intakes", "[1]")).status).toBe(400);
  expect((await call("PUT", "/v1/sic/conf/intakes")).status).toBe(405);
  expect((await call("GET", "/v1/sic/conf/rules")).status).toBe(404);
  expect(api.intakes.size).toBe(0);
});

it("checks each call's permission (403 Insufficient permissions)", async () => {
  await server.close();
  api = new SekoiaConfigApi({ apiKey: API_KEY, permissions: ["View intakes"] });
  server = await startIntake({ configApi: api });
  expect((await call("GET", "/v1/sic/conf/intakes")).status).toBe(200);
  expect(await call("GET", "/v1/sic/conf/entities")).toEqual({
    status: 403,
    body: { message: "Insufficient permissions" },
  });
});

it("the intake accepts the keys of intakes created here, and stops when the intake is deleted", async () => {
  const created = await create({
    entity_uuid: api.entities[0].uuid,
    format_uuid: CLOUDFLARE_FIREWALL_EVENTS_FORMAT_UUID,
  });
  const send = () =>
    fetch(`${server.origin}/plain/batch`, {
      method: "POST",
      headers: { "X-SEKOIAIO-INTAKE-KEY": created.body!.intake_key as string },
      body: '{"RayID":"1"}\n',
    }).then((r) => r.status);
  expect(await send()).toBe(200);
  await call("DELETE", `/v1/sic/conf/intakes/${created.body!.uuid as string}`);
  expect(await send()).toBe(401);
});
