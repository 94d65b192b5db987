/**
 * Every status a scope version can be in — the one list behind the db columns, the zod schemas and the predicates.
 * A scope's own status is that of its current version (`draft` before discovery produced one).
 */
export const SCOPE_STATUSES = ['draft', 'proposed', 'approved', 'signed_off', 'superseded'] as const;
export type ScopeStatus = (typeof SCOPE_STATUSES)[number];

/** Approval freezes a proposed version; an approved or signed-off one is already frozen. */
export const canApprove = (s: ScopeStatus) => s === 'proposed';
/** The customer signs what was approved, and only that. */
export const canSignOff = (s: ScopeStatus) => s === 'approved';
/** The runner (next issue) takes only a version the customer has signed. */
export const isRunnable = (s: ScopeStatus) => s === 'signed_off';
