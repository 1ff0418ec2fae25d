/**
 * `event.type` from Cloudflare's `Action`.
 *
 * The first 19 rows are SEKOIA's translation table, as it is. The rows after
 * them are actions Cloudflare documents elsewhere (the `securityAction` /
 * `SecurityActions` lists of its other datasets and analytics, and the 2026
 * pre-challenge interstitial actions of firewall_events) that SEKOIA's
 * table does not know, so SEKOIA leaves `event.type` out for them; each is given
 * the type of the SEKOIA action it behaves like.
 *
 * Cloudflare writes actions lowercase in firewall_events and camelCase
 * elsewhere (`managedChallenge`): the lookup ignores case. An action in neither
 * list gets no `event.type` (and a warning): guessing would be worse than
 * nothing for detection rules.
 */
export const ACTION_EVENT_TYPES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  // SEKOIA's table
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
  // Not in SEKOIA's table (deliberate additions)
  /** A failed managed challenge blocks the request, like challengefailed. */
  managedchallengefailed: ["denied"],
  /** Closes the connection, like connectionclose. */
  forceconnectionclose: ["end"],
  /** Skips the remaining rules and lets the request through, like bypass. */
  skip: ["allowed"],
  /** The request was rewritten and went on: informational, like log. */
  rewrite: ["info"],
  // The pre-challenge interstitial page, on Cloudflare's firewall_events pages since 2026.
  /** The interstitial page was shown: nothing decided yet, like challenge. */
  precursorinterstitialpageissued: ["info"],
  /** The visitor went past the interstitial page, like challengebypassed. */
  precursorinterstitialpagebypassed: ["allowed"],
  /** The visitor passed the interstitial page, like challengesolved. */
  precursorinterstitialpagesolved: ["allowed"],
});

/** The actions SEKOIA's own table knows (the first 19 above). */
export const SEKOIA_ACTIONS: readonly string[] = Object.keys(ACTION_EVENT_TYPES).slice(0, 19);

const BY_ACTION: ReadonlyMap<string, readonly string[]> = new Map(Object.entries(ACTION_EVENT_TYPES));

/** `event.type` for an action (any case), or undefined when the action is not documented. */
export function eventTypeOf(action: string): string[] | undefined {
  const types = BY_ACTION.get(action) ?? BY_ACTION.get(action.toLowerCase());
  // A fresh array per event: callers may change their event.
  return types?.slice();
}
