/**
 * Many zones in one stack, written in code: shared settings, per-zone
 * overrides, and an explicit provider for the account (the permission groups
 * are looked up once for all zones).
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { FirewallEventsLogpush, GUIDE_FIELDS, type FirewallEventsLogpushArgs } from "cloudflare-sekoia-logpush";

const config = new pulumi.Config();
const account = new cloudflare.Provider("security-account", { apiToken: config.requireSecret("cloudflareApiToken") });

const shared: Omit<FirewallEventsLogpushArgs, "zoneId"> = {
  intakeKey: config.requireSecret("intakeKey"),
  region: "FRA2",
  apiToken: { expiresOn: "2027-06-30T00:00:00Z" },
};

const zones: Record<string, Partial<FirewallEventsLogpushArgs>> = {
  "023e105f4ecef8ad9ca31a8372d0c353": {},
  "1b2c3d4e5f60718293a4b5c6d7e8f901": { fields: [...GUIDE_FIELDS, "Description", "Ref"] },
  // A noisy zone: only requests answered with an error (4xx or 5xx), and a smaller sample.
  ffeeddccbbaa99887766554433221100: {
    filter: { where: { key: "EdgeResponseStatus", operator: "geq", value: 400 } },
    sampleRate: 0.5,
  },
};

const deployed = Object.entries(zones).map(
  ([zoneId, overrides]) =>
    new FirewallEventsLogpush(`zone-${zoneId}`, { ...shared, ...overrides, zoneId }, { provider: account }),
);

export const jobIds = deployed.map((d) => d.jobId);
