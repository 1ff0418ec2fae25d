/**
 * Would two jobs of one stack deliver the same zone's events twice? An
 * account-scoped job receives the events of every zone of its account, unless
 * its filter leaves a zone out; a zone job receives its zone's. Both at once
 * sends each event to SEKOIA twice.
 *
 * Decided from the stack config alone (no Cloudflare call at preview): a zone
 * entry may say which account it belongs to (`accountId`) and its name
 * (`zoneName`), and the filters are read with three-valued logic where
 * `ZoneName` is known and any other field is unknown. `Datetime` is tried at
 * every boundary the two filters name, so a hand-over at a cut-over time
 * (zone job `Datetime lt T`, account job `ZoneName eq … and Datetime geq T`)
 * is seen as the disjoint pair it is.
 */
import type { FilterNode, LogpushFilter } from "./filter";
import { compileFilter, type LogRecord } from "./sandbox/filter-eval";

/** What the check needs of a zone job. */
export interface ZoneJobView {
  /** How the config names it, e.g. `zones[2]`. */
  readonly at: string;
  readonly zoneId: string;
  /** The zone's name (e.g. example.com), when the config gives it. */
  readonly zoneName?: string;
  /** The account the zone belongs to, when the config gives it. */
  readonly accountId?: string;
  readonly filter?: LogpushFilter;
  readonly enabled: boolean;
}

/** What the check needs of an account job. */
export interface AccountJobView {
  readonly at: string;
  readonly accountId: string;
  readonly filter?: LogpushFilter;
  readonly enabled: boolean;
}

/** A zone both jobs would deliver; `why` says what the check could not rule out. */
export interface Overlap {
  readonly zone: ZoneJobView;
  readonly account: AccountJobView;
  readonly why: string;
}

type Tri = boolean | undefined; // undefined: depends on a field the config cannot know

/** A filter node's truth for a record of which only some fields are known. */
function tri(node: FilterNode, known: LogRecord): Tri {
  const group = node.and ?? node.or;
  if (group) {
    const all = node.and !== undefined;
    let result: Tri = all; // and: true until a false; or: false until a true
    for (const child of group) {
      const v = tri(child, known);
      if (v === !all) return v; // and meets false, or meets true
      if (v === undefined) result = undefined;
    }
    return result;
  }
  if (typeof node.key !== "string" || !Object.prototype.hasOwnProperty.call(known, node.key)) return undefined;
  return compileFilter({ where: node })(known);
}

/** The numbers a filter compares `Datetime` with. */
function datetimeBounds(node: FilterNode | undefined): number[] {
  if (!node) return [];
  const group = node.and ?? node.or;
  if (group) return group.flatMap(datetimeBounds);
  if (node.key !== "Datetime") return [];
  const values: unknown[] = Array.isArray(node.value) ? node.value : [node.value];
  return values.map(Number).filter((n) => Number.isFinite(n));
}

/**
 * `Datetime` values that meet every region the bounds cut the time line into: each bound, the
 * midpoints between them, and one beyond each end (1 ms in nanoseconds: still beyond at the
 * magnitude of epoch nanoseconds, where doubles are 256 apart).
 */
function datetimeSamples(bounds: number[]): Array<number | undefined> {
  if (bounds.length === 0) return [undefined];
  const sorted = [...new Set(bounds)].sort((a, b) => a - b);
  const mids = sorted.slice(1).map((b, i) => (sorted[i] + b) / 2);
  return [sorted[0] - 1e6, ...sorted, ...mids, sorted[sorted.length - 1] + 1e6];
}

const TRUE: FilterNode = { and: [] };

/** Whether the account job may also deliver the zone job's zone, and why. */
export function overlapOf(zone: ZoneJobView, account: AccountJobView): Overlap | undefined {
  if (!zone.enabled || !account.enabled) return undefined;
  if (zone.accountId !== undefined && zone.accountId !== account.accountId) return undefined;
  if (zone.zoneName === undefined) {
    return account.filter === undefined
      ? {
          zone,
          account,
          why: `${account.at} has no filter: it receives every zone of account ${account.accountId}`,
        }
      : {
          zone,
          account,
          why: `${zone.at} has no zoneName, so whether ${account.at}'s filter leaves it out cannot be told`,
        };
  }
  const both: FilterNode = { and: [zone.filter?.where ?? TRUE, account.filter?.where ?? TRUE] };
  const bounds = [...datetimeBounds(zone.filter?.where), ...datetimeBounds(account.filter?.where)];
  const admitted = datetimeSamples(bounds).some((d) => {
    const known: LogRecord = { ZoneName: zone.zoneName, ...(d !== undefined && { Datetime: d }) };
    return tri(both, known) !== false;
  });
  if (!admitted) return undefined;
  return {
    zone,
    account,
    why:
      account.filter === undefined
        ? `${account.at} has no filter: it receives every zone of account ${account.accountId}`
        : `${account.at}'s filter does not leave out ZoneName "${zone.zoneName}" whenever ${zone.at} sends`,
  };
}

/** Every (zone job, account job) pair that would deliver one zone twice. */
export function findOverlaps(zones: readonly ZoneJobView[], accounts: readonly AccountJobView[]): Overlap[] {
  return zones.flatMap((z) => accounts.map((a) => overlapOf(z, a)).filter((o): o is Overlap => o !== undefined));
}
