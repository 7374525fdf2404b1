import type { ZhichengDB } from './db';
import { markSynced } from './device-hint';

/**
 * True when nothing on this device waits for the server: no queued mutation, journaled words,
 * unsent or conflicting module, file not yet attached, or read mark not yet told. Read in one
 * transaction, so a write moving work from one store to another is never missed in between.
 */
export async function nothingUnsent(db: ZhichengDB): Promise<boolean> {
	const stores = [db.outbox, db.journal, db.modules, db.attachments, db.notices];
	const counts = await db.transaction('r', stores, () =>
		Promise.all([
			db.outbox.count(),
			db.journal.count(),
			db.modules.filter((m) => m.dirty || !!m.conflict).count(),
			db.attachments.filter((a) => a.state !== 'attached').count(),
			db.notices.where('readUnsent').equals(1).count()
		])
	);
	return counts.every((n) => n === 0);
}

/**
 * The end of a sync pass that started when the mark was `seen`: the device is marked synced if
 * nothing is left to push and no write marked it since (device-hint.ts).
 */
export async function markSyncedIfNothingUnsent(db: ZhichengDB, seen: string | null) {
	if (await nothingUnsent(db)) markSynced(db.name, seen);
}
