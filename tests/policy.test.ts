import * as pulumi from "@pulumi/pulumi";
import { FirewallEventsLogpush } from "../components";
import { API_TOKEN, LOGPUSH_JOB, installMocks, settle, valueOf, type Recorded } from "../components/testing/mocks";
import { CHECKS, type ResourceUnderReview } from "../policy/policies";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const KEY = "QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT";
const mocks = installMocks("prod");

// The resource options each child was declared with, captured by a transformation the children inherit.
const declaredOptions = new Map<string, pulumi.ResourceOptions>();
const capture: pulumi.ResourceTransformation = (args) => {
  declaredOptions.set(args.name, args.opts);
  return undefined;
};

const violations = (r: ResourceUnderReview) =>
  CHECKS.flatMap(({ name, check }) => check(r).map((v) => `${name}: ${v}`));

async function componentResources(): Promise<ResourceUnderReview[]> {
  const c = new FirewallEventsLogpush("site", { zoneId: ZONE, intakeKey: KEY }, { transformations: [capture] });
  await settle([c.job, c.apiToken]);
  const urns = new Map([
    ["site-job", await valueOf(c.job.urn)],
    ["site-token", await valueOf(c.apiToken!.urn)],
  ]);
  return [...mocks.byType(LOGPUSH_JOB), ...mocks.byType(API_TOKEN)].map((r: Recorded) => ({
    type: r.type,
    props: r.inputs,
    urn: urns.get(r.name)!,
    opts: {
      additionalSecretOutputs:
        (declaredOptions.get(r.name) as pulumi.CustomResourceOptions)?.additionalSecretOutputs ?? [],
    },
  }));
}

const job = (props: Record<string, unknown>, additionalSecretOutputs = ["destinationConf"]): ResourceUnderReview => ({
  type: LOGPUSH_JOB,
  urn: `urn:pulumi:prod::p::${LOGPUSH_JOB}::j`,
  opts: { additionalSecretOutputs },
  props: {
    dataset: "firewall_events",
    destinationConf: `https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=${KEY}`,
    outputOptions: { fieldNames: ["RayID"], timestampFormat: "rfc3339" },
    ...props,
  },
});
const token = (
  policies: unknown[],
  parent = "cloudflare-sekoia-logpush:index:FirewallEventsLogpush$",
): ResourceUnderReview => ({
  type: API_TOKEN,
  urn: `urn:pulumi:prod::p::${parent}${API_TOKEN}::t`,
  opts: {},
  props: { policies },
});
const zone = (id = ZONE) => JSON.stringify({ [`com.cloudflare.api.account.zone.${id}`]: "*" });

describe("policy pack", () => {
  it("what the component declares passes every policy", async () => {
    const resources = await componentResources();
    expect(resources.map((r) => r.type).sort()).toEqual([API_TOKEN, LOGPUSH_JOB]);
    expect(resources.flatMap(violations)).toEqual([]);
  });

  it.each<[string, ResourceUnderReview, RegExp]>([
    [
      "plain http",
      job({ destinationConf: `http://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=${KEY}` }),
      /sekoia-https-destination: destinationConf must use https/,
    ],
    [
      "another host",
      job({ destinationConf: `https://logs.example.com/in?header_X-SEKOIAIO-INTAKE-KEY=${KEY}` }),
      /must send to a SEKOIA intake host .* not logs\.example\.com/,
    ],
    ["no key header", job({ destinationConf: "https://intake.sekoia.io/plain/batch" }), /must carry the intake key/],
    ["not a URL", job({ destinationConf: "s3://bucket/path" }), /must send to a SEKOIA intake host|must use https/],
    [
      "logpullOptions",
      job({ logpullOptions: "fields=RayID&timestamps=rfc3339" }),
      /logpush-output-options: logpullOptions is deprecated/,
    ],
    ["no outputOptions", job({ outputOptions: undefined }), /outputOptions must be set/],
    [
      "unknown timestamp format",
      job({ outputOptions: { fieldNames: ["RayID"], timestampFormat: "iso" } }),
      /timestampFormat must be one of rfc3339/,
    ],
    [
      "destination not declared secret",
      job({}, []),
      /logpush-destination-secret: destinationConf holds the intake key/,
    ],
    [
      "token on the whole account",
      token([
        {
          effect: "allow",
          permissionGroups: [{ id: "c4a30cd58c5d42619c86a3c36c441e2d" }],
          resources: JSON.stringify({ "com.cloudflare.api.account.0123": "*" }),
        },
      ]),
      /sekoia-token-read-only-zone: policies\[0\]\.resources must name exactly one zone/,
    ],
    [
      "token on two zones",
      token([
        {
          effect: "allow",
          permissionGroups: [],
          resources: JSON.stringify({
            [`com.cloudflare.api.account.zone.${ZONE}`]: "*",
            "com.cloudflare.api.account.zone.ffffffffffffffffffffffffffffffff": "*",
          }),
        },
      ]),
      /must name exactly one zone/,
    ],
    [
      "token that can write logs",
      token([{ effect: "allow", permissionGroups: [{ id: "3e0b5820118e47f3922f7c989e673882" }], resources: zone() }]),
      /grants permission group 3e0b5820118e47f3922f7c989e673882, which is not one of the read-only zone groups/,
    ],
  ])("flags %s", (_what, resource, message) => {
    const found = violations(resource);
    expect(found.join("\n")).toMatch(message);
    expect(found.join("\n")).not.toContain(KEY);
  });

  it("takes the read-only group IDs from the policy's config when an account's differ", () => {
    const custom = {
      ...token([{ effect: "allow", permissionGroups: [{ id: "aaaa" }], resources: zone() }]),
      config: { readOnlyGroupIds: ["aaaa"] },
    };
    expect(violations(custom)).toEqual([]);
    const defaults = token([{ effect: "allow", permissionGroups: [{ id: "aaaa" }], resources: zone() }]);
    expect(violations(defaults).join("\n")).toMatch(/grants permission group aaaa/);
  });

  it.each<[string, ResourceUnderReview]>([
    ["another dataset's job", job({ dataset: "http_requests", destinationConf: "https://logs.example.com/" })],
    [
      "a token the component did not make",
      token([{ effect: "allow", permissionGroups: [{ id: "3e0b5820118e47f3922f7c989e673882" }], resources: "{}" }], ""),
    ],
    ["values still unknown at preview", job({ destinationConf: undefined })],
    [
      "a regional intake",
      job({
        destinationConf: `https://intake.usa1.sekoia.io/api/v1/intake-http/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=${KEY}`,
      }),
    ],
  ])("leaves %s alone", (_what, resource) => {
    expect(violations(resource)).toEqual([]);
  });
});

