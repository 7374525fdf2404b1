import type { RequestEvent } from '@sveltejs/kit';
import { db, type Sql } from '../db/client';
import { localeOf, type Locale } from '$lib/i18n/locale';
import type { Session } from '../auth/session';
import type { SessionUser } from '../auth/users';

export interface Context {
	sql: Sql;
	user: SessionUser | null;
	session: Session | null;
	locale: Locale;
	/** Absent in direct calls (tests, server loads that pass no event). */
	event: RequestEvent | null;
}

export function createContext(event: RequestEvent): Context {
	return {
		sql: db(),
		user: event.locals.user,
		session: event.locals.session,
		locale: localeOf(event.cookies.get('PARAGLIDE_LOCALE')),
		event
	};
}
