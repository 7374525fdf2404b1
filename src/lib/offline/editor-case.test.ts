import 'fake-indexeddb/auto';
import { afterEach, expect, it } from 'vitest';
import type { NoticeRecord } from '$lib/domain/review';
import type { Change, PullResult } from '$lib/domain/sync';
import { ZhichengDB } from './db';
import { NO_EDITOR_CASE, readEditorCase, stashedKey } from './editor-case';
import { setMeta } from './meta';
import { pullChanges } from './pull';
import type { SyncTransport } from './transport';

let db: ZhichengDB;

afterEach(async () => {
	db.close();
	await db.delete();
});

const CASE = '1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b';
const OTHER = '9a8b7c6d-5e4f-4321-8fed-cba987654321';
const T0 = '2026-11-20T08:00:00.000Z';

function requirements(id: string, caseId: string, at: string, readAt: string | null): NoticeRecord {
	return {
		id,
		caseId,
		kind: 'requirements_changed',
		unitName: null,
		reason: null,
		at,
		readAt,
		changes: []
	} as NoticeRecord;
}

/** One page of changes from the server (the network boundary). */
function serverWith(changes: Change[]): SyncTransport {
	const page: PullResult = {
		changes: changes.map((c, i) => ({ ...c, seq: String(i + 1) })),
		cursor: String(changes.length),
		more: false
	};
	return {
		push: () => Promise.reject(new Error('not used')),
		pull: () => Promise.resolve(page)
	};
}

it('reads the case, its files that did not fail, 暂存 here and its unread requirement notices', async () => {
	db = new ZhichengDB(`editor-case-test-${process.pid}`);
	expect(await readEditorCase(db, CASE)).toEqual(NO_EDITOR_CASE);

	await pullChanges(
		db,
		serverWith([
			{
				seq: '',
				type: 'case',
				case: {
					id: CASE,
					kind: 'review',
					status: 'draft',
					receiptNo: null,
					createdAt: T0,
					updatedAt: T0,
					submittedAt: null,
					progress: null
				}
			},
			{ seq: '', type: 'notice', notice: requirements('r-2', CASE, '2026-11-22T08:00:00Z', null) },
			{ seq: '', type: 'notice', notice: requirements('r-1', CASE, '2026-11-21T08:00:00Z', null) },
			{ seq: '', type: 'notice', notice: requirements('r-0', CASE, '2026-11-20T09:00:00Z', T0) },
			{ seq: '', type: 'notice', notice: requirements('r-x', OTHER, '2026-11-21T08:00:00Z', null) }
		])
	);
	const attachment = (id: string, state: 'attached' | 'failed' | 'pending') => ({
		id,
		caseId: CASE,
		name: `${id}.pdf`,
		mime: 'application/pdf',
		size: 10,
		sha256: null,
		state,
		uploadedBytes: 0,
		uploadUrl: null,
		hasLocalBytes: true,
		error: null,
		createdAt: T0
	});
	await db.attachments.bulkAdd([
		attachment('f-2', 'pending'),
		attachment('f-1', 'attached'),
		attachment('f-3', 'failed')
	] as never[]);
	await setMeta(db, stashedKey(CASE), true);

	const seen = await readEditorCase(db, CASE);
	expect(seen.summary?.id).toBe(CASE);
	expect(seen.summary?.saveState).toBe('device-only');
	expect(seen.attachmentIds).toEqual(['f-1', 'f-2']);
	expect(seen.stashed).toBe(true);
	expect(seen.requirementNotices.map((n) => n.id)).toEqual(['r-1', 'r-2']);
	expect((await readEditorCase(db, OTHER)).stashed).toBe(false);
});
