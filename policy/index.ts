/**
 * The policy pack: `pulumi preview --policy-pack policy` (any backend).
 * Every policy is mandatory: a violation stops the preview and the update.
 */
import { PolicyPack } from "@pulumi/policy";
import { CHECKS } from "./policies";

new PolicyPack("cloudflare-sekoia-logpush", {
  policies: CHECKS.map(({ name, description, check }) => ({
    name,
    description,
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
      for (const violation of check({ type: args.type, props: args.props, urn: args.urn, opts: args.opts }))
        reportViolation(violation);
    },
  })),
});
