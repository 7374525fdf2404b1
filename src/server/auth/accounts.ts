import type { Sql } from '../db/client';
import type { RegisterData } from '$lib/domain/account';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password';
import {
	clearLoginFailures,
	isLoginBlocked,
	loginLimitKeys,
	recordLoginFailure
} from './rate-limit';

export type LoginResult =
	| { ok: true; userId: string; kind: 'applicant' | 'staff' }
	| { ok: false; reason: 'failed' | 'throttled' };

/** Login by ID number, mobile or staff account name. Failures never say which part was wrong. */
export async function authenticate(
	sql: Sql,
	identifier: string,
	password: string,
	address: string
): Promise<LoginResult> {
	const [user] = await sql<{ id: string; kind: 'applicant' | 'staff'; passwordHash: string }[]>`
		select id, kind, password_hash from users
		where id_number = ${identifier} or mobile = ${identifier} or account = ${identifier}
		limit 1`;
	// Keyed by the account itself, so switching between its ID number and mobile gains nothing.
	const keys = loginLimitKeys(user?.id ?? identifier, address);
	if (await isLoginBlocked(sql, keys)) return { ok: false, reason: 'throttled' };
	const valid = user
		? await verifyPassword(user.passwordHash, password)
		: await verifyAgainstDummy(password);
	if (!user || !valid) {
		await recordLoginFailure(sql, keys);
		return { ok: false, reason: 'failed' };
	}
	await clearLoginFailures(sql, keys[0]!);
	return { ok: true, userId: user.id, kind: user.kind };
}

export type RegisterResult = { ok: true; userId: string } | { ok: false; reason: 'taken' };

/** Creates an applicant account. A duplicate ID number or mobile gets one answer for both. */
export async function registerApplicant(sql: Sql, input: RegisterData): Promise<RegisterResult> {
	const passwordHash = await hashPassword(input.password);
	return sql.begin(async (tx) => {
		const [user] = await tx<{ id: string }[]>`
			insert into users (kind, name, id_number, mobile, password_hash)
			values ('applicant', ${input.name}, ${input.idNumber}, ${input.mobile}, ${passwordHash})
			on conflict do nothing
			returning id`;
		if (!user) return { ok: false, reason: 'taken' } as const;
		await tx`insert into user_roles (user_id, role) values (${user.id}, 'applicant')`;
		await tx`insert into audit_log (actor_id, action, subject) values (${user.id}, 'register', ${user.id})`;
		return { ok: true, userId: user.id } as const;
	});
}
