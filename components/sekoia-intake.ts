/**
 * The SEKOIA intake as a Pulumi resource: the guide's first step ("Create the
 * intake on SEKOIA.IO") done by `pulumi up`, its key handed to every job as a secret.
 *
 * A dynamic provider, not a provider package: SEKOIA has no Pulumi or Terraform
 * provider, and a dynamic provider ships inside this npm package with no plugin
 * to install. Create, read (`pulumi refresh` notices an intake deleted by hand),
 * update (a new API key) and delete go through SEKOIA's configuration API; a new
 * name, entity or region replaces the intake.
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_REGION, type SekoiaRegion } from "./sekoia";
import {
  apiUrlProblem,
  inputProblems,
  SEKOIA_API_BASES,
  sekoiaIntakeProvider,
  type SekoiaIntakeInputs,
  type SekoiaIntakeOutputs,
} from "./sekoia-intake-provider";
import { InvalidArgumentsError } from "./validation";

/** The arguments of a SEKOIA intake. */
export interface SekoiaIntakeArgs {
  /** The intake's name in SEKOIA (changing it replaces the intake). */
  intakeName: pulumi.Input<string>;
  /**
   * The entity the intake belongs to, by UUID or by name. Default: the only
   * entity the API key sees (an error names them when there are several).
   * Changing it replaces the intake.
   */
  entity?: pulumi.Input<string>;
  /** The SEKOIA region (default FRA1); it picks the API URL. Changing it replaces the intake. */
  region?: SekoiaRegion;
  /**
   * A SEKOIA API key with the permissions "View intakes", "Manage intakes" and
   * "View entities". Kept as a secret in the state (delete and refresh need it).
   */
  apiKey: pulumi.Input<string>;
  /** The configuration API's base URL; default the region's (e.g. https://api.sekoia.io). For tests and proxies. */
  apiUrl?: pulumi.Input<string>;
}

const deferred = (v: unknown): boolean => pulumi.Output.isInstance(v) || v instanceof Promise;

/**
 * Every problem with the arguments known now; Outputs are checked by the
 * provider once known (at preview or up). Messages name the argument and never
 * echo the API key.
 */
export function validateSekoiaIntakeArgs(args: Partial<Record<keyof SekoiaIntakeArgs, unknown>>): string[] {
  return inputProblems(args, deferred);
}

export { apiUrlProblem };

/** The SEKOIA intake of Cloudflare Firewall Events, created through SEKOIA's configuration API. */
export class SekoiaIntake extends pulumi.dynamic.Resource {
  /** The intake's UUID. */
  declare public readonly intakeUuid: pulumi.Output<string>;
  /** The intake key, for the Logpush destination: a secret. */
  declare public readonly intakeKey: pulumi.Output<string>;
  /** The entity the intake belongs to. */
  declare public readonly entityUuid: pulumi.Output<string>;
  declare public readonly entityName: pulumi.Output<string>;

  /**
   * @param name The Pulumi resource name.
   * @param args The intake's name, entity, region and the SEKOIA API key.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: SekoiaIntakeArgs, opts?: pulumi.CustomResourceOptions) {
    const problems = validateSekoiaIntakeArgs(args);
    if (problems.length > 0) throw new InvalidArgumentsError(`SekoiaIntake ${name}`, problems);
    const region = args.region ?? DEFAULT_REGION;
    const props: Record<keyof SekoiaIntakeOutputs, unknown> = {
      intakeName: args.intakeName,
      entity: args.entity,
      region,
      apiUrl: args.apiUrl ?? SEKOIA_API_BASES[region],
      apiKey: pulumi.secret(args.apiKey),
      intakeUuid: undefined,
      intakeKey: undefined,
      entityUuid: undefined,
      entityName: undefined,
      formatUuid: undefined,
    } satisfies Record<keyof SekoiaIntakeInputs, unknown> & Record<string, unknown>;
    super(
      sekoiaIntakeProvider,
      name,
      props,
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "apiKey", "intakeKey"] },
      "cloudflare-sekoia-logpush",
      "SekoiaIntake",
    );
    // The engine marks it secret (additionalSecretOutputs); this says so to the program too, mocks included.
    this.intakeKey = pulumi.secret(this.intakeKey);
  }
}
