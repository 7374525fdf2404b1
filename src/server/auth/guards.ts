import { error, type RequestEvent } from '@sveltejs/kit';
import { hasRole, reviewerScopes } from '$lib/domain/roles';
import type { SessionUser } from './users';

/**
 * Page-load authorization: each load calls one of these itself, so no page relies on a layout
 * or a URL prefix. Anyone without the role gets 403, signed in or not.
 */
function deny(): never {
	error(403, 'Forbidden');
}

export function requireApplicantPage(event: Pick<RequestEvent, 'locals'>): SessionUser {
	const user = event.locals.user;
	if (!user || !hasRole(user.roles, 'applicant')) deny();
	return user;
}

export function requireReviewerPage(event: Pick<RequestEvent, 'locals'>): SessionUser {
	const user = event.locals.user;
	if (!user || reviewerScopes(user.roles).length === 0) deny();
	return user;
}

export function requireAdminPage(event: Pick<RequestEvent, 'locals'>): SessionUser {
	const user = event.locals.user;
	if (!user || !hasRole(user.roles, 'admin')) deny();
	return user;
}
