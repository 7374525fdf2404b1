import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { exportInput } from '$lib/domain/admin/schemas';
import { hasRole } from '$lib/domain/roles';
import { localeOf } from '$lib/i18n/locale';
import { TRPCError } from '@trpc/server';
import { db } from '$server/db/client';
import { startExport } from '$server/services/admin/exports';

/**
 * The committee office's export (a form POST from 导出, so the browser downloads the answer as it
 * streams): the administrator only; the origin check of every POST is in the hooks.
 */
export const POST: RequestHandler = async ({ locals, request, cookies }) => {
	const user = locals.user;
	if (!user || !hasRole(user.roles, 'admin')) error(403, 'Forbidden');
	const form = await request.formData();
	const parsed = exportInput.safeParse({
		source: form.get('source'),
		key: form.get('key'),
		format: form.get('format'),
		fullIdNumbers: form.get('full') === '1'
	});
	if (!parsed.success) error(400, 'Bad Request');
	const actor = { userId: user.id, locale: localeOf(cookies.get('PARAGLIDE_LOCALE')) };
	const file = await startExport(db(), actor, parsed.data).catch((e: unknown) => {
		if (e instanceof TRPCError && e.code === 'NOT_FOUND') error(404, e.message);
		throw e;
	});
	return new Response(file.body, {
		headers: {
			'content-type': file.contentType,
			'content-disposition': `attachment; filename="${file.filename}"`,
			'cache-control': 'no-store'
		}
	});
};
