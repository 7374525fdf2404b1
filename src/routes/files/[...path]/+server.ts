import type { RequestHandler } from './$types';
import { db } from '$server/db/client';
import { downloadResponse } from '$server/files/download';
import { handleFiles, tus } from '$server/files/tus';

/** The tus endpoint (creation, resumable PATCHes, offsets, termination): `src/server/files/tus.ts`. */
const handle: RequestHandler = ({ request, locals }) => handleFiles(request, locals.user);

export const HEAD = handle;
export const POST = handle;
export const PATCH = handle;
export const DELETE = handle;
export const OPTIONS = handle;

/** Never tus's public GET: a download goes through the same authorization as /files/download. */
export const GET: RequestHandler = ({ params, locals }) => {
	const id = params.path.split('/').filter(Boolean).at(-1);
	if (!id || params.path.includes('/')) return new Response('Not Found', { status: 404 });
	return downloadResponse(db(), tus().datastore, locals.user, id);
};
