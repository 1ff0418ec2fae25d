import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { GUIDE_FIELDS } from "../components";
import { parseStackConfig, rawConfigFromStackFile } from "../components/stack-config";

const example = yaml.load(fs.readFileSync(path.join(__dirname, "..", "Pulumi.example.yaml"), "utf8"));

describe("Pulumi.example.yaml", () => {
  it("is a complete, valid stack config once the intake key is set as a secret", () => {
    const raw = { ...rawConfigFromStackFile(example), intakeKey: "QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT" };
    const stack = parseStackConfig(raw, new Set(["intakeKey"]));
    expect(stack.zones).toHaveLength(1);
    expect(stack.zones[0].args).toMatchObject({
      region: "FRA1",
      timestampFormat: "rfc3339",
      maxUploadBytes: 5000000,
      maxUploadRecords: 1000,
    });
    expect(stack.zones[0].args.fields).toEqual([...GUIDE_FIELDS]);
  });

  it("keeps secure values out of the raw config", () => {
    const raw = rawConfigFromStackFile({
      config: {
        "cloudflare-sekoia-logpush:intakeKey": { secure: "v1:abc" },
        "other:key": "x",
        "cloudflare-sekoia-logpush:maxUploadRecords": 2000,
      },
    });
    expect(raw).toEqual({ maxUploadRecords: "2000" });
  });
});
