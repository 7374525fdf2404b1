import type { Sql } from '../db/client';
import { purgeExpiredSessions } from './session';
import { purgeCodes } from './sms-codes';
import { purgeThrottles } from './throttle';

/**
 * Deletes ended sessions, old SMS codes and spent limits: hourly, as the job queue's
 * `auth-purge` job (src/server/jobs), once across all processes; a failure is retried there.
 */
export async function purgeAuthRows(sql: Sql, now = new Date()) {
	return {
		sessions: await purgeExpiredSessions(sql, now),
		codes: await purgeCodes(sql, now),
		throttles: await purgeThrottles(sql, now)
	};
}
