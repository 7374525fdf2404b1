import type { AttachmentRecord, CaseRecord, Change, ServerModule } from '$lib/domain/sync';
import type { NoticeRecord } from '$lib/domain/review';
import { sameJson } from '$lib/domain/canonical-json';
import type { Table } from 'dexie';
import type { ZhichengDB } from './db';
import { getMeta, META, setMeta } from './meta';
import { keepBothVersions } from './outbox';
import { applyJournalEntry, newestEntryInTransaction } from './journal';
import type { SyncTransport } from './transport';

const PAGE = 200;

/**
 * Pulls every change since the stored cursor. Each page and its cursor are written in one
 * transaction, so a page is never half-applied nor skipped.
 */
export async function pullChanges(db: ZhichengDB, transport: SyncTransport): Promise<number> {
	let applied = 0;
	for (;;) {
		const since = (await getMeta<string>(db, META.pullCursor)) ?? '0';
		const page = await transport.pull({ since, limit: PAGE });
		// Merging a module reads its journal, so only such pages hold that store (and a keystroke).
		const stores: Table[] = [
			db.cases,
			db.modules,
			db.attachments,
			db.outbox,
			db.meta,
			db.reviewEvents,
			db.notices,
			db.certificates
		];
		if (page.changes.some((c) => c.type === 'module')) stores.push(db.journal);
		await db.transaction('rw', stores, async () => {
			for (const change of page.changes) await applyChange(db, change);
			await setMeta(db, META.pullCursor, page.cursor);
		});
		applied += page.changes.length;
		if (!page.more) return applied;
	}
}

function applyChange(db: ZhichengDB, change: Change): Promise<void> {
	switch (change.type) {
		case 'case':
			return applyCase(db, change.case);
		case 'module':
			return applyModule(db, change.module);
		case 'attachment':
			return applyAttachment(db, change.attachment);
		case 'review':
			return db.reviewEvents.put(change.event).then(() => undefined);
		case 'notice':
			return applyNotice(db, change.notice);
		case 'certificate':
			// The server's record is the truth; a kept PDF stays, its version tells whether it is current.
			return db.certificates.put(change.certificate).then(() => undefined);
	}
}

async function applyCase(db: ZhichengDB, c: CaseRecord): Promise<void> {
	const local = await db.cases.get(c.id);
	await db.cases.put({
		id: c.id,
		kind: c.kind,
		status: c.status,
		receiptNo: c.receiptNo,
		onServer: true,
		problem: local?.problem ?? null,
		createdAt: c.createdAt,
		updatedAt: local && local.updatedAt > c.updatedAt ? local.updatedAt : c.updatedAt,
		submittedAt: c.submittedAt,
		progress: c.progress ?? null
	});
}

/**
 * A clean local module takes the server's version. A module with local edits keeps them: the
 * server's version is either this device's own write coming back, the same words, or a
 * conflict that keeps both for the person to choose.
 */
async function applyModule(db: ZhichengDB, m: ServerModule): Promise<void> {
	// Words typed a moment ago count as local edits here, not as something to overwrite.
	const typed = await newestEntryInTransaction(db, m);
	if (typed) await applyJournalEntry(db, typed);
	const local = await db.modules.get([m.caseId, m.module]);
	if (local && m.revision <= local.baseRevision) return;
	if (!local || !local.dirty) {
		await db.modules.put({
			caseId: m.caseId,
			module: m.module,
			data: m.data,
			baseRevision: m.revision,
			dirty: false,
			queued: false,
			conflict: null,
			updatedAt: m.updatedAt,
			journalSeq: local?.journalSeq
		});
		return;
	}
	const inFlight = await db.outbox
		.where('caseId')
		.equals(m.caseId)
		.filter(
			(i) =>
				i.op === 'module.save' &&
				i.module === m.module &&
				i.frozen !== null &&
				sameJson((i.frozen.payload as { data: unknown }).data, m.data)
		)
		.count();
	if (inFlight > 0) {
		// Our own save, applied though its reply was lost: move the base, keep newer edits.
		await db.modules.put({
			...local,
			baseRevision: m.revision,
			dirty: !sameJson(local.data, m.data)
		});
		return;
	}
	if (sameJson(local.data, m.data)) {
		await db.modules.put({
			...local,
			baseRevision: m.revision,
			dirty: false,
			queued: false,
			conflict: null
		});
		await db.outbox
			.where('caseId')
			.equals(m.caseId)
			.filter((i) => i.op === 'module.save' && i.module === m.module && i.frozen === null)
			.delete();
		return;
	}
	await keepBothVersions(db, m, m.data, m.revision);
}

async function applyAttachment(db: ZhichengDB, a: AttachmentRecord): Promise<void> {
	if (a.status === 'detached') {
		await db.attachments.delete(a.id);
		return;
	}
	const local = await db.attachments.get(a.id);
	await db.attachments.put({
		id: a.id,
		caseId: a.caseId,
		module: a.module,
		slot: a.slot,
		name: a.name,
		mime: a.mime,
		size: a.size,
		sha256: a.sha256,
		state: 'attached',
		uploadedBytes: a.size,
		uploadUrl: local?.uploadUrl ?? null,
		hasLocalBytes: local?.hasLocalBytes ?? false,
		error: null,
		createdAt: local?.createdAt ?? new Date().toISOString()
	});
}

/** A notice read on this device stays read, whatever an older copy from the server says. */
async function applyNotice(db: ZhichengDB, n: NoticeRecord): Promise<void> {
	const local = await db.notices.get(n.id);
	const readAt = n.readAt ?? local?.readAt ?? null;
	await db.notices.put({
		...n,
		readAt,
		unread: readAt === null ? 1 : 0,
		// The server's own read mark means it knows: nothing left to tell it.
		readUnsent: n.readAt === null ? (local?.readUnsent ?? 0) : 0
	});
}
