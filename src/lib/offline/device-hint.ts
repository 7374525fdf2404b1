/**
 * Whether this device may hold a person's work the server does not have yet, kept in
 * localStorage beside their device database, so a page that shows no case data (the home page)
 * can tell without downloading Dexie and opens the sync engine only when there is something to
 * push. Every local write that makes such work marks it (writes.ts, journal.ts, attachments.ts,
 * review-notes.ts), before and after the write commits; the sync engine marks the device synced
 * after a pass that left nothing unsynced, unless a write marked it meanwhile; a wipe forgets it.
 */

const PREFIX = 'zhicheng-unsynced:';
/** The mark after a pass that left nothing to push. */
const SYNCED = 'synced';

/** The name of a person's device database (db.ts). */
export function databaseNameFor(userId: string): string {
	return `zhicheng-${userId}`;
}

function storage(): Storage | null {
	try {
		return globalThis.localStorage ?? null;
	} catch {
		return null; // blocked: every reader then looks at the databases themselves
	}
}

/** A fresh value each time, so a pass that read an older one never clears this one. */
export function markUnsynced(dbName: string): void {
	try {
		storage()?.setItem(PREFIX + dbName, `${Date.now()}-${Math.random()}`);
	} catch {
		// Storage full or blocked: readers fall back to opening the database.
	}
}

/** Runs a write that leaves work to push, marked before (a crash mid-write) and after it commits. */
export async function markedWrite<T>(dbName: string, write: () => Promise<T>): Promise<T> {
	markUnsynced(dbName);
	try {
		return await write();
	} finally {
		markUnsynced(dbName);
	}
}

/** The mark as a sync pass starts: handed back to `markSynced` when the pass ends. */
export function currentMark(dbName: string): string | null {
	return storage()?.getItem(PREFIX + dbName) ?? null;
}

/** After a pass that left nothing unsynced, read after `seen`: unless a write marked it since. */
export function markSynced(dbName: string, seen: string | null): void {
	const store = storage();
	if (store?.getItem(PREFIX + dbName) !== seen) return;
	try {
		store?.setItem(PREFIX + dbName, SYNCED);
	} catch {
		// Not recorded: the next page opens the engine once more.
	}
}

/** The device database is being deleted. */
export function forgetMark(dbName: string): void {
	storage()?.removeItem(PREFIX + dbName);
}

/** Whether the database exists, asked without opening (and so making) it; unknown: true. */
export async function databaseExists(name: string): Promise<boolean> {
	try {
		if (typeof indexedDB?.databases !== 'function') return true;
		return (await indexedDB.databases()).some((d) => d.name === name);
	} catch {
		return true;
	}
}

/**
 * True when this person's device database may hold unsent work. Without a mark (a database
 * made before the marks existed, or site storage partly cleared) any database of theirs counts.
 */
export async function mayHoldUnsynced(userId: string): Promise<boolean> {
	const name = databaseNameFor(userId);
	const mark = currentMark(name);
	if (mark === SYNCED) return false;
	return mark !== null || databaseExists(name);
}
