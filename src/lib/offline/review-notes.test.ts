import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { reviewEvent } from '../../../tests/helpers/review-records';
import type { CaseProgress, NoticeRecord, ReviewEventRecord } from '$lib/domain/review';
import type { CaseRecord, Change, PullResult } from '$lib/domain/sync';
import { ZhichengDB } from './db';
import { pullChanges } from './pull';
import { readEditorCase } from './editor-case';
import { listNotices, markNoticesRead, sendNoticeReads, unreadNoticeCount } from './review-notes';
import { TransportError, type SyncTransport } from './transport';
import { saveModule } from './writes';

let db: ZhichengDB;
let n = 0;

function freshDb(): ZhichengDB {
	db = new ZhichengDB(`review-notes-test-${process.pid}-${n++}`);
	return db;
}

afterEach(async () => {
	db.close();
	await db.delete();
});

const CASE = '7d1e2f30-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const T0 = '2026-11-20T08:00:00.000Z';

const progress: CaseProgress = {
	steps: [
		{ ordinal: 1, level: 'unit', unitName: '南京智造科技有限公司', state: 'passed', decidedAt: T0 },
		{
			ordinal: 2,
			level: 'department',
			unitName: '南京市工业和信息化局',
			state: 'returned',
			decidedAt: '2026-11-22T08:00:00.000Z'
		},
		{ ordinal: 3, level: 'hr', unitName: '南京市申报点', state: 'waiting', decidedAt: null }
	],
	currentOrdinal: 2
};

function caseRecord(status: CaseRecord['status'], p: CaseProgress | null = progress): CaseRecord {
	return {
		id: CASE,
		kind: 'review',
		status,
		receiptNo: 'SB2026000123',
		createdAt: T0,
		updatedAt: T0,
		submittedAt: T0,
		progress: p
	};
}

function event(
	id: string,
	action: ReviewEventRecord['action'],
	at: string,
	extra: Partial<ReviewEventRecord> = {}
): ReviewEventRecord {
	const unitName = '南京市工业和信息化局';
	return reviewEvent({
		id,
		caseId: CASE,
		ordinal: 2,
		level: 'department',
		unitName,
		action,
		at,
		...extra
	});
}

function notice(id: string, readAt: string | null, at = T0): NoticeRecord {
	return {
		id,
		caseId: CASE,
		kind: 'returned',
		unitName: '南京市工业和信息化局',
		reason: '学历证书不清晰',
		at,
		readAt
	};
}

/** A server that answers one page per pull, in order (the network boundary). */
function serverPaging(...pages: Change[][]): SyncTransport {
	let seq = 0;
	const queue = pages.map((changes): PullResult => {
		const numbered = changes.map((c) => ({ ...c, seq: String(++seq) }));
		return { changes: numbered, cursor: String(seq), more: false };
	});
	return {
		push: () => Promise.reject(new Error('not used')),
		pull: () => Promise.resolve(queue.shift() ?? { changes: [], cursor: String(seq), more: false })
	};
}

const firstReturn = event('e-return-1', 'return', '2026-11-21T08:00:00.000Z', {
	ordinal: 1,
	level: 'unit',
	unitName: '南京智造科技有限公司',
	reason: '请补充业绩',
	notes: [{ id: 'n0', module: 'achievements', text: '缺少业绩' }]
});
const secondReturn = event('e-return-2', 'return', '2026-11-22T08:00:00.000Z', {
	reason: '学历证书不清晰',
	notes: [
		{ id: 'n1', module: 'education', text: '请重新上传学历证书' },
		{ id: 'n2', module: 'education', field: 'degreeNo', rowId: 'r1', text: '学位证书编号有误' }
	]
});

