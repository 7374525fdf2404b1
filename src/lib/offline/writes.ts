import type { CaseKind } from '$lib/domain/sync';
import { sameJson } from '$lib/domain/canonical-json';
import type { LocalModule, OutboxItem, ZhichengDB } from './db';
import { markedWrite } from './device-hint';
import { nowIso } from './meta';

/**
 * Every local write: the data row and its outbox entry commit in one IndexedDB transaction, so
 * an edit is never saved without being queued, nor queued without being saved. Each one that
 * queues work marks the device as holding unsent work (device-hint.ts).
 */

function outboxItem(
	caseId: string,
	op: OutboxItem['op'],
	module: string | null,
	payload: unknown
): OutboxItem {
	return {
		mutationId: crypto.randomUUID(),
		caseId,
		op,
		module,
		frozen: null,
		payload,
		state: 'pending',
		attempts: 0,
		nextAttemptAt: 0,
		lastError: null,
		createdAt: nowIso()
	};
}

/**
 * 开始申报: a draft on this device only. Nothing goes to the server until the person writes
 * something into it (its case.create is queued with that first write, below), so an empty draft
 * nobody typed into is never a case. An untouched draft of the same kind is reused, so pressing
 * 开始申报 twice, or leaving and coming back, never makes a second one.
 */
export async function createDraft(db: ZhichengDB, kind: CaseKind): Promise<string> {
	return db.transaction('rw', db.cases, async () => {
		const idle = await db.cases
			.filter((c) => c.untouched === true && c.kind === kind && c.status === 'draft')
			.first();
		if (idle) return idle.id;
		const id = crypto.randomUUID();
		const at = nowIso();
		await db.cases.add({
			id,
			kind,
			status: 'draft',
			receiptNo: null,
			onServer: false,
			untouched: true,
			problem: null,
			createdAt: at,
			updatedAt: at,
			submittedAt: null,
			progress: null
		});
		return id;
	});
}

/**
 * Inside a transaction over cases and outbox, before a write of the case is queued: an untouched
 * draft becomes a case, its case.create queued ahead of the write (items of a case go in order).
 * The case id was made on the device, so a retried create never makes a second case.
 */
async function queueCaseIfUntouched(db: ZhichengDB, caseId: string): Promise<void> {
	const kase = await db.cases.get(caseId);
	if (!kase?.untouched) return;
	await db.cases.update(caseId, { untouched: false, updatedAt: nowIso() });
	await db.outbox.add(outboxItem(caseId, 'case.create', null, { kind: kase.kind }));
}

/** Queues one mutation of a case, the case itself first if it was an untouched draft. */
async function queueItem(db: ZhichengDB, item: OutboxItem): Promise<void> {
	await markedWrite(db.name, () =>
		db.transaction('rw', db.cases, db.outbox, async () => {
			await queueCaseIfUntouched(db, item.caseId);
			await db.outbox.add(item);
		})
	);
}

export async function saveModule(
	db: ZhichengDB,
	caseId: string,
	module: string,
	data: Record<string, unknown>
): Promise<void> {
	await markedWrite(db.name, () =>
		db.transaction('rw', db.cases, db.modules, db.outbox, () =>
			putModuleEdit(db, caseId, module, data)
		)
	);
}

/**
 * Inside a transaction over cases, modules and outbox: the edit becomes the row, queued once.
 * `journalSeq` is the typing-journal entry it comes from, if any (see journal.ts). The caller
 * marks the device (device-hint.ts): the journal did when it took the words.
 */
