/**
 * The component next to a stack's other resources: a zone's custom WAF rule
 * and the Logpush job that ships what the rule blocks to SEKOIA.
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { FirewallEventsLogpush } from "cloudflare-sekoia-logpush";

const config = new pulumi.Config();
const zoneId = config.require("zoneId");

// The user's own resource: block a scanner's path on the zone.
const waf = new cloudflare.Ruleset("custom-waf", {
  zoneId,
  name: "custom firewall rules",
  kind: "zone",
  phase: "http_request_firewall_custom",
  rules: [
    {
      action: "block",
      expression: '(http.request.uri.path contains "/wp-login.php")',
      description: "block wp-login probes",
      enabled: true,
    },
  ],
});

// Ship only what was blocked; the job is created once the ruleset exists.
const logpush = new FirewallEventsLogpush(
  "waf-to-sekoia",
  {
    zoneId,
    intakeKey: config.requireSecret("intakeKey"),
    fields: [
      "Action",
      "ClientIP",
      "ClientRequestHost",
      "ClientRequestPath",
      "Datetime",
      "Description",
      "RayID",
      "RuleID",
      "Source",
    ],
    filter: { where: { key: "Action", operator: "eq", value: "block" } },
    apiToken: { create: false },
  },
  { dependsOn: [waf] },
);

export const rulesetId = waf.id;
export const jobId = logpush.jobId;
