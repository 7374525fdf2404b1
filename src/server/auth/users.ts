import type { Sql } from '../db/client';
import type { Role, ScopeType } from '$lib/domain/roles';

export interface SessionRole {
	role: Role;
	scopeType: ScopeType | null;
	scopeId: string | null;
}

/** What a request knows about its signed-in person (no secrets, no full ID number). */
export interface SessionUser {
	id: string;
	kind: 'applicant' | 'staff';
	name: string;
	account: string | null;
	roles: SessionRole[];
}

export async function loadSessionUser(sql: Sql, userId: string): Promise<SessionUser | null> {
	const [user] = await sql<Omit<SessionUser, 'roles'>[]>`
		select id, kind, name, account from users where id = ${userId} and disabled_at is null`;
	if (!user) return null;
	const roles = await sql<SessionRole[]>`
		select role, scope_type, scope_id from user_roles where user_id = ${userId} order by id`;
	return { ...user, roles: [...roles] };
}
