import type { PinnedNote, ReviewEventRecord } from '$lib/domain/review';
import type { LocalNotice, ZhichengDB } from './db';
import { markedWrite } from './device-hint';
import { nowIso } from './meta';
import { failureKindOf } from './transport';

/**
 * What the applicant's device knows of its cases' review, read from the pulled events and
 * notices only, so a 退回 and its notes show offline after one pull.
 */

export interface LastReturn {
	reason: string | null;
	notes: PinnedNote[];
	at: string;
	unitName: string | null;
}

/** Review events oldest first (sorts in place). */
export function oldestFirst(events: ReviewEventRecord[]): ReviewEventRecord[] {
	return events.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

/** The newest 退回 among a case's events (oldest first); null when it was never returned. */
export function lastReturnOf(events: readonly ReviewEventRecord[]): LastReturn | null {
	const newest = events.filter((e) => e.action === 'return').at(-1);
	if (!newest) return null;
	return {
		reason: newest.reason,
		notes: newest.notes ?? [],
		at: newest.at,
		unitName: newest.unitName
	};
}

/** The notes still to be answered: those of the newest 退回 while the case waits for its fixes. */
export function openNotesOf(status: string | undefined, returned: LastReturn | null): PinnedNote[] {
	return status === 'returned' ? (returned?.notes ?? []) : [];
}

/** A level's 受理 and its decision may share a moment: the decision is the newer news. */
const LATER: Record<LocalNotice['kind'], number> = {
	accepted: 0,
	passed: 1,
	returned: 1,
	rejected: 1,
	approved: 1,
	// Issued in the same transaction as the last 通过: the certificate is the newest news.
	certificate: 2,
	requirements_changed: 0
};

/** Every notice, newest first. */
export async function listNotices(db: ZhichengDB): Promise<LocalNotice[]> {
	const notices = await db.notices.toArray();
	return notices.sort(
		(a, b) => b.at.localeCompare(a.at) || LATER[b.kind] - LATER[a.kind] || b.id.localeCompare(a.id)
	);
}

export function unreadNoticeCount(db: ZhichengDB): Promise<number> {
	return db.notices.where('unread').equals(1).count();
}

/**
 * Marks notices read on this device at once; the server is told on a later sync pass
 * (`sendNoticeReads`), so a read offline is not shown as unread again. Returns how many changed.
 */
export async function markNoticesRead(db: ZhichengDB, ids: readonly string[]): Promise<number> {
	if (ids.length === 0) return 0;
	const at = nowIso();
	return markedWrite(db.name, () =>
		db.notices
			.where('id')
			.anyOf([...ids])
			.filter((n) => n.unread === 1)
			.modify({ readAt: at, unread: 0, readUnsent: 1 })
	);
}

/** The server's `me.readNotices`, as the sync engine's transport offers it. */
export type ReadNoticesCall = (ids: string[]) => Promise<{ count: number }>;

const READ_BATCH = 100;

/**
 * Tells the server which notices were read here and not yet sent. A batch the network lost is
 * kept for the next pass (the error is thrown); one the server refuses for good is not sent
 * again, and stays read on this device.
 */
export async function sendNoticeReads(db: ZhichengDB, send: ReadNoticesCall): Promise<number> {
	let sent = 0;
	for (;;) {
		const batch = await db.notices.where('readUnsent').equals(1).limit(READ_BATCH).primaryKeys();
		if (batch.length === 0) return sent;
		try {
			await send(batch);
			sent += batch.length;
		} catch (error) {
			if (failureKindOf(error) !== 'refused') throw error;
		}
		await db.notices.where('id').anyOf(batch).modify({ readUnsent: 0 });
	}
}