describe('review events and notes on the device', () => {
	it('stores pulled events, notices and the case progress, and reads the open notes', async () => {
		const d = freshDb();
		await pullChanges(
			d,
			serverPaging([
				{ seq: '', type: 'case', case: caseRecord('returned') },
				{ seq: '', type: 'review', event: event('e-submit', 'submit', T0, { ordinal: null }) },
				{ seq: '', type: 'review', event: secondReturn },
				{ seq: '', type: 'review', event: firstReturn },
				{ seq: '', type: 'notice', notice: notice('notice-1', null) }
			])
		);
		expect((await d.cases.get(CASE))?.progress).toEqual(progress);
		const seen = await readEditorCase(d, CASE);
		expect(seen.events.map((e) => e.id)).toEqual(['e-submit', 'e-return-1', 'e-return-2']);
		expect(seen.notes.map((note) => note.id)).toEqual(['n1', 'n2']);
		expect(seen.summary?.status).toBe('returned');
		expect(seen.returned).toEqual({
			reason: '学历证书不清晰',
			notes: secondReturn.notes,
			at: secondReturn.at,
			unitName: '南京市工业和信息化局'
		});
		expect(await unreadNoticeCount(d)).toBe(1);
	});

	it('has no open notes once the case was sent again, though the last 退回 stays readable', async () => {
		const d = freshDb();
		await pullChanges(
			d,
			serverPaging([
				{ seq: '', type: 'case', case: caseRecord('submitted') },
				{ seq: '', type: 'review', event: secondReturn },
				{ seq: '', type: 'review', event: event('e-resubmit', 'resubmit', '2026-11-23T08:00:00Z') }
			])
		);
		const seen = await readEditorCase(d, CASE);
		expect(seen.notes).toEqual([]);
		expect(seen.returned?.reason).toBe('学历证书不清晰');
		const none = await readEditorCase(d, 'no-such-case');
		expect(none).toEqual({ ...none, summary: null, notes: [], returned: null, events: [] });
	});

	it('keeps words typed on the device when a 退回 is pulled', async () => {
		const d = freshDb();
		await pullChanges(
			d,
			serverPaging([
				{ seq: '', type: 'case', case: caseRecord('submitted') },
				{
					seq: '',
					type: 'module',
					module: {
						caseId: CASE,
						module: 'work_summary',
						data: { text: '已提交的总结' },
						revision: 3,
						updatedAt: T0
					}
				}
			])
		);
		// The returned case is edited offline before the next pull.
		await d.cases.update(CASE, { status: 'returned' });
		await saveModule(d, CASE, 'work_summary', { text: '按意见修改后的总结' });
		await pullChanges(
			d,
			serverPaging([
				{ seq: '', type: 'case', case: caseRecord('returned') },
				{ seq: '', type: 'review', event: secondReturn },
				{
					seq: '',
					type: 'module',
					module: {
						caseId: CASE,
						module: 'work_summary',
						data: { text: '已提交的总结' },
						revision: 3,
						updatedAt: T0
					}
				}
			])
		);
		const row = await d.modules.get([CASE, 'work_summary']);
		expect(row?.data).toEqual({ text: '按意见修改后的总结' });
		expect(row?.dirty).toBe(true);
		expect(await d.outbox.where('caseId').equals(CASE).count()).toBe(1);
		expect((await d.cases.get(CASE))?.status).toBe('returned');
	});
});

