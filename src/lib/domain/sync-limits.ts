/**
 * The sync protocol's plain constants, apart from its zod schemas (./sync.ts), so the device's
 * sync engine on every signed-in page does not download zod for a number.
 */

export const CASE_KINDS = ['initial', 'review', 'historical', 'reissue'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const CASE_STATUSES = [
	'draft',
	'submitted',
	'returned',
	'cancelled',
	'approved',
	'rejected'
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const MAX_MUTATIONS_PER_PUSH = 50;
export const MAX_PULL_LIMIT = 500;
/** A module's data is a flat JSON object; this bounds one save (a long 工作总结 fits easily). */
export const MAX_MODULE_BYTES = 256 * 1024;
