/**
 * The policy pack: `pulumi preview --policy-pack policy` (any backend).
 * Every policy is mandatory: a violation stops the preview and the update.
 */
import { PolicyPack } from "@pulumi/policy";
import { CHECKS } from "./policies";

new PolicyPack("cloudflare-sekoia-logpush", {
  policies: CHECKS.map((policy) => ({
    name: policy.name,
    description: policy.description,
    enforcementLevel: "mandatory",
    ...("configSchema" in policy && { configSchema: policy.configSchema }),
    validateResource: (args, reportViolation) => {
      const config =
        "configSchema" in policy
          ? args.getConfig<{ readOnlyGroupIds?: string[]; readOnlyAccountGroupIds?: string[] }>()
          : undefined;
      const resource = { type: args.type, props: args.props, urn: args.urn, opts: args.opts, config };
      for (const violation of policy.check(resource)) reportViolation(violation);
    },
  })),
});
