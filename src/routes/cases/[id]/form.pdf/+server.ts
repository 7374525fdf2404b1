import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireApplicantPage } from '$server/auth/guards';
import { db } from '$server/db/client';
import { pdfResponse } from '$server/pdf/response';
import { declarationFormFor } from '$server/services/declaration-form';

/** 预览 (inline) or 下载 (?download=1) of the signed-in applicant's own 申报表. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireApplicantPage({ locals });
	const form = await declarationFormFor(db(), user.id, params.id);
	if (!form) error(404, 'Not Found');
	return pdfResponse(form.pdf, form.filename, url.searchParams.get('download') === '1');
};
