/**
 * The argument types the schema promises other languages, derived from `schema.ts` by the
 * type checker (pulumi-eks generates the same from its schema.json). `args.typetest.ts`
 * holds them against the hand-written `FirewallEventsLogpushArgs`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ENUMS, INPUTS, OBJECT_TYPES, REQUIRED_INPUTS } from "./schema";

type Named<R> = R extends `#/types/${string}:index:${infer N}` ? N : never;

/** The TypeScript type of one schema property or array element. */
export type SchemaValue<P> = P extends { type: "string" }
  ? string
  : P extends { type: "number" }
    ? number
    : P extends { type: "boolean" }
      ? boolean
      : P extends { type: "array"; items: infer I }
        ? SchemaValue<I>[]
        : P extends { $ref: "pulumi.json#/Any" }
          ? // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema's Any
            any
          : P extends { $ref: infer R }
            ? Named<R> extends keyof typeof ENUMS
              ? (typeof ENUMS)[Named<R>]["values"][number]
              : Named<R> extends keyof typeof OBJECT_TYPES
                ? SchemaObject<Named<R>>
                : never
            : never;

type Props<N extends keyof typeof OBJECT_TYPES> = (typeof OBJECT_TYPES)[N]["properties"];
type Req<N extends keyof typeof OBJECT_TYPES> = (typeof OBJECT_TYPES)[N]["required"][number] & keyof Props<N>;

/** An object type of the schema, with its required properties required. */
export type SchemaObject<N extends keyof typeof OBJECT_TYPES> = {
  [K in Req<N>]: SchemaValue<Props<N>[K]>;
} & { [K in Exclude<keyof Props<N>, Req<N>>]?: SchemaValue<Props<N>[K]> };

// A plain input is the value itself; any other may be an Output.
type Input<P> = P extends { plain: true } ? SchemaValue<P> : pulumi.Input<SchemaValue<P>>;
type Required = (typeof REQUIRED_INPUTS)[number];

/** The component's arguments as the schema declares them. */
export type SchemaArgs = { [K in Required]: Input<(typeof INPUTS)[K]> } & {
  [K in Exclude<keyof typeof INPUTS, Required>]?: Input<(typeof INPUTS)[K]>;
};
