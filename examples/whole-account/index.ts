/**
 * One account-scoped job for every zone of an account (Cloudflare's
 * account-scoped firewall_events dataset): new zones are covered without a
 * deploy, each event says which zone it came from (ZoneName), and a staging
 * zone is left out by a filter. One read-only token, on the account.
 *
 *   pulumi config set accountId <account ID>
 *   pulumi config set --secret intakeKey <SEKOIA intake key>
 */
import * as pulumi from "@pulumi/pulumi";
import { FirewallEventsLogpush } from "cloudflare-sekoia-logpush";

const config = new pulumi.Config();

const account = new FirewallEventsLogpush("whole-account", {
  accountId: config.require("accountId"),
  intakeKey: config.requireSecret("intakeKey"),
  region: "FRA1",
  // The default fields are the guide's 28 plus ZoneName; only the filter is set here.
  filter: { where: { key: "ZoneName", operator: "!eq", value: "staging.example.com" } },
  apiToken: { expiresOn: "2027-06-30T00:00:00Z" },
});

export const jobId = account.jobId;
export const apiTokenValue = account.apiTokenValue; // a secret
