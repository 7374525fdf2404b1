export const ROLES = ['applicant', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A reviewer works one queue: a work unit, a 主管部门, an HR bureau / 申报点, or a 评委会. */
export const SCOPE_TYPES = ['unit', 'department', 'hr', 'committee'] as const;
export type ScopeType = (typeof SCOPE_TYPES)[number];

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