describe('notices', () => {
	it('lists newest first and marks read on the device at once', async () => {
		const d = freshDb();
		await pullChanges(
			d,
			serverPaging([
				{ seq: '', type: 'notice', notice: notice('a', null, '2026-11-20T08:00:00Z') },
				{ seq: '', type: 'notice', notice: notice('b', null, '2026-11-22T08:00:00Z') },
				{
					seq: '',
					type: 'notice',
					notice: notice('c', '2026-11-21T09:00:00Z', '2026-11-21T08:00:00Z')
				}
			])
		);
		expect((await listNotices(d)).map((x) => x.id)).toEqual(['b', 'c', 'a']);
		await d.notices.put({
			...notice('b-accepted', null, '2026-11-22T08:00:00Z'),
			kind: 'accepted',
			unread: 0,
			readUnsent: 0
		});
		// Accepted and returned in one moment: the 退回 is the newer news.
		expect((await listNotices(d)).map((x) => x.id)).toEqual(['b', 'b-accepted', 'c', 'a']);
		await d.notices.delete('b-accepted');
		expect(await unreadNoticeCount(d)).toBe(2);
		expect(await markNoticesRead(d, ['a', 'c', 'unknown'])).toBe(1);
		expect(await unreadNoticeCount(d)).toBe(1);
		const a = await d.notices.get('a');
		expect(a?.readAt).not.toBeNull();
		expect(a?.readUnsent).toBe(1);
		// Already read by the server: nothing to tell it.
		expect((await d.notices.get('c'))?.readUnsent).toBe(0);
		expect(await markNoticesRead(d, [])).toBe(0);
	});

	it('never lets a pulled copy make a notice read here unread again', async () => {
		const d = freshDb();
		const transport = serverPaging(
			[{ seq: '', type: 'notice', notice: notice('a', null) }],
			[{ seq: '', type: 'notice', notice: notice('a', null) }],
			[{ seq: '', type: 'notice', notice: notice('a', '2026-11-25T08:00:00.000Z') }]
		);
		await pullChanges(d, transport);
		await markNoticesRead(d, ['a']);
		const readHere = (await d.notices.get('a'))?.readAt;
		await pullChanges(d, transport);
		expect(await d.notices.get('a')).toMatchObject({ readAt: readHere, unread: 0, readUnsent: 1 });
		await pullChanges(d, transport);
		expect(await d.notices.get('a')).toMatchObject({
			readAt: '2026-11-25T08:00:00.000Z',
			unread: 0,
			readUnsent: 0
		});
	});

	it('keeps read marks the server did not get, and sends them on a later pass', async () => {
		const d = freshDb();
		await pullChanges(
			d,
			serverPaging([
				{ seq: '', type: 'notice', notice: notice('a', null) },
				{ seq: '', type: 'notice', notice: notice('b', null) }
			])
		);
		await markNoticesRead(d, ['a', 'b']);
		const offline = () => Promise.reject(new TransportError('network', 'offline'));
		await expect(sendNoticeReads(d, offline)).rejects.toThrow('offline');
		expect(await d.notices.where('readUnsent').equals(1).count()).toBe(2);

		const told: string[][] = [];
		const sent = await sendNoticeReads(d, (ids) => {
			told.push(ids);
			return Promise.resolve({ count: ids.length });
		});
		expect(sent).toBe(2);
		expect(told.flat().sort()).toEqual(['a', 'b']);
		expect(await d.notices.where('readUnsent').equals(1).count()).toBe(0);
		expect(await sendNoticeReads(d, () => Promise.reject(new Error('not called')))).toBe(0);
	});

	it('does not send again marks the server refused for good, and they stay read here', async () => {
		const d = freshDb();
		await pullChanges(d, serverPaging([{ seq: '', type: 'notice', notice: notice('a', null) }]));
		await markNoticesRead(d, ['a']);
		const refused = () => Promise.reject(new TransportError('refused', 'bad request'));
		expect(await sendNoticeReads(d, refused)).toBe(0);
		expect(await d.notices.get('a')).toMatchObject({ unread: 0, readUnsent: 0 });
	});
});

describe('the version 3 upgrade', () => {
	it('keeps existing cases and gives them no progress', async () => {
		const name = `review-notes-upgrade-${process.pid}-${n++}`;
		const old = new Dexie(name);
		old.version(2).stores({
			cases: 'id, status, updatedAt',
			modules: '[caseId+module], caseId, dirty',
			attachments: 'id, caseId, state',
			chunks: '[attachmentId+index], attachmentId',
			outbox: '++seq, &mutationId, caseId, state',
			meta: 'key',
			uploadUrls: 'key, fingerprint',
			journal: '[caseId+module+seq]'
		});
		await old.table('cases').add({ id: CASE, kind: 'review', status: 'draft', updatedAt: T0 });
		old.close();

		const d = (db = new ZhichengDB(name));
		expect(await d.cases.get(CASE)).toMatchObject({ id: CASE, status: 'draft', progress: null });
		expect(await d.notices.count()).toBe(0);
		expect(await d.reviewEvents.count()).toBe(0);
	});
});
