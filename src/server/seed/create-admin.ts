import { randomInt } from 'node:crypto';
import type { Sql } from '../db/client';
import { hashPassword } from '../auth/password';

/** No 0/O, 1/l/I: read off a terminal and typed once. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** 20 characters of 56: about 116 bits. */
export function oneTimePassword(length = 20): string {
	return Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

export type CreateAdminResult =
	| { status: 'created'; account: string; password: string }
	| { status: 'refused'; reason: 'admin_exists' | 'account_taken' };

/**
 * The first administrator of a real database (`npm run create-admin`): a staff account with a
 * random password that is returned once and stored only as its hash. Refused when an
 * administrator exists already (more are made by administrators) or the account name is taken.
 */
export async function createFirstAdmin(
	sql: Sql,
	{ account = 'admin', name = '系统管理员' }: { account?: string; name?: string } = {}
): Promise<CreateAdminResult> {
	const password = oneTimePassword();
	const passwordHash = await hashPassword(password);
	return sql.begin(async (tx) => {
		await tx`lock table users in exclusive mode`;
		const [admin] = await tx`select 1 from user_roles where role = 'admin' limit 1`;
		if (admin) return { status: 'refused', reason: 'admin_exists' } as const;
		const [taken] = await tx`select 1 from users where account = ${account}`;
		if (taken) return { status: 'refused', reason: 'account_taken' } as const;
		const [user] = await tx<{ id: string }[]>`
			insert into users (kind, name, account, password_hash)
			values ('staff', ${name}, ${account}, ${passwordHash}) returning id`;
		await tx`insert into user_roles (user_id, role) values (${user!.id}, 'admin')`;
		return { status: 'created', account, password } as const;
	});
}
