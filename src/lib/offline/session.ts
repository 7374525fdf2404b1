import type { OfflineContext } from './context';
import { deleteLocalDb, localDb } from './db';
import { syncEngineFor } from './engines';
import { unsyncedCount } from './save-state';

/**
 * The signed-in applicant's device data and sync engine. The root layout loads this module
 * lazily, so pages for visitors (login, registration) never download Dexie or the sync code.
 */
export function openOffline(userId: string): OfflineContext {
	const db = localDb(userId);
	return { userId, db, engine: syncEngineFor(db, userId) };
}

export { deleteLocalDb, unsyncedCount };
