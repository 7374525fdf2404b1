import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PullResult } from '$lib/domain/sync';
import { ZhichengDB } from './db';
import { FOLD_AFTER_MS, ModuleDraft } from './module-draft.svelte';
import { pullChanges } from './pull';
import { unsyncedCount } from './save-state';
import type { SyncTransport } from './transport';
import { applyJournalEntry, foldJournal, journalEdit } from './journal';

let db: ZhichengDB;
let n = 0;

function freshDb(): ZhichengDB {
	db = new ZhichengDB(`journal-test-${process.pid}-${n++}`);
	return db;
}

afterEach(async () => {
	db.close();
	await db.delete();
});

const CASE = '5c0a1a8e-2b7e-4a53-9d35-0f8f3c6d1e01';
const key = { caseId: CASE, module: 'work_summary' };

/** One page of changes from the server (the network boundary, so a stand-in is fair here). */
function serverWith(module: { data: Record<string, unknown>; revision: number }): SyncTransport {
	const page: PullResult = {
		changes: [
			{
				seq: '1',
				type: 'module',
				module: { ...key, ...module, updatedAt: '2026-11-28T08:00:00.000Z' }
			}
		],
		cursor: '1',
		more: false
	};
	return {
		push: () => Promise.reject(new Error('not used')),
		pull: () => Promise.resolve(page)
	};
}

describe('the typing journal', () => {
	it('keeps one entry per change, in order, opening the database if it must', async () => {
		const d = freshDb();
		await journalEdit(d, CASE, 'work_summary', { text: '第一' });
		expect(d.isOpen()).toBe(true);
		await journalEdit(d, CASE, 'work_summary', { text: '第一句' });
		const entries = await d.journal.toArray();
		expect(entries.map((e) => e.data)).toEqual([{ text: '第一' }, { text: '第一句' }]);
		expect(entries[1]!.seq).toBeGreaterThan(entries[0]!.seq);
		// Journaled words are not yet a save: nothing is queued, but logout must not lose them.
		expect(await d.modules.count()).toBe(0);
		expect(await d.outbox.count()).toBe(0);
		expect(await unsyncedCount(d)).toBe(1);
	});

	it('folds into the module row and one queued save, then leaves nothing behind', async () => {
		const d = freshDb();
		await journalEdit(d, CASE, 'work_summary', { text: '第一句' });
		expect(await foldJournal(d, key)).toBe(1);
		await journalEdit(d, CASE, 'work_summary', { text: '第一句。第二句' });
		expect(await foldJournal(d)).toBe(1);
		expect(await foldJournal(d)).toBe(0);

		const row = await d.modules.get([CASE, 'work_summary']);
		expect(row).toMatchObject({ data: { text: '第一句。第二句' }, dirty: true, queued: true });
		const outbox = await d.outbox.toArray();
		expect(outbox.map((i) => [i.op, i.module])).toEqual([['module.save', 'work_summary']]);
		expect(await d.journal.count()).toBe(0);
	});

	it('drops a journal row that holds what the module row already has, without a new save', async () => {
		const d = freshDb();
		await d.modules.put({
			...key,
			data: { text: '已备份' },
			baseRevision: 3,
			dirty: false,
			queued: false,
			conflict: null,
			updatedAt: '2026-11-28T07:00:00.000Z'
		});
		await journalEdit(d, CASE, 'work_summary', { text: '已备份' });
		expect(await foldJournal(d)).toBe(1);
		expect(await d.modules.get([CASE, 'work_summary'])).toMatchObject({ dirty: false });
		expect(await d.outbox.count()).toBe(0);
		expect(await d.journal.count()).toBe(0);
	});

	it('never lets a slower fold of older words overwrite newer ones', async () => {
		const d = freshDb();
		await journalEdit(d, CASE, 'work_summary', { text: '旧' });
		const [older] = await d.journal.toArray();
		await journalEdit(d, CASE, 'work_summary', { text: '旧的后面又写了新的' });
		expect(await foldJournal(d)).toBe(1);
		// The first fold read `older` before the second fold ran, and writes only now.
		await d.transaction('rw', d.cases, d.modules, d.outbox, () => applyJournalEntry(d, older!));
		expect((await d.modules.get([CASE, 'work_summary']))?.data).toEqual({
			text: '旧的后面又写了新的'
		});
		expect(await d.journal.count()).toBe(0);
	});

	it('counts as a local edit when a pull brings another device’s version: both are kept', async () => {
		const d = freshDb();
		await d.modules.put({
			...key,
			data: { text: '原文' },
			baseRevision: 1,
			dirty: false,
			queued: false,
			conflict: null,
			updatedAt: '2026-11-28T07:00:00.000Z'
		});
		await journalEdit(d, CASE, 'work_summary', { text: '原文，本机刚写的' });

		await pullChanges(d, serverWith({ data: { text: '原文，另一台设备写的' }, revision: 2 }));

		const row = await d.modules.get([CASE, 'work_summary']);
		expect(row?.data).toEqual({ text: '原文，本机刚写的' });
		expect(row?.conflict).toMatchObject({
			serverData: { text: '原文，另一台设备写的' },
			serverRevision: 2
		});
		// The entry the pull merged is dropped by the next fold, which leaves the row alone.
		expect(await foldJournal(d)).toBe(1);
		expect(await d.modules.get([CASE, 'work_summary'])).toEqual(row);
		expect(await d.journal.count()).toBe(0);
	});
});

