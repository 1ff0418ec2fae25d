/**
 * The component next to a stack's other resources: a zone's custom WAF rule
 * and the Logpush job that ships the events of the path the rule guards to SEKOIA.
 * Given a SEKOIA API key (`sekoiaApiKey`) instead of an intake key, it creates the intake too.
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { FirewallEventsLogpush, SekoiaIntake } from "cloudflare-sekoia-logpush";

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

// The guide's first step in code: with a SEKOIA API key, the intake is made here and its key used below.
const sekoiaApiKey = config.getSecret("sekoiaApiKey");
const intake = sekoiaApiKey && new SekoiaIntake("waf-intake", { intakeName: "Cloudflare WAF", apiKey: sekoiaApiKey });

// Ship the events of the path the rule guards; the job is created once the ruleset exists.
// Cloudflare cannot filter firewall_events on Action (nor RuleID, Source …), so a Logpush filter
// selects on the request; keeping only the blocks is done downstream, in SEKOIA (event.action = block).
const logpush = new FirewallEventsLogpush(
  "waf-to-sekoia",
  {
    zoneId,
    intakeKey: intake ? intake.intakeKey : config.requireSecret("intakeKey"),
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
    filter: { where: { key: "ClientRequestPath", operator: "startsWith", value: "/wp-login.php" } },
    apiToken: { create: false },
  },
  { dependsOn: [waf] },
);

export const rulesetId = waf.id;
export const jobId = logpush.jobId;