export async function putModuleEdit(
	db: ZhichengDB,
	caseId: string,
	module: string,
	data: Record<string, unknown>,
	from: { updatedAt: string; journalSeq?: number } = { updatedAt: nowIso() }
): Promise<void> {
	const existing = await db.modules.get([caseId, module]);
	const conflict = existing?.conflict ?? null;
	// While a conflict is open the person's choice decides what is sent (resolveConflict);
	// otherwise a newer edit joins the unsent save already queued.
	const queue = !conflict && !existing?.queued;
	const row: LocalModule = {
		caseId,
		module,
		data,
		baseRevision: existing?.baseRevision ?? 0,
		dirty: true,
		queued: queue || (existing?.queued ?? false),
		conflict,
		updatedAt: from.updatedAt,
		journalSeq: from.journalSeq ?? existing?.journalSeq
	};
	await db.modules.put(row);
	if (!queue) return;
	await queueCaseIfUntouched(db, caseId);
	await db.outbox.add(outboxItem(caseId, 'module.save', module, null));
}

/** The person's choice in a conflict becomes an ordinary save based on the server's version. */
export async function resolveConflict(
	db: ZhichengDB,
	caseId: string,
	module: string,
	data: Record<string, unknown>
): Promise<void> {
	await markedWrite(db.name, () => resolveIn(db, caseId, module, data));
}

async function resolveIn(
	db: ZhichengDB,
	caseId: string,
	module: string,
	data: Record<string, unknown>
): Promise<void> {
	await db.transaction('rw', db.modules, db.outbox, async () => {
		const row = await db.modules.get([caseId, module]);
		if (!row?.conflict) return;
		const { serverData, serverRevision } = row.conflict;
		const keepsServer = sameJson(data, serverData);
		const queue = !keepsServer && !row.queued;
		await db.modules.put({
			...row,
			data,
			baseRevision: serverRevision,
			dirty: !keepsServer,
			queued: queue || row.queued,
			conflict: null,
			updatedAt: nowIso()
		});
		if (queue) await db.outbox.add(outboxItem(caseId, 'module.save', module, null));
	});
}

export async function queueAttach(
	db: ZhichengDB,
	caseId: string,
	module: string,
	attachmentId: string,
	slot: string
): Promise<void> {
	await queueItem(db, outboxItem(caseId, 'file.attach', module, { attachmentId, slot }));
}

export async function queueDetach(
	db: ZhichengDB,
	caseId: string,
	module: string,
	attachmentId: string
): Promise<void> {
	await queueItem(db, outboxItem(caseId, 'file.detach', module, { attachmentId }));
}

/** 提交: offline it waits in the outbox as 「联网后提交」 and goes by itself. */
export async function queueSubmit(db: ZhichengDB, caseId: string): Promise<void> {
	await queueItem(db, outboxItem(caseId, 'case.submit', null, null));
}

/** 取消申请. An untouched draft was never sent: it is cancelled here and nothing is queued. */
export async function queueCancel(db: ZhichengDB, caseId: string): Promise<void> {
	await markedWrite(db.name, () =>
		db.transaction('rw', db.cases, db.outbox, async () => {
			const kase = await db.cases.get(caseId);
			if (kase?.untouched) {
				await db.cases.update(caseId, { status: 'cancelled', updatedAt: nowIso() });
				return;
			}
			await db.outbox.add(outboxItem(caseId, 'case.cancel', null, {}));
		})
	);
}

/** The person drops a refused item (「需要处理」) after reading its reason; their data stays. */
export async function discardRefused(db: ZhichengDB, seq: number): Promise<void> {
	await db.transaction('rw', db.cases, db.outbox, async () => {
		const item = await db.outbox.get(seq);
		if (item?.state !== 'needs-action') return;
		await db.outbox.delete(seq);
		const others = await db.outbox
			.where('caseId')
			.equals(item.caseId)
			.filter((i) => i.state === 'needs-action')
			.count();
		if (others === 0) await db.cases.update(item.caseId, { problem: null });
	});
}

/** A file deleted on the device before it reached the server takes its queued attach along. */
export async function dropQueuedAttach(db: ZhichengDB, attachmentId: string): Promise<void> {
	await db.outbox
		.filter(
			(i) =>
				i.op === 'file.attach' &&
				i.frozen === null &&
				(i.payload as { attachmentId?: string }).attachmentId === attachmentId
		)
		.delete();
}
