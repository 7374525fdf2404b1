import type { Sql } from '../db/client';
import { purgeExpiredSessions } from './session';
import { purgeCodes } from './sms-codes';
import { purgeThrottles } from './throttle';

const EVERY_MS = 60 * 60 * 1000;

/** Deletes ended sessions, old SMS codes and spent limits; a failure waits for the next round. */
export async function purgeAuthRows(sql: Sql, now = new Date()) {
	return {
		sessions: await purgeExpiredSessions(sql, now),
		codes: await purgeCodes(sql, now),
		throttles: await purgeThrottles(sql, now)
	};
}

let timer: ReturnType<typeof setInterval> | null = null;

/** Once at start and then hourly, in every process (the deletes are idempotent). */
export function startAuthPurge(db: () => Sql): void {
	if (timer) return;
	const run = () =>
		purgeAuthRows(db()).catch((error: unknown) => {
			console.error('auth purge:', error instanceof Error ? error.message : error);
		});
	void run();
	timer = setInterval(() => void run(), EVERY_MS);
	timer.unref();
}
