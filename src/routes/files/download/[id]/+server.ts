import type { RequestHandler } from './$types';
import { db } from '$server/db/client';
import { downloadResponse } from '$server/files/download';
import { tus } from '$server/files/tus';

/** A verified attachment's bytes, for whom `canDownload` allows (`src/server/files/access.ts`). */
export const GET: RequestHandler = ({ params, locals }) =>
	downloadResponse(db(), tus().datastore, locals.user, params.id);
