import { json } from '@sveltejs/kit';
import { db } from '$server/db/client';
import { databaseReadiness } from '$server/db/ready';
import { retryAfterSeconds } from '$server/http/unavailable';

/** Readiness probe: 200 when the database answers, else 503 (the process itself is up: /api/health). */
export const GET = async () => {
	const state = await databaseReadiness(db());
	const headers = new Headers({ 'cache-control': 'no-store' });
	if (state.ready) return json({ ok: true, database: 'up', ms: state.ms }, { headers });
	headers.set('retry-after', retryAfterSeconds());
	return json({ ok: false, database: 'down', reason: state.reason }, { status: 503, headers });
};
