import { REVIEW_LEVELS, type ReviewLevel } from './case-status';

export const ROLES = ['applicant', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * A reviewer works one queue per scope: a work unit, a 主管部门, an HR bureau / 申报点, a 评委会 or
 * a 报送受理部门 — one scope type per review level.
 */
export const SCOPE_TYPES = REVIEW_LEVELS;
export type ScopeType = ReviewLevel;

export interface RoleGrant {
	role: Role;
	scopeType: ScopeType | null;
	scopeId: string | null;
}

export function hasRole(roles: readonly RoleGrant[], role: Role): boolean {
	return roles.some((r) => r.role === role);
}

export function reviewerScopes(roles: readonly RoleGrant[]): { type: ScopeType; id: string }[] {
	return roles.flatMap((r) =>
		r.role === 'reviewer' && r.scopeType && r.scopeId ? [{ type: r.scopeType, id: r.scopeId }] : []
	);
}
