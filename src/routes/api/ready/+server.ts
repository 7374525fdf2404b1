import { json } from '@sveltejs/kit';
import { config } from '$server/config';
import { db } from '$server/db/client';
import { databaseReadiness, migrationsReadiness } from '$server/db/ready';
import { storageReadiness } from '$server/files/ready';
import { tus } from '$server/files/tus';
import { retryAfterSeconds } from '$server/http/unavailable';
import { isDraining } from '$server/shutdown';

/**
 * Readiness probe: 200 when the database answers, every migration this process ships is applied
 * and the upload store takes a write; 503 otherwise, and from SIGTERM on (the process finishes
 * what it has and takes nothing new). Liveness is /api/health.
 */
export const GET = async () => {
	const headers = new Headers({ 'cache-control': 'no-store' });
	const [database, migrations, storage] = await Promise.all([
		databaseReadiness(db()),
		migrationsReadiness(db(), config.migrationsDir),
		storageReadiness(tus().datastore)
	]);
	const draining = isDraining();
	const body = {
		ok: database.ready && migrations.current && storage.writable && !draining,
		database: database.ready ? 'up' : 'down',
		...(database.ready ? { ms: database.ms } : { reason: database.reason }),
		migrations: migrations.current ? 'current' : 'missing' in migrations ? 'behind' : 'unknown',
		storage: storage.writable ? 'writable' : 'unwritable',
		...(storage.writable ? {} : { storageReason: storage.reason }),
		...(draining ? { shutdown: true } : {})
	};
	if (body.ok) return json(body, { headers });
	headers.set('retry-after', retryAfterSeconds());
	return json(body, { status: 503, headers });
};
