import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireApplicantPage } from '$server/auth/guards';
import { db } from '$server/db/client';
import { pdfResponse } from '$server/pdf/response';
import { isTemplateName, templateFor } from '$server/services/declaration-form';

/** 模板下载 of 单位同意申报证明 (unit-consent) and 个人承诺书 (personal-pledge), filled in. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireApplicantPage({ locals });
	if (!isTemplateName(params.name)) error(404, 'Not Found');
	const template = await templateFor(db(), user.id, params.name);
	if (!template) error(404, 'Not Found');
	return pdfResponse(template.pdf, template.filename, url.searchParams.get('download') !== '0');
};
