import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { hasRole, reviewerScopes } from '$lib/domain/roles';
import { loginPathFor } from '$lib/domain/return-path';
import type { SessionUser } from './users';

/**
 * Page-load authorization: each load calls one of these itself, so no page relies on a layout
 * or a URL prefix. Nobody signed in is sent to 登录 and brought back to the page afterwards (for
 * a page: an endpoint, called without `url`, answers 403); signed in without the role, 403.
 */
type GuardEvent = Pick<RequestEvent, 'locals'> & Partial<Pick<RequestEvent, 'url'>>;

function deny(event: GuardEvent): never {
	if (!event.locals.user && event.url)
		redirect(303, loginPathFor(event.url.pathname + event.url.search));
	error(403, 'Forbidden');
}

export function requireApplicantPage(event: GuardEvent): SessionUser {
	const user = event.locals.user;
	if (!user || !hasRole(user.roles, 'applicant')) deny(event);
	return user;
}

export function requireReviewerPage(event: GuardEvent): SessionUser {
	const user = event.locals.user;
	if (!user || reviewerScopes(user.roles).length === 0) deny(event);
	return user;
}

export function requireAdminPage(event: GuardEvent): SessionUser {
	const user = event.locals.user;
	if (!user || !hasRole(user.roles, 'admin')) deny(event);
	return user;
}
