import { building } from '$app/environment';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server.js';
import { errorMessage } from '$lib/i18n/errors';
import { localeOf } from '$lib/i18n/locale';
import { db } from '$server/db/client';
import { outage, outageError } from '$server/http/unavailable';
import { isSameOriginRequest } from '$server/auth/origin';
import {
	deleteSessionCookie,
	sessionTokenOf,
	setSessionCookie,
	validateSessionToken
} from '$server/auth/session';
import { applySecurityHeaders } from '$server/http/security-headers';
import { logInternalError } from '$server/http/internal-error';
import { startServer } from '$server/start';
import { isPageNavigation } from '$server/http/navigation';
import { logRequests } from '$server/log-request';

export const init: ServerInit = async () => {
	if (building) return;
	await startServer();
};

const originGuard: Handle = ({ event, resolve }) => {
	if (isSameOriginRequest(event.request, event.url)) return resolve(event);
	const locale = localeOf(event.cookies.get('PARAGLIDE_LOCALE'));
	return new Response(errorMessage('origin_refused', locale), {
		status: 403,
		headers: { 'content-type': 'text/plain; charset=utf-8' }
	});
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	applySecurityHeaders(response, event.url);
	return response;
};

const authenticate: Handle = async ({ event, resolve }) => {
	const token = sessionTokenOf(event.cookies, event.url);
	const validated = token ? await validateSessionToken(db(), token) : null;
	if (validated) {
		setSessionCookie(event.cookies, event.url, token!, validated.session);
	} else if (token && isPageNavigation(event.request)) {
		// Only a page load clears a dead cookie. An API answer to a request sent before a new
		// 登录 (the sync engine's pull, say) can arrive after it, and would clear the new cookie.
		deleteSessionCookie(event.cookies, event.url);
	}
	event.locals.user = validated?.user ?? null;
	event.locals.session = validated?.session ?? null;
	return resolve(event);
};

// paraglide clones each request body; API and upload routes need no page locale, so skip them.
const BYPASS_I18N = /^\/(api|files)(\/|$)/;

const i18n: Handle = ({ event, resolve }) => {
	if (BYPASS_I18N.test(event.url.pathname)) return resolve(event);
	return paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
	});
};

export const handle = sequence(
	logRequests,
	securityHeaders,
	outage,
	originGuard,
	authenticate,
	i18n
);

export const handleError: HandleServerError = ({ error, event, status }) => {
	const unavailable = outageError(error, event);
	if (unavailable) return unavailable;
	if (status === 404) return { message: 'Not Found' };
	// The detail goes to the log only; the person gets an id to quote.
	const requestId = logInternalError(`${event.request.method} ${event.url.pathname}`, error);
	return { message: 'Internal Error', requestId };
};
