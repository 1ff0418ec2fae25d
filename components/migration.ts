/**
 * Moving from N zone jobs to one account-scoped job with no event lost and
 * none sent twice (README, "Migrating zone jobs to an account job").
 *
 * Two API calls (update the account job, update or delete the zone job) never
 * land at the same instant, so a zone cannot be switched from one job to the
 * other by changing which job sends it: whatever lands first opens a gap (the
 * zone job stops before the account job starts) or a window of duplicates.
 * Instead each zone is handed over at a cut-over instant T chosen a few
 * minutes ahead, written into both filters in one deploy: the zone job keeps
 * the events before T, the account job takes the zone's events from T. Every
 * event is on exactly one side of T, whichever call lands first, as long as
 * both land before T. Once T is past, the zone job is removed and the zone
 * joins the account filter's `ZoneName in […]` list, which changes nothing
 * for events after T.
 *
 * The filters below use only what Cloudflare's filter grammar offers
 * ("Filters", developers.cloudflare.com/logs/reference/filters, 2026): `in`
 * and `eq` on the string `ZoneName` (account dataset only), `geq` / `lt` on
 * `Datetime`, which is not among firewall_events' unfilterable fields.
 */
import type { FilterNode, LogpushFilter } from "./filter";

/**
 * Zones being handed over at one cut-over instant (epoch nanoseconds, as digits): some zones by name, or
 * `"all"` the zones still on zone jobs at once (the short way for many zones: a filter lists at
 * most 1000 bytes of names, about 50 zones).
 */
export interface HandOver {
  readonly zones: readonly string[] | "all";
  readonly at: string;
}

/**
 * The cut-over instant `T` for a date, in whole seconds: epoch nanoseconds written as digits, as
 * Cloudflare's filter examples write numbers (`"value":"30"`). A 19-digit number is past a JSON
 * number's exact range; the digits are exact.
 */
export function cutoverNanos(date: Date): string {
  const seconds = Math.floor(date.getTime() / 1000);
  if (!Number.isFinite(seconds)) throw new Error("cutoverNanos: not a valid date");
  return `${BigInt(seconds) * 1_000_000_000n}`;
}

/**
 * The account job's filter during the migration: the zones already moved (`ZoneName in moved`),
 * and the zones being handed over from their cut-over instant on. At least one of the two.
 */
export function accountMigrationFilter(moved: readonly string[], handOvers: readonly HandOver[] = []): LogpushFilter {
  const parts: FilterNode[] = [
    ...(moved.length > 0 ? [{ key: "ZoneName", operator: "in", value: [...moved] }] : []),
    ...handOvers.map((h): FilterNode => {
      const from: FilterNode = { key: "Datetime", operator: "geq", value: h.at };
      if (h.zones === "all") return from;
      if (h.zones.length === 0) throw new Error("accountMigrationFilter: a hand-over names no zone");
      const which: FilterNode =
        h.zones.length === 1
          ? { key: "ZoneName", operator: "eq", value: h.zones[0] }
          : { key: "ZoneName", operator: "in", value: [...h.zones] };
      return { and: [which, from] };
    }),
  ];
  if (parts.length === 0) throw new Error("accountMigrationFilter: no zone moved and none handed over");
  return { where: parts.length === 1 ? parts[0] : { or: parts } };
}

/** The zone job's filter during its hand-over: its own filter, and only events before the cut-over instant. */
export function zoneHandOverFilter(at: string, own?: LogpushFilter): LogpushFilter {
  const before: FilterNode = { key: "Datetime", operator: "lt", value: at };
  return { where: own ? { and: [own.where, before] } : before };
}
