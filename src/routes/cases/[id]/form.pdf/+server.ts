import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { hasRole, reviewerScopes } from '$lib/domain/roles';
import { db } from '$server/db/client';
import { pdfResponse } from '$server/pdf/response';
import { declarationFormFor } from '$server/services/declaration-form';

/**
 * 预览 (inline) or 下载 (?download=1) of a 申报表: the applicant's own, or a case in a reviewer's
 * scope (audited). Anyone else gets 404, as for a case that does not exist.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = locals.user;
	if (!user) error(403, 'Forbidden');
	const scopes = reviewerScopes(user.roles);
	const reader = hasRole(user.roles, 'applicant')
		? { applicantId: user.id }
		: scopes.length > 0
			? { reviewerId: user.id, scopes }
			: null;
	if (!reader) error(403, 'Forbidden');
	const form = await declarationFormFor(db(), reader, params.id);
	if (!form) error(404, 'Not Found');
	return pdfResponse(form.pdf, form.filename, url.searchParams.get('download') === '1');
};
