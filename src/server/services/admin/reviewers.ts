import { randomInt } from 'node:crypto';
import type { Sql, TransactionSql } from '../../db/client';
import type { ScopeInput } from '$lib/domain/admin/schemas';
import type { ScopeType } from '$lib/domain/roles';
import { hashPassword } from '../../auth/password';
import { invalidateUserSessions } from '../../auth/session';
import { audit } from '../review/audit';
import { SCOPE_TABLES } from '../scopes';
import { refuse } from './refusal';
import type { Actor } from './reference-data';

export interface StaffRow {
	id: string;
	account: string;
	name: string;
	disabled: boolean;
	admin: boolean;
	scopes: { type: ScopeType; id: string; name: string }[];
}

/** Staff accounts (reviewers and administrators) with their scopes, by account name. */
export async function listStaff(sql: Sql, search?: string): Promise<StaffRow[]> {
	const q = search ? `%${search.replace(/[\\%_]/g, '\\$&')}%` : null;
	return sql<StaffRow[]>`
		select u.id, u.account, u.name, (u.disabled_at is not null) as disabled,
			exists (select 1 from user_roles a where a.user_id = u.id and a.role = 'admin') as admin,
			coalesce((
				select json_agg(json_build_object('type', r.scope_type, 'id', r.scope_id,
					'name', coalesce(wu.name, d.name, dp.name, c.name, ad.name, r.scope_id)) order by r.id)
				from user_roles r
				left join work_units wu on r.scope_type = 'unit' and wu.id = r.scope_id
				left join departments d on r.scope_type = 'department' and d.id = r.scope_id
				left join declaration_points dp on r.scope_type = 'hr' and dp.id = r.scope_id
				left join committees c on r.scope_type = 'committee' and c.id = r.scope_id
				left join accepting_departments ad on r.scope_type = 'accepting' and ad.id = r.scope_id
				where r.user_id = u.id and r.role = 'reviewer'), '[]') as scopes
		from users u
		where u.kind = 'staff'
			and (${q}::text is null or u.account like ${q} or u.name like ${q})
		order by u.account
		limit 500`;
}

/** Each scope must name a row of its table; the first that does not is refused. */
async function requireScopes(tx: TransactionSql, scopes: ScopeInput[], actor: Actor) {
	for (const scope of scopes) {
		const [row] = await tx`
			select 1 from ${tx(SCOPE_TABLES[scope.type])} where id = ${scope.id}`;
		if (!row) refuse('BAD_REQUEST', 'admin_scope_missing', actor.locale, { id: scope.id });
	}
}

// No 0/O, 1/I/l: read off a screen and typed on a phone.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';

/** A one-time password: shown once to the administrator, only its argon2id hash stored. */
export function oneTimeCode(): string {
	let code = '';
	for (let i = 0; i < 12; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
	return code;
}

async function writeScopes(tx: TransactionSql, userId: string, scopes: ScopeInput[]) {
	await tx`delete from user_roles where user_id = ${userId} and role = 'reviewer'`;
	for (const s of scopes) {
		await tx`insert into user_roles (user_id, role, scope_type, scope_id)
			values (${userId}, 'reviewer', ${s.type}, ${s.id}) on conflict do nothing`;
	}
}

export async function createReviewer(
	sql: Sql,
	actor: Actor,
	input: { account: string; name: string; scopes: ScopeInput[] }
): Promise<{ userId: string; code: string }> {
	const code = oneTimeCode();
	const passwordHash = await hashPassword(code);
	return sql.begin(async (tx) => {
		await requireScopes(tx, input.scopes, actor);
		const [taken] = await tx`select 1 from users where account = ${input.account}`;
		if (taken) refuse('CONFLICT', 'admin_account_taken', actor.locale);
		const [user] = await tx<{ id: string }[]>`
			insert into users (kind, name, account, password_hash)
			values ('staff', ${input.name}, ${input.account}, ${passwordHash}) returning id`;
		await writeScopes(tx, user!.id, input.scopes);
		await audit(tx, {
			actorId: actor.userId,
			action: 'admin.reviewer_create',
			subject: `user:${user!.id}`,
			detail: { account: input.account, scopes: input.scopes }
		});
		return { userId: user!.id, code };
	});
}

async function staffUser(tx: TransactionSql, userId: string, actor: Actor) {
	const [user] = await tx<{ id: string; account: string }[]>`
		select id, account from users where id = ${userId} and kind = 'staff' for update`;
	if (!user) refuse('NOT_FOUND', 'admin_not_found', actor.locale);
	return user;
}

/**
 * Replaces a staff account's reviewer scopes. An administrator giving themselves a scope is
 * allowed but never silent: it is logged as its own action and the answer says so.
 */
export async function setScopes(
	sql: Sql,
	actor: Actor,
	input: { userId: string; scopes: ScopeInput[] }
): Promise<{ selfGrant: boolean }> {
	return sql.begin(async (tx) => {
		const user = await staffUser(tx, input.userId, actor);
		await requireScopes(tx, input.scopes, actor);
		const before = await tx<{ type: string; id: string }[]>`
			select scope_type as type, scope_id as id from user_roles
			where user_id = ${user.id} and role = 'reviewer' order by id`;
		await writeScopes(tx, user.id, input.scopes);
		const selfGrant = user.id === actor.userId && input.scopes.length > 0;
		await audit(tx, {
			actorId: actor.userId,
			action: selfGrant ? 'admin.self_scope' : 'admin.scopes',
			subject: `user:${user.id}`,
			detail: { account: user.account, before: [...before], after: input.scopes }
		});
		return { selfGrant };
	});
}

/** Disables (signs out everywhere, refuses 登录) or enables a staff account. */
export async function setDisabled(sql: Sql, actor: Actor, userId: string, disabled: boolean) {
	if (disabled && userId === actor.userId)
		refuse('BAD_REQUEST', 'admin_disable_self', actor.locale);
	await sql.begin(async (tx) => {
		const user = await staffUser(tx, userId, actor);
		await tx`update users set disabled_at = ${disabled ? tx`now()` : null} where id = ${user.id}`;
		if (disabled) await invalidateUserSessions(tx, user.id);
		await audit(tx, {
			actorId: actor.userId,
			action: disabled ? 'admin.reviewer_disable' : 'admin.reviewer_enable',
			subject: `user:${user.id}`,
			detail: { account: user.account }
		});
	});
}

/** A new one-time password for a staff account; its old sessions end. */
export async function resetStaffPassword(
	sql: Sql,
	actor: Actor,
	userId: string
): Promise<{ code: string }> {
	const code = oneTimeCode();
	const passwordHash = await hashPassword(code);
	await sql.begin(async (tx) => {
		const user = await staffUser(tx, userId, actor);
		await tx`update users set password_hash = ${passwordHash} where id = ${user.id}`;
		await invalidateUserSessions(tx, user.id);
		await audit(tx, {
			actorId: actor.userId,
			action: 'admin.password_reset',
			subject: `user:${user.id}`,
			detail: { account: user.account }
		});
	});
	return { code };
}
