/**
 * The multi-language provider: other languages' SDKs call it to build the component.
 * It serves the hand-written schema and constructs `FirewallEventsLogpush` from the
 * inputs the engine sends. It imports the component; the component never imports it.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import { COMPONENT_TYPE, FirewallEventsLogpush, type FirewallEventsLogpushArgs } from "../components";
import { packageSchema } from "./schema";

/** Serves `cloudflare-sekoia-logpush:index:FirewallEventsLogpush` to every Pulumi language. */
export class FirewallEventsLogpushProvider implements provider.Provider {
  /** The JSON schema `pulumi package add` generates the SDKs from. */
  readonly schema: string;

  /** @param version the package version, stamped into the schema and the generated SDKs. */
  constructor(readonly version: string) {
    this.schema = JSON.stringify(packageSchema(version));
  }

  /** The schema, as the engine asks for it. */
  async getSchema(): Promise<string> {
    return this.schema;
  }

  /**
   * Builds the component. Its constructor checks every input (the schema cannot say
   * "32 hex characters" or "a known field"), so a bad input fails with the same message
   * in every language.
   */
  async construct(
    name: string,
    type: string,
    inputs: pulumi.Inputs,
    options: pulumi.ComponentResourceOptions,
  ): Promise<provider.ConstructResult> {
    if (type !== COMPONENT_TYPE)
      throw new Error(`unknown resource type ${type}; this package provides ${COMPONENT_TYPE}`);
    const c = new FirewallEventsLogpush(name, inputs as FirewallEventsLogpushArgs, options);
    return {
      urn: c.urn,
      state: {
        job: c.job,
        jobId: c.jobId,
        scope: c.scope,
        destination: c.destination,
        ...(c.apiToken && { apiToken: c.apiToken, apiTokenId: c.apiTokenId, apiTokenValue: c.apiTokenValue }),
      },
    };
  }
}
