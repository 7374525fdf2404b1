import type { Sql } from '../db/client';
import type { RegisterData } from '$lib/domain/account';
import { identityRegistry, IdentityRegistryUnavailable } from '../identity/registry';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password';
import { loginSucceeded, reserveAccountChange, reserveLogin } from './rate-limit';
import { invalidateUserSessions } from './session';
import { checkCode, consumeCode, spendCodeTry } from './sms-codes';

export type LoginResult =
	| { ok: true; userId: string; kind: 'applicant' | 'staff' }
	| { ok: false; reason: 'failed' | 'throttled'; retryAfterSeconds?: number };

/**
 * Login by ID number, mobile or staff account name. The attempt is reserved (counted as a
 * failure) before the password is hashed and given back when it was right; failures never say
 * which part was wrong.
 */
export async function authenticate(
	sql: Sql,
	identifier: string,
	password: string,
	address: string
): Promise<LoginResult> {
	const [user] = await sql<{ id: string; kind: 'applicant' | 'staff'; passwordHash: string }[]>`
		select id, kind, password_hash from users
		where (id_number = ${identifier} or mobile = ${identifier} or account = ${identifier})
			and disabled_at is null
		limit 1`;
	// Keyed by the account itself, so switching between its ID number and mobile gains nothing.
	const account = user?.id ?? identifier;
	const reservation = await reserveLogin(sql, account, address);
	if (!reservation.ok) {
		return { ok: false, reason: 'throttled', retryAfterSeconds: reservation.retryAfterSeconds };
	}
	const valid = user
		? await verifyPassword(user.passwordHash, password)
		: await verifyAgainstDummy(password);
	if (!user || !valid) return { ok: false, reason: 'failed' };
	await loginSucceeded(sql, account, address);
	return { ok: true, userId: user.id, kind: user.kind };
}

export type AccountRefusal =
	| 'throttled'
	| 'code_wrong'
	| 'code_expired'
	| 'identity_mismatch'
	| 'identity_unavailable'
	| 'taken'
	| 'no_account';

export type RegisterResult = { ok: true; userId: string } | { ok: false; reason: AccountRefusal };

/**
 * Creates an applicant account once the SMS code proves the mobile and the identity registry
 * confirms the name and ID number. "Taken" is answered only after the code was checked, so it
 * tells nothing to someone who does not hold the mobile; the password is hashed last.
 */
export async function registerApplicant(
	sql: Sql,
	input: RegisterData,
	address: string
): Promise<RegisterResult> {
	if (!(await reserveAccountChange(sql, address)).ok) return { ok: false, reason: 'throttled' };
	const code = await checkCode(sql, input.mobile, 'register', input.code);
	if (!code.ok) return { ok: false, reason: `code_${code.reason}` };
	try {
		const answer = await identityRegistry(sql).check(input.name, input.idNumber);
		if (answer !== 'match') {
			// Each name tried spends one of the code's tries: no free oracle of names for ID numbers.
			await spendCodeTry(sql, code.codeId);
			return { ok: false, reason: 'identity_mismatch' };
		}
	} catch (error) {
		if (!(error instanceof IdentityRegistryUnavailable)) throw error;
		console.error('identity registry:', error.message, error.cause ?? '');
		return { ok: false, reason: 'identity_unavailable' };
	}
	const [existing] = await sql`select 1 from users
		where id_number = ${input.idNumber} or mobile = ${input.mobile} limit 1`;
	if (existing) return { ok: false, reason: 'taken' };
	const passwordHash = await hashPassword(input.password);
	return sql.begin(async (tx) => {
		if (!(await consumeCode(tx, code.codeId)))
			return { ok: false, reason: 'code_expired' } as const;
		const [user] = await tx<{ id: string }[]>`
			insert into users (kind, name, id_number, mobile, password_hash, identity_verified_at)
			values ('applicant', ${input.name}, ${input.idNumber}, ${input.mobile}, ${passwordHash}, now())
			on conflict do nothing
			returning id`;
		if (!user) return { ok: false, reason: 'taken' } as const;
		await tx`insert into user_roles (user_id, role) values (${user.id}, 'applicant')`;
		await tx`insert into audit_log (actor_id, action, subject) values (${user.id}, 'register', ${user.id})`;
		return { ok: true, userId: user.id } as const;
	});
}

export type ResetResult = { ok: true; userId: string } | { ok: false; reason: AccountRefusal };

/** 忘记密码: the SMS code proves the mobile; the new password ends every session of the account. */
export async function resetPassword(
	sql: Sql,
	input: { mobile: string; code: string; password: string },
	address: string
): Promise<ResetResult> {
	if (!(await reserveAccountChange(sql, address)).ok) return { ok: false, reason: 'throttled' };
	const code = await checkCode(sql, input.mobile, 'reset', input.code);
	if (!code.ok) return { ok: false, reason: `code_${code.reason}` };
	const [user] = await sql<{ id: string }[]>`
		select id from users where mobile = ${input.mobile} and kind = 'applicant'`;
	if (!user) return { ok: false, reason: 'no_account' };
	const passwordHash = await hashPassword(input.password);
	return sql.begin(async (tx) => {
		if (!(await consumeCode(tx, code.codeId)))
			return { ok: false, reason: 'code_expired' } as const;
		await tx`update users set password_hash = ${passwordHash} where id = ${user.id}`;
		await invalidateUserSessions(tx, user.id);
		await tx`insert into audit_log (actor_id, action, subject) values (${user.id}, 'password_reset', ${user.id})`;
		return { ok: true, userId: user.id } as const;
	});
}

/** A new password while signed in: the current session stays, every other one ends. */
export async function changePassword(
	sql: Sql,
	userId: string,
	sessionId: string,
	current: string,
	next: string,
	address: string
): Promise<'changed' | 'failed' | 'throttled'> {
	if (!(await reserveLogin(sql, userId, address)).ok) return 'throttled';
	const [user] = await sql<{ passwordHash: string }[]>`
		select password_hash from users where id = ${userId}`;
	if (!user || !(await verifyPassword(user.passwordHash, current))) return 'failed';
	await loginSucceeded(sql, userId, address);
	const passwordHash = await hashPassword(next);
	await sql.begin(async (tx) => {
		await tx`update users set password_hash = ${passwordHash} where id = ${userId}`;
		await invalidateUserSessions(tx, userId, sessionId);
		await tx`insert into audit_log (actor_id, action, subject) values (${userId}, 'password_change', ${userId})`;
	});
	return 'changed';
}
