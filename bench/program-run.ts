/**
 * One measured run of a stack program under Pulumi's mocks, in its own process
 * so every run starts cold: `node dist/bench/program-run.js <component|bare> <zones>`.
 * Prints one JSON line: wall time, invokes of the permission-group lookup, resources.
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { PERMISSION_GROUPS, installMocks, valueOf } from "../components/testing/mocks";
import { PROJECT } from "../components/stack-config";

const [mode, count] = [process.argv[2], Number(process.argv[3])];
const zoneIds = Array.from({ length: count }, (_, i) => i.toString(16).padStart(32, "0"));
const KEY = "QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT";

// The baseline: what a hand-written program does, one lookup and two bare resources per zone, no checks.
function bare(): pulumi.Output<string>[] {
  return zoneIds.flatMap((zoneId) => {
    const groups = cloudflare.getApiTokenPermissionGroupsListOutput({ scope: "com.cloudflare.api.account.zone" });
    const job = new cloudflare.LogpushJob(`zone-${zoneId}-job`, {
      zoneId,
      dataset: "firewall_events",
      enabled: true,
      destinationConf: pulumi.secret(`https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=${KEY}`),
      outputOptions: { fieldNames: ["Action", "Datetime", "RayID"], timestampFormat: "rfc3339" },
      maxUploadBytes: 5000000,
      maxUploadRecords: 1000,
    });
    const token = new cloudflare.ApiToken(`zone-${zoneId}-token`, {
      name: `sekoia-logpush-${zoneId}`,
      policies: [
        {
          effect: "allow",
          permissionGroups: groups.results.apply((r) =>
            r.filter((g) => g.name.endsWith(" Read")).map((g) => ({ id: g.id })),
          ),
          resources: JSON.stringify({ [`com.cloudflare.api.account.zone.${zoneId}`]: "*" }),
        },
      ],
    });
    return [job.id, token.id];
  });
}

function component(): pulumi.Output<string>[] {
  pulumi.runtime.setAllConfig({ [`${PROJECT}:zones`]: JSON.stringify(zoneIds), [`${PROJECT}:intakeKey`]: KEY }, [
    `${PROJECT}:intakeKey`,
  ]);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = require("../index") as typeof import("../index");
  return [...Object.values(program.jobIds), ...Object.values(program.apiTokenIds)] as pulumi.Output<string>[];
}

async function main(): Promise<void> {
  const mocks = installMocks("bench");
  const start = process.hrtime.bigint();
  const outputs = mode === "bare" ? bare() : component();
  await Promise.all(outputs.map(valueOf));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(
    JSON.stringify({
      mode,
      zones: count,
      ms,
      lookups: mocks.invokeCount(PERMISSION_GROUPS),
      resources: mocks.resources.length,
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
