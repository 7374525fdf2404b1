import { Readable } from 'node:stream';
import type { DataStore } from '@tus/utils';
import { safeFilename } from '$lib/domain/files/safe-name';
import type { Sql } from '../db/client';
import type { SessionUser } from '../auth/users';
import { canDownload } from './access';
import { readStored } from './tus';
import { findUpload, findUploadByStorageKey, isUuid } from './uploads';
import { isAllowedType } from './verify';

function plain(status: number, text: string): Response {
	return new Response(text, {
		status,
		headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
	});
}

/**
 * RFC 6266 with RFC 5987's `filename*`: an ASCII fallback (no quote, backslash or percent, which
 * some browsers decode) plus the UTF-8 name, both of the safe name (rows from before it was
 * made safe on upload included).
 */
export function contentDisposition(name: string): string {
	const filename = safeFilename(name);
	const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
	const encoded = encodeURIComponent(filename).replace(
		/['()*]/g,
		(c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()
	);
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * A verified upload's bytes for someone `canDownload` allows: always as an attachment, with the
 * verified type, never sniffed or rendered in the site's origin. `idOrKey` is the attachment id
 * or the tus upload id (a GET on the tus URL). `Upload-Sha256` names the bytes the device sent
 * (an image's served copy is those bytes without their metadata).
 */
export async function downloadResponse(
	sql: Sql,
	store: DataStore,
	user: SessionUser | null,
	idOrKey: string
): Promise<Response> {
	if (!user) return plain(401, 'Unauthorized');
	const upload = isUuid(idOrKey)
		? await findUpload(sql, idOrKey)
		: await findUploadByStorageKey(sql, idOrKey);
	if (!upload || upload.status !== 'verified') return plain(404, 'Not Found');
	if (!(await canDownload(sql, user, upload))) return plain(404, 'Not Found');
	const mime = isAllowedType(upload.mime) ? upload.mime : 'application/octet-stream';
	// The stored length: an image is stored without its metadata, shorter than it was received.
	const size = await store
		.getUpload(upload.storageKey)
		.then((stored) => stored.size)
		.catch(() => undefined);
	const stream = await readStored(store, upload.storageKey);
	return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
		status: 200,
		headers: {
			'content-type': mime,
			'content-length': String(size ?? upload.size),
			'content-disposition': contentDisposition(upload.name),
			'x-content-type-options': 'nosniff',
			'content-security-policy': 'sandbox',
			'cache-control': 'private, no-store',
			'upload-sha256': upload.sha256
		}
	});
}
