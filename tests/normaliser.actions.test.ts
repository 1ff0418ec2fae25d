/** event.type for every Action Cloudflare documents. */
import { ACTION_EVENT_TYPES, normalise } from "../components/normaliser";
import { syntheticLines } from "../components/normaliser/synthetic";

function eventTypeFor(action: unknown): { type: unknown; warnings: string[] } {
  const result = normalise({ Action: action, Datetime: 1657630626 });
  if (result.kind !== "event") throw new Error(result.reason);
  return { type: (result.event.event as Record<string, unknown>).type, warnings: result.warnings };
}

/** SEKOIA's translation table, from its firewall_events format. */
const SEKOIA: Record<string, string[]> = {
  unknown: ["info"],
  allow: ["allowed"],
  block: ["denied"],
  challenge: ["info"],
  jschallenge: ["info"],
  log: ["info"],
  connectionclose: ["end"],
  challengesolved: ["allowed"],
  challengefailed: ["denied"],
  challengebypassed: ["allowed"],
  jschallengesolved: ["allowed"],
  jschallengefailed: ["denied"],
  jschallengebypassed: ["allowed"],
  bypass: ["allowed"],
  managedchallenge: ["info"],
  managedchallengeskipped: ["allowed"],
  managedchallengenoninteractivesolved: ["allowed"],
  managedchallengeinteractivesolved: ["allowed"],
  managedchallengebypassed: ["allowed"],
};

/** Added here: actions Cloudflare documents that SEKOIA's table lacks. */
const ADDED: Record<string, string[]> = {
  managedchallengefailed: ["denied"],
  forceconnectionclose: ["end"],
  skip: ["allowed"],
  rewrite: ["info"],
  // Cloudflare's firewall_events pages, 2026: the pre-challenge interstitial page.
  precursorinterstitialpageissued: ["info"],
  precursorinterstitialpagebypassed: ["allowed"],
  precursorinterstitialpagesolved: ["allowed"],
};

describe("event.type from Action", () => {
  it.each(Object.entries(SEKOIA))("%s → %j, as SEKOIA", (action, type) => {
    expect(eventTypeFor(action)).toEqual({ type, warnings: [] });
  });

  it.each(Object.entries(ADDED))("%s → %j (not in SEKOIA's table)", (action, type) => {
    expect(eventTypeFor(action)).toEqual({ type, warnings: [] });
  });

  it("covers every action of the guide's field description, and nothing silently", () => {
    const documented =
      "unknown | allow | block | challenge | jschallenge | log | connectionclose | challengesolved | challengefailed | challengebypassed | jschallengesolved | jschallengefailed | jschallengebypassed | bypass | managedchallenge | managedchallengeskipped | managedchallengenoninteractivesolved | managedchallengeinteractivesolved | managedchallengebypassed".split(
        " | ",
      );
    expect(documented.filter((action) => !(action in ACTION_EVENT_TYPES))).toEqual([]);
    expect(ACTION_EVENT_TYPES).toEqual({ ...SEKOIA, ...ADDED });
  });

  it("reads the camelCase spelling of Cloudflare's other datasets, and keeps event.action as sent", () => {
    const result = normalise({ Action: "managedChallengeNonInteractiveSolved" });
    expect(result.kind === "event" && result.event.event).toMatchObject({
      type: ["allowed"],
      action: "managedChallengeNonInteractiveSolved",
    });
  });

  it("leaves event.type out for an undocumented action, and says so", () => {
    expect(eventTypeFor("teleport")).toEqual({
      type: undefined,
      warnings: ['Action: undocumented action "teleport"; event.type left out'],
    });
  });

  it("gives each event its own event.type array", () => {
    const first = normalise({ Action: "block" });
    const second = normalise({ Action: "block" });
    if (first.kind !== "event" || second.kind !== "event") throw new Error("expected events");
    (first.event.event as Record<string, string[]>).type.push("changed");
    expect((second.event.event as Record<string, unknown>).type).toEqual(["denied"]);
  });
});

describe("the synthetic lines (bench, property tests)", () => {
  it("carry the pre-challenge interstitial actions, each normalised with its event.type", () => {
    const types = new Map<string, unknown>();
    for (const line of syntheticLines(2000, 3, "unixnano")) {
      const result = normalise(line);
      if (result.kind !== "event") throw new Error(result.reason);
      const event = result.event.event as Record<string, unknown>;
      types.set(event.action as string, event.type);
    }
    expect(types.get("precursorinterstitialpageissued")).toEqual(["info"]);
    expect(types.get("precursorinterstitialpagesolved")).toEqual(["allowed"]);
  });
});
