import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { FirewallEventsLogpush } from "../components";
import { adoptionImportFile } from "../components/adopt";
import { LOGPUSH_JOB, installMocks, settle, valueOf } from "../components/testing/mocks";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const mocks = installMocks("prod");

describe("adopting a job made with the guide's curl commands", () => {
  it("the import file names the component and its job exactly as the program does", async () => {
    const file = adoptionImportFile(ZONE, "147");
    const c = new FirewallEventsLogpush(`zone-${ZONE}`, { zoneId: ZONE, intakeKey: "KEY123" });
    await settle([c.job]);
    const [component, job] = file.resources;
    // The URN the program gives the job is the one the import creates: same type, name and parent.
    expect(await valueOf(c.job.urn)).toBe(
      `urn:pulumi:prod::cloudflare-sekoia-logpush::${component.type}$${job.type}::${job.name}`,
    );
    expect(await valueOf(c.urn)).toBe(
      `urn:pulumi:prod::cloudflare-sekoia-logpush::${component.type}::${component.name}`,
    );
    expect(job).toEqual({
      type: LOGPUSH_JOB,
      name: `zone-${ZONE}-job`,
      id: `zones/${ZONE}/147`,
      parent: component.name,
    });
    expect(component.component).toBe(true);
  });

  it("the import ID reaches the engine with the job's type and name", async () => {
    mocks.resources.length = 0;
    const file = adoptionImportFile(ZONE, "147", "site");
    const job = new cloudflare.LogpushJob(
      file.resources[1].name,
      { zoneId: ZONE, destinationConf: pulumi.secret("https://intake.sekoia.io/plain/batch") },
      { import: file.resources[1].id },
    );
    await settle([job]);
    expect(mocks.byType(LOGPUSH_JOB).map((r) => [r.name, r.importId])).toEqual([["site-job", `zones/${ZONE}/147`]]);
  });

  it("refuses a zone or job ID that could not be right", () => {
    expect(() => adoptionImportFile("example.com", "147")).toThrow(/zoneId must be 32 lowercase hexadecimal/);
    expect(() => adoptionImportFile(ZONE, "zones/x/147")).toThrow(/jobId must be the job's number/);
  });
});
