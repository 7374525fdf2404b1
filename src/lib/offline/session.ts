import type { OfflineContext } from './context';
import { deleteLocalDb, localDb } from './db';
import { syncEngineFor } from './engines';
import { unsyncedCount } from './save-state';

/**
 * The signed-in applicant's device data and sync engine. The root layout loads this module
 * lazily, and only on pages that show case data or when the device holds work to push
 * (device-hint.ts), so other pages never download Dexie or the sync code.
 */
export function openOffline(userId: string): OfflineContext {
	const db = localDb(userId);
	return { userId, db, engine: syncEngineFor(db, userId) };
}

/** Yields to the page's event loop, so a tap or a frame gets its turn before the next step. */
export function nextTask(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Edits, files and mutations of this person that deleting the device data now would lose. */
export function unsyncedOf(userId: string): Promise<number> {
	return unsyncedCount(localDb(userId));
}

export { deleteLocalDb, unsyncedCount };
