import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$server/db/client';
import { pdfResponse } from '$server/pdf/response';
import { readUploadBytes } from '$server/services/certificates/photo';
import { certificatePdfFor, readerOf } from '$server/services/certificates/pdf';

/**
 * 预览 (inline) or 下载 (?download=1) of an e-certificate: its holder's, or one a reviewer's scope
 * produced (audited). Anyone else gets 404, as for a certificate that does not exist.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const reader = locals.user ? readerOf(locals.user) : null;
	if (!reader) error(403, 'Forbidden');
	const found = await certificatePdfFor(db(), reader, params.id, {
		origin: url.origin,
		readUpload: readUploadBytes
	});
	if (!found) error(404, 'Not Found');
	return pdfResponse(found.pdf, found.filename, url.searchParams.get('download') === '1');
};
