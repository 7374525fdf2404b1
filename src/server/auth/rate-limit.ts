import type { Sql } from '../db/client';

/** The 11th failed login within a minute is refused, per account and per client address. */
export const MAX_FAILURES = 10;
export const WINDOW_SECONDS = 60;

export function loginLimitKeys(account: string, address: string): string[] {
	return [`account:${account}`, `ip:${address}`];
}

export async function isLoginBlocked(sql: Sql, keys: string[], now = new Date()): Promise<boolean> {
	const [row] = await sql<{ blocked: boolean }[]>`
		select exists (
			select 1 from login_attempts
			where key in ${sql(keys)}
				and window_start > ${now}::timestamptz - make_interval(secs => ${WINDOW_SECONDS})
				and failures >= ${MAX_FAILURES}
		) as blocked`;
	return row?.blocked ?? false;
}

export async function recordLoginFailure(
	sql: Sql,
	keys: string[],
	now = new Date()
): Promise<void> {
	for (const key of keys) {
		await sql`
			insert into login_attempts (key, window_start, failures) values (${key}, ${now}, 1)
			on conflict (key) do update set
				failures = case when login_attempts.window_start <= ${now}::timestamptz - make_interval(secs => ${WINDOW_SECONDS})
					then 1 else login_attempts.failures + 1 end,
				window_start = case when login_attempts.window_start <= ${now}::timestamptz - make_interval(secs => ${WINDOW_SECONDS})
					then ${now} else login_attempts.window_start end`;
	}
}

export async function clearLoginFailures(sql: Sql, key: string): Promise<void> {
	await sql`delete from login_attempts where key = ${key}`;
}
