/**
 * Where a Logpush job lives: a zone (`/zones/{id}/logpush/jobs`) or, for the
 * account-scoped firewall_events dataset, an account (`/accounts/{id}/logpush/jobs`).
 */

/** A zone or an account, by its 32-hex ID. */
export interface Scope {
  kind: "zone" | "account";
  id: string;
}

/** The SDK's parameter for the scope: `{ zone_id }` or `{ account_id }`. */
export function scopeParams(scope: Scope): { zone_id: string } | { account_id: string } {
  return scope.kind === "zone" ? { zone_id: scope.id } : { account_id: scope.id };
}

/** "zone 023e…c353" style label: the whole ID, as operators paste it into the dashboard's search. */
export function scopeLabel(scope: Scope): string {
  return `${scope.kind} ${scope.id}`;
}
