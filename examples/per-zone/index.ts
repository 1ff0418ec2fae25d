/**
 * One stack per zone: the same program, one `Pulumi.<stack>.yaml` per zone.
 *
 *   pulumi stack init example-com && pulumi config set zoneId <id> && pulumi config set --secret intakeKey <key>
 *   pulumi stack init shop-example-com && …
 */
import * as pulumi from "@pulumi/pulumi";
import { FirewallEventsLogpush } from "cloudflare-sekoia-logpush";

const config = new pulumi.Config();

const logpush = new FirewallEventsLogpush(pulumi.getStack(), {
  zoneId: config.require("zoneId"),
  intakeKey: config.requireSecret("intakeKey"),
  region: config.get("region") ?? "FRA1",
});

export const jobId = logpush.jobId;
export const apiTokenValue = logpush.apiTokenValue;
