/**
 * The plugin entry `pulumi package add` runs (package.json `main`): Pulumi's Node.js plugin
 * host requires the package directory and, finding a function rather than component classes,
 * calls it. Loading this module starts nothing, so a tool that requires `main` is harmless;
 * importers of the package get `exports["."]`, the component API, instead.
 */
import { main } from "@pulumi/pulumi/provider";
import { FirewallEventsLogpushProvider } from "./provider";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- from dist/provider/: the running package's version
const { version } = require("../../package.json") as { version: string };

/** Serves the provider on a loopback port for the engine whose address is in the arguments. */
function serve(): Promise<void> {
  return main(new FirewallEventsLogpushProvider(version), process.argv.slice(2));
}

export = serve;