describe('folding one case (the editor opening it)', () => {
	it("folds every module of that case and leaves another case's words for later", async () => {
		const d = freshDb();
		const OTHER = '5c0a1a8e-2b7e-4a53-9d35-0f8f3c6d1e02';
		await journalEdit(d, CASE, 'work_summary', { text: '工作总结' });
		await journalEdit(d, CASE, 'declaration_info', { level: 'intermediate' });
		await journalEdit(d, OTHER, 'work_summary', { text: '另一份申报' });
		expect(await foldJournal(d, { caseId: CASE })).toBe(2);
		expect((await d.modules.get([CASE, 'work_summary']))?.data).toEqual({ text: '工作总结' });
		expect((await d.modules.get([CASE, 'declaration_info']))?.data).toEqual({
			level: 'intermediate'
		});
		expect(await d.modules.get([OTHER, 'work_summary'])).toBeUndefined();
		expect((await d.journal.toArray()).map((e) => e.caseId)).toEqual([OTHER]);
	});
});

describe('ModuleDraft', () => {
	it('takes the stored row when nothing is typed, and keeps words not yet saved when it is', async () => {
		const d = freshDb();
		const stored = {
			...key,
			data: { text: '另一台设备写的' },
			baseRevision: 3,
			dirty: false,
			queued: false,
			conflict: null,
			updatedAt: '2026-11-28T07:00:00.000Z'
		};
		const clean = new ModuleDraft(d, CASE, 'work_summary');
		expect(clean.loaded).toBe(false);
		clean.take(stored);
		expect(clean.loaded).toBe(true);
		expect(clean.data).toEqual({ text: '另一台设备写的' });
		expect(clean.row).toBe(stored);
		// The same row again (a write to another module of the case re-ran the query): kept as is.
		clean.take({ ...stored });
		expect(clean.row).toBe(stored);

		const typing = new ModuleDraft(d, CASE, 'work_summary');
		typing.set('text', '正在输入的字');
		typing.take(stored);
		expect(typing.data).toEqual({ text: '正在输入的字' });
		expect(typing.row).toBe(stored);
		await typing.flush();
	});

	it('turns changes to a new module into its row and one queued save', async () => {
		const d = freshDb();
		const saved = vi.fn();
		const draft = new ModuleDraft(d, CASE, 'work_summary', saved);
		draft.set('text', '本人');
		draft.set('text', '本人自2012年');
		await vi.waitFor(async () => {
			expect((await d.modules.get([CASE, 'work_summary']))?.data).toEqual({
				text: '本人自2012年'
			});
			expect(await d.journal.count()).toBe(0);
			expect(draft.pending).toBe(false);
		});
		expect(await d.outbox.count()).toBe(1);
		expect(saved).toHaveBeenCalled();
	});

	it('folds the first change to a clean row at once, and waits for a pause after that', async () => {
		// Only the draft's own timers are held; fake-indexeddb runs on setImmediate.
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		try {
			const d = freshDb();
			const row = () => d.modules.get([CASE, 'work_summary']);
			const until = async (check: () => Promise<boolean>) => {
				for (let i = 0; i < 1000; i++) {
					if (await check()) return true;
					await new Promise((r) => setImmediate(r));
				}
				return false;
			};
			await d.modules.put({
				...key,
				data: { text: '已备份' },
				baseRevision: 2,
				dirty: false,
				queued: false,
				conflict: null,
				updatedAt: '2026-11-28T07:00:00.000Z'
			});
			const draft = new ModuleDraft(d, CASE, 'work_summary');
			draft.row = (await row()) ?? null;

			draft.set('text', '已备份，又写一句');
			// No timer has run: the case can show 仅保存在本设备 at once.
			expect(await until(async () => (await row())?.dirty === true)).toBe(true);
			expect((await row())?.data).toEqual({ text: '已备份，又写一句' });

			draft.row = (await row()) ?? null;
			draft.set('text', '已备份，又写一句，再写一句');
			const newest = async () => (await d.journal.toArray()).at(-1)?.data.text;
			expect(await until(async () => (await newest()) === '已备份，又写一句，再写一句')).toBe(true);
			expect((await row())?.data).toEqual({ text: '已备份，又写一句' });
			vi.advanceTimersByTime(FOLD_AFTER_MS);
			expect(
				await until(async () => (await row())?.data.text === '已备份，又写一句，再写一句')
			).toBe(true);
		} finally {
			vi.useRealTimers();
		}
	});

	it('flush makes everything typed a save before it resolves (暂存)', async () => {
		const d = freshDb();
		const draft = new ModuleDraft(d, CASE, 'work_summary');
		draft.set('text', '暂存前最后一个字');
		await draft.flush();
		expect((await d.modules.get([CASE, 'work_summary']))?.data).toEqual({
			text: '暂存前最后一个字'
		});
		expect(await d.journal.count()).toBe(0);
		expect(draft.pending).toBe(false);
	});

	it('a write that fails keeps the words on screen with the reason and in the next try', async () => {
		const d = freshDb();
		const draft = new ModuleDraft(d, CASE, 'work_summary');
		await d.open();
		const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementationOnce(() => {
			throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		});
		draft.set('text', '存储已满时写的字');
		await vi.waitFor(() => expect(draft.error).toBe('quota'));
		expect(draft.data).toEqual({ text: '存储已满时写的字' });
		put.mockRestore();
		await draft.flush();
		expect(draft.error).toBeNull();
		expect((await d.modules.get([CASE, 'work_summary']))?.data).toEqual({
			text: '存储已满时写的字'
		});
	});
});
