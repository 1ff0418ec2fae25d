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
import { DEFAULT_REGION, isSekoiaRegion, SEKOIA_REGIONS, type SekoiaRegion } from "./sekoia";
import {
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

// Printable text without control characters: a header or a name in SEKOIA's UI, never a way to split a request.
const PRINTABLE = /^[^\p{Cc}]+$/u;

/**
 * Every problem with the arguments known now (Outputs are checked by SEKOIA
 * when they resolve). Messages name the argument and never echo the API key.
 */
export function validateSekoiaIntakeArgs(args: Partial<Record<keyof SekoiaIntakeArgs, unknown>>): string[] {
  const p: string[] = [];
  const text = (name: keyof SekoiaIntakeArgs, what: string, required: boolean) => {
    const v = args[name];
    if (v === undefined || v === null) {
      if (required) p.push(`${name} is required: ${what}`);
    } else if (!deferred(v) && (typeof v !== "string" || v.trim() === "" || !PRINTABLE.test(v)))
      p.push(`${name} must be ${what}, as non-empty text without control characters`);
  };
  text("intakeName", "the intake's name in SEKOIA", true);
  text("entity", "the UUID or name of a SEKOIA entity", false);
  if (args.region !== undefined && !isSekoiaRegion(args.region))
    p.push(`region must be one of ${SEKOIA_REGIONS.join(", ")}, got ${JSON.stringify(args.region)}`);
  const key = args.apiKey;
  if (key === undefined || key === null) p.push("apiKey is required: a SEKOIA API key");
  else if (!deferred(key) && (typeof key !== "string" || !/^[\x21-\x7e]+$/.test(key)))
    p.push("apiKey must be a SEKOIA API key: printable characters without spaces (the value is not shown here)");
  const url = args.apiUrl;
  if (url !== undefined && !deferred(url)) {
    const problem = apiUrlProblem(url);
    if (problem) p.push(`apiUrl ${problem}`);
  }
  return p;
}

/** Why a configuration API URL cannot be used: https, or http on this machine only (the sandbox). */
export function apiUrlProblem(url: unknown): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return `must be a URL such as ${SEKOIA_API_BASES.FRA1}, got ${JSON.stringify(url)}`;
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname);
  if (parsed.protocol === "https:" || (parsed.protocol === "http:" && loopback)) {
    return parsed.search || parsed.hash || parsed.username ? "must have no query, fragment or credentials" : undefined;
  }
  return `must use https (http only on 127.0.0.1), got ${parsed.protocol}`;
}

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
