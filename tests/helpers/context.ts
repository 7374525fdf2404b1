import type { Sql } from '../../src/server/db/client';
import { createSession } from '../../src/server/auth/session';
import { loadSessionUser } from '../../src/server/auth/users';
import type { Context } from '../../src/server/trpc/context';
import { createCaller } from '../../src/server/trpc/routers/_app';
import type { Locale } from '../../src/lib/i18n/locale';

export function anonymousContext(sql: Sql, locale: Locale = 'zh-CN'): Context {
	return { sql, user: null, session: null, locale, event: null };
}

/** A context as the hooks would build it for a signed-in request of this user. */
export async function contextFor(
	sql: Sql,
	userId: string,
	locale: Locale = 'zh-CN'
): Promise<Context> {
	const user = await loadSessionUser(sql, userId);
	if (!user) throw new Error(`no user ${userId}`);
	const { session } = await createSession(sql, user);
	return { sql, user, session, locale, event: null };
}

export async function userIdBy(sql: Sql, login: string): Promise<string> {
	const [row] = await sql<{ id: string }[]>`
		select id from users where account = ${login} or mobile = ${login} or id_number = ${login}`;
	if (!row) throw new Error(`no user ${login}`);
	return row.id;
}

export async function callerFor(sql: Sql, login: string | null, locale: Locale = 'zh-CN') {
	const ctx = login
		? await contextFor(sql, await userIdBy(sql, login), locale)
		: anonymousContext(sql, locale);
	return createCaller(ctx);
}
