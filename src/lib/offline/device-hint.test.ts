import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deleteLocalDb, localDb, type LocalNotice, type ZhichengDB } from './db';
import { currentMark, databaseNameFor, mayHoldUnsynced } from './device-hint';
import { foldJournal, journalEdit } from './journal';
import { markNoticesRead } from './review-notes';
import { markSyncedIfNothingUnsent, nothingUnsent } from './unsent';
import { createDraft, saveModule } from './writes';

/** The browser's localStorage (Node has none). */
class MemoryStorage {
	private items = new Map<string, string>();
	getItem = (key: string) => this.items.get(key) ?? null;
	setItem = (key: string, value: string) => void this.items.set(key, String(value));
	removeItem = (key: string) => void this.items.delete(key);
}

let n = 0;
let userId: string;
let db: ZhichengDB;

beforeAll(() => {
	Object.defineProperty(globalThis, 'localStorage', {
		value: new MemoryStorage(),
		configurable: true
	});
});
afterAll(() => {
	Reflect.deleteProperty(globalThis, 'localStorage');
});

function freshPerson(): ZhichengDB {
	userId = `hint-test-${process.pid}-${n++}`;
	db = localDb(userId);
	return db;
}

afterEach(async () => {
	await deleteLocalDb(userId);
});

/** What a sync pass does on success: the server has everything it sent. */
async function serverTookEverything(d: ZhichengDB): Promise<void> {
	await d.outbox.clear();
	await d.modules.toCollection().modify({ dirty: false, queued: false });
}

describe('the device tells, without opening its database, whether it holds unsent work', () => {
	it('a person who never had a database here has nothing to push', async () => {
		freshPerson();
		expect(await mayHoldUnsynced(userId)).toBe(false);
	});

	it('a save marks the device; a pass that left nothing unsent marks it synced', async () => {
		const d = freshPerson();
		const caseId = await createDraft(d, 'initial');
		await saveModule(d, caseId, 'basic_info', { name: '王芳' });
		expect(await mayHoldUnsynced(userId)).toBe(true);

		const seen = currentMark(d.name);
		await markSyncedIfNothingUnsent(d, seen);
		// Not cleared by a pass that still found work.
		expect(await mayHoldUnsynced(userId)).toBe(true);

		await serverTookEverything(d);
		await markSyncedIfNothingUnsent(d, seen);
		expect(await mayHoldUnsynced(userId)).toBe(false);
	});

	it('words typed while a pass runs keep the mark the pass read before them', async () => {
		const d = freshPerson();
		const caseId = await createDraft(d, 'initial');
		await saveModule(d, caseId, 'basic_info', { name: '王' });
		const seen = currentMark(d.name);
		await serverTookEverything(d);
		// A keystroke lands, is folded and is (wrongly, for this test) dropped from the outbox
		// before the pass's final look: the mark alone still says so.
		await journalEdit(d, caseId, 'basic_info', { name: '王芳' });
		await foldJournal(d);
		await serverTookEverything(d);
		expect(await nothingUnsent(d)).toBe(true);
		await markSyncedIfNothingUnsent(d, seen);
		expect(await mayHoldUnsynced(userId)).toBe(true);
	});

	it('a journaled keystroke and a notice read here are unsent work', async () => {
		const d = freshPerson();
		const caseId = await createDraft(d, 'initial');
		await journalEdit(d, caseId, 'basic_info', { name: '王芳' });
		expect(await nothingUnsent(d)).toBe(false);
		await d.journal.clear();
		await markSyncedIfNothingUnsent(d, currentMark(d.name));
		const notice: LocalNotice = {
			id: crypto.randomUUID(),
			caseId,
			kind: 'accepted',
			unitName: null,
			reason: null,
			at: new Date().toISOString(),
			readAt: null,
			unread: 1,
			readUnsent: 0
		};
		await d.notices.put(notice);
		expect(await mayHoldUnsynced(userId)).toBe(false);
		expect(await markNoticesRead(d, [notice.id])).toBe(1);
		expect(await mayHoldUnsynced(userId)).toBe(true);
		expect(await nothingUnsent(d)).toBe(false);
	});

	it('a database without a mark (made before the marks) counts; a deleted one is forgotten', async () => {
		const d = freshPerson();
		await d.open();
		expect(currentMark(databaseNameFor(userId))).toBeNull();
		expect(await mayHoldUnsynced(userId)).toBe(true);
		await saveModule(d, await createDraft(d, 'initial'), 'basic_info', { name: '王芳' });
		await deleteLocalDb(userId);
		expect(currentMark(databaseNameFor(userId))).toBeNull();
		expect(await mayHoldUnsynced(userId)).toBe(false);
	});
});