describe("policy pack and account-scoped jobs", () => {
  const ACCOUNT = "01a7362d577a6c3019a474fd6f485823";
  const account = (id = ACCOUNT) => JSON.stringify({ [`com.cloudflare.api.account.${id}`]: "*" });

  it("what the component declares in account scope passes every policy, groups checked once configured", async () => {
    mocks.resources.length = 0;
    const c = new FirewallEventsLogpush("acct", { accountId: ACCOUNT, intakeKey: KEY });
    await settle([c.job, c.apiToken]);
    const [job] = mocks.byType(LOGPUSH_JOB).filter((r) => r.name === "acct-job");
    const [tok] = mocks.byType(API_TOKEN).filter((r) => r.name === "acct-token");
    const reviewed = (r: Recorded, urn: string, config?: ResourceUnderReview["config"]): ResourceUnderReview => ({
      type: r.type,
      props: r.inputs,
      urn,
      opts: { additionalSecretOutputs: r.type === LOGPUSH_JOB ? ["destinationConf"] : [] },
      ...(config && { config }),
    });
    const jobUrn = await valueOf(c.job.urn);
    const tokenUrn = await valueOf(c.apiToken!.urn);
    expect(violations(reviewed(job, jobUrn))).toEqual([]);
    expect(violations(reviewed(tok, tokenUrn))).toEqual([]);
    const ids = (tok.inputs.policies[0].permissionGroups as Array<{ id: string }>).map((g) => g.id);
    expect(violations(reviewed(tok, tokenUrn, { readOnlyAccountGroupIds: ids }))).toEqual([]);
    expect(violations(reviewed(tok, tokenUrn, { readOnlyAccountGroupIds: ids.slice(1) })).join("\n")).toMatch(
      new RegExp(`grants permission group ${ids[0]}, which is not in readOnlyAccountGroupIds`),
    );
  });

  it.each<[string, unknown, RegExp]>([
    [
      "two accounts",
      JSON.stringify({
        [`com.cloudflare.api.account.${ACCOUNT}`]: "*",
        [`com.cloudflare.api.account.${"f".repeat(32)}`]: "*",
      }),
      /must name exactly one zone .* or one account/,
    ],
    [
      "every account",
      JSON.stringify({ "com.cloudflare.api.account.*": "*" }),
      /must name exactly one zone .* or one account/,
    ],
    [
      "an account with a narrowed value",
      JSON.stringify({ [`com.cloudflare.api.account.${ACCOUNT}`]: { "com.cloudflare.api.account.zone.*": "*" } }),
      /must name exactly one zone .* or one account/,
    ],
  ])("flags an account token on %s", (_what, resources, message) => {
    expect(violations(token([{ effect: "allow", permissionGroups: [{ id: "aaaa" }], resources }])).join("\n")).toMatch(
      message,
    );
  });

  it("a zone token is still checked against the zone groups; an account token with IDs configured, against those", () => {
    expect(violations(token([{ effect: "allow", permissionGroups: [{ id: "aaaa" }], resources: account() }]))).toEqual(
      [],
    );
    const configured = {
      ...token([{ effect: "allow", permissionGroups: [{ id: "aaaa" }], resources: account() }]),
      config: { readOnlyAccountGroupIds: ["bbbb"] },
    };
    expect(violations(configured).join("\n")).toMatch(
      /grants permission group aaaa, which is not in readOnlyAccountGroupIds/,
    );
    expect(
      violations(token([{ effect: "allow", permissionGroups: [{ id: "aaaa" }], resources: zone() }])).join("\n"),
    ).toMatch(/not one of the read-only zone groups/);
  });
});
