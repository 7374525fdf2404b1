import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ZhichengDB } from './db';
import { caseRows, keptCases } from './case-rows';
import { foldJournal, journalEdit } from './journal';
import { unsyncedCount } from './save-state';
import { createDraft, queueAttach, queueCancel, saveModule } from './writes';

let db: ZhichengDB;
let n = 0;

function freshDb(): ZhichengDB {
	db = new ZhichengDB(`writes-test-${process.pid}-${n++}`);
	return db;
}

afterEach(async () => {
	db.close();
	await db.delete();
});

const queued = async (d: ZhichengDB) =>
	(await d.outbox.orderBy('seq').toArray()).map((i) => [i.op, i.caseId]);

describe('one draft per declaration: an untouched draft is not a case', () => {
	it('开始申报 twice makes one draft, kept only on the device and in no list', async () => {
		const d = freshDb();
		const first = await createDraft(d, 'initial');
		const second = await createDraft(d, 'initial');
		expect(second).toBe(first);
		expect(await d.cases.count()).toBe(1);
		// Nothing is queued for the server, nothing would be lost, and 我的办件 does not show it.
		expect(await d.outbox.count()).toBe(0);
		expect(await unsyncedCount(d)).toBe(0);
		expect(await caseRows(d)).toEqual([]);
		expect(await keptCases(d)).toEqual([]);
		// Another kind is another declaration.
		expect(await createDraft(d, 'review')).not.toBe(first);
	});

	it('the first save queues the case ahead of it, once; later saves queue no second create', async () => {
		const d = freshDb();
		const id = await createDraft(d, 'initial');
		await saveModule(d, id, 'declaration_info', { series: 'S01' });
		expect(await queued(d)).toEqual([
			['case.create', id],
			['module.save', id]
		]);
		const create = (await d.outbox.orderBy('seq').first())!;
		expect(create.payload).toEqual({ kind: 'initial' });
		await saveModule(d, id, 'basic_info', { name: '张三' });
		expect((await queued(d)).filter(([op]) => op === 'case.create')).toHaveLength(1);
		expect((await caseRows(d)).map((r) => r.id)).toEqual([id]);
		// Written into, it is no longer reused: a new 开始申报 (another series) is another draft.
		expect(await createDraft(d, 'initial')).not.toBe(id);
	});

	it('typed words folded from the journal make the case too', async () => {
		const d = freshDb();
		const id = await createDraft(d, 'review');
		await journalEdit(d, id, 'work_summary', { text: '第一句' });
		expect(await d.outbox.count()).toBe(0);
		await foldJournal(d);
		expect((await queued(d)).map(([op]) => op)).toEqual(['case.create', 'module.save']);
		expect((await d.cases.get(id))?.untouched).toBe(false);
	});

	it('a file attached to an untouched draft sends the case first', async () => {
		const d = freshDb();
		const id = await createDraft(d, 'initial');
		await queueAttach(d, id, 'education', crypto.randomUUID(), 'diploma');
		expect((await queued(d)).map(([op]) => op)).toEqual(['case.create', 'file.attach']);
	});

	it('取消申请 of an untouched draft cancels it on the device and sends nothing', async () => {
		const d = freshDb();
		const id = await createDraft(d, 'initial');
		await queueCancel(d, id);
		expect((await d.cases.get(id))?.status).toBe('cancelled');
		expect(await d.outbox.count()).toBe(0);
		// A cancelled draft is not reused by the next 开始申报.
		expect(await createDraft(d, 'initial')).not.toBe(id);
	});

	it('取消申请 of a written draft is queued for the server', async () => {
		const d = freshDb();
		const id = await createDraft(d, 'initial');
		await saveModule(d, id, 'basic_info', { name: '张三' });
		await queueCancel(d, id);
		expect((await queued(d)).map(([op]) => op)).toEqual([
			'case.create',
			'module.save',
			'case.cancel'
		]);
	});
});
