import type { Mutation, MutationResult } from '$lib/domain/sync';
import { MAX_MUTATIONS_PER_PUSH } from '$lib/domain/sync-limits';
import { sameJson } from '$lib/domain/canonical-json';
import type { OutboxItem, ZhichengDB } from './db';
import { clientIdOf, META, setMeta } from './meta';
import { failureKindOf, type SyncTransport, type TransportFailure } from './transport';

export const MAX_BACKOFF_MS = 5 * 60_000;

export function backoffMs(attempts: number): number {
	return Math.min(MAX_BACKOFF_MS, 2000 * 2 ** Math.min(attempts, 10));
}

export interface FlushResult {
	sent: number;
	failure: TransportFailure | null;
}

/**
 * Items of one case go in order; an item that waits (backoff, a refusal, an upload not yet
 * verified) holds back the later items of its case. Different cases interleave.
 */
async function sendable(db: ZhichengDB, now: number): Promise<OutboxItem[]> {
	const items = await db.outbox.orderBy('seq').toArray();
	const blocked = new Set<string>();
	const out: OutboxItem[] = [];
	for (const item of items) {
		if (blocked.has(item.caseId)) continue;
		const ready =
			item.state !== 'needs-action' && item.nextAttemptAt <= now && (await uploadsReady(db, item));
		if (!ready) {
			blocked.add(item.caseId);
			continue;
		}
		out.push(item);
		if (out.length === MAX_MUTATIONS_PER_PUSH) break;
	}
	return out;
}

/** An attach waits for its upload to be verified; a submit waits for every upload of the case. */
async function uploadsReady(db: ZhichengDB, item: OutboxItem): Promise<boolean> {
	if (item.op === 'file.attach') {
		const { attachmentId } = item.payload as { attachmentId: string };
		const a = await db.attachments.get(attachmentId);
		return a?.state === 'uploaded' || a?.state === 'attached';
	}
	if (item.op === 'case.submit') {
		const waiting = await db.attachments
			.where('caseId')
			.equals(item.caseId)
			.filter((a) => a.state !== 'attached')
			.count();
		return waiting === 0;
	}
	return true;
}

/** Fixes the payload at the first send: a retry must repeat it exactly (same id, same hash). */
async function freeze(db: ZhichengDB, item: OutboxItem): Promise<OutboxItem> {
	if (item.frozen) return item;
	return db.transaction('rw', db.outbox, db.modules, async () => {
		const current = await db.outbox.get(item.seq!);
		if (!current) return item;
		if (current.frozen) return current;
		let frozen: OutboxItem['frozen'];
		if (current.op === 'module.save') {
			const row = await db.modules.get([current.caseId, current.module!]);
			frozen = { baseRevision: row?.baseRevision ?? 0, payload: { data: row?.data ?? {} } };
			// Edits from now on need a save of their own.
			if (row) await db.modules.put({ ...row, queued: false });
		} else if (current.op === 'case.submit') {
			const rows = await db.modules.where('caseId').equals(current.caseId).toArray();
			const revisions = Object.fromEntries(rows.map((r) => [r.module, r.baseRevision]));
			frozen = { baseRevision: null, payload: { revisions } };
		} else {
			frozen = { baseRevision: null, payload: current.payload };
		}
		await db.outbox.update(current.seq!, { frozen });
		return { ...current, frozen };
	});
}

function toMutation(item: OutboxItem): Mutation {
	const { frozen } = item;
	const base = { id: item.mutationId, caseId: item.caseId };
	return {
		...base,
		op: item.op,
		...(item.module ? { module: item.module } : {}),
		...(frozen?.baseRevision != null ? { baseRevision: frozen.baseRevision } : {}),
		payload: frozen?.payload
	} as Mutation;
}

/** One pass over the outbox: send what is due, record each answer, stop at the first failure. */
export async function flushOutbox(
	db: ZhichengDB,
	transport: SyncTransport,
	now = Date.now()
): Promise<FlushResult> {
	const clientId = await clientIdOf(db);
	let sent = 0;
	for (;;) {
		const batch = await sendable(db, now);
		if (batch.length === 0) return { sent, failure: null };
		const frozen = [];
		for (const item of batch) frozen.push(await freeze(db, item));
		let results: MutationResult[];
		try {
			({ results } = await transport.push({ clientId, mutations: frozen.map(toMutation) }));
		} catch (error) {
			const failure = failureKindOf(error);
			await recordFailure(db, frozen, failure, error, now);
			return { sent, failure };
		}
		await setMeta(db, META.authRequired, false);
		for (const [i, item] of frozen.entries()) await recordResult(db, item, results[i]!);
		sent += frozen.length;
	}
}

async function recordFailure(
	db: ZhichengDB,
	items: OutboxItem[],
	failure: TransportFailure,
	error: unknown,
	now: number
): Promise<void> {
	const message = error instanceof Error ? error.message : String(error);
	if (failure === 'auth') {
		// Kept as they are; sent again once the person has logged in again.
		await setMeta(db, META.authRequired, true);
		return;
	}
	await db.transaction('rw', db.outbox, db.cases, async () => {
		for (const item of items) {
			if (failure === 'refused' && items.length === 1) {
				await db.outbox.update(item.seq!, { state: 'needs-action', lastError: message });
				await db.cases.update(item.caseId, { problem: { code: 'invalid', reason: message } });
			} else {
				const attempts = item.attempts + 1;
				await db.outbox.update(item.seq!, {
					attempts,
					// A whole batch refused: retry each alone, so only the bad one is held.
					nextAttemptAt: failure === 'refused' ? now : now + backoffMs(attempts),
					lastError: message
				});
			}
		}
	});
	if (failure === 'refused' && items.length > 1) {
		await shrinkBatches(db, items);
	}
}

/** After a refused batch the next passes send one item at a time. */
async function shrinkBatches(db: ZhichengDB, items: OutboxItem[]): Promise<void> {
	let delay = 0;
	for (const item of items) await db.outbox.update(item.seq!, { nextAttemptAt: delay++ });
}

async function recordResult(db: ZhichengDB, item: OutboxItem, result: MutationResult) {
	const r = result.status === 'duplicate' ? result.result : result;
	await db.transaction(
		'rw',
		[db.outbox, db.cases, db.modules, db.attachments, db.chunks],
		async () => {
			if (r.status === 'rejected') {
				await db.outbox.update(item.seq!, { state: 'needs-action', lastError: r.reason });
				await db.cases.update(item.caseId, { problem: { code: r.code, reason: r.reason } });
				return;
			}
			await db.outbox.delete(item.seq!);
			if (r.status === 'conflict') {
				await keepBothVersions(db, item, r.server.data, r.server.revision);
				return;
			}
			await applyLocally(db, item, r.status === 'applied' ? r.revision : undefined);
		}
	);
}

/** Same module changed on two sides: the local words stay, the server's are kept beside them. */
export async function keepBothVersions(
	db: ZhichengDB,
	item: Pick<OutboxItem, 'caseId' | 'module'>,
	serverData: Record<string, unknown>,
	serverRevision: number
): Promise<void> {
	const row = await db.modules.get([item.caseId, item.module!]);
	if (!row) return;
	await db.modules.put({
		...row,
		queued: false,
		conflict: { serverData, serverRevision, at: new Date().toISOString() }
	});
	await db.outbox
		.where('caseId')
		.equals(item.caseId)
		.filter((i) => i.op === 'module.save' && i.module === item.module && i.frozen === null)
		.delete();
}

async function applyLocally(db: ZhichengDB, item: OutboxItem, revision: number | undefined) {
	switch (item.op) {
		case 'case.create':
			await db.cases.update(item.caseId, { onServer: true });
			return;
		case 'module.save': {
			const row = await db.modules.get([item.caseId, item.module!]);
			if (!row || revision === undefined) return;
			const sentData = (item.frozen!.payload as { data: unknown }).data;
			const newer = await db.outbox
				.where('caseId')
				.equals(item.caseId)
				.filter((i) => i.op === 'module.save' && i.module === item.module)
				.count();
			await db.modules.put({
				...row,
				baseRevision: Math.max(row.baseRevision, revision),
				dirty: newer > 0 || !sameJson(row.data, sentData)
			});
			return;
		}
		case 'file.attach': {
			const { attachmentId } = item.payload as { attachmentId: string };
			await db.attachments.update(attachmentId, { state: 'attached' });
			return;
		}
		case 'file.detach': {
			const { attachmentId } = item.payload as { attachmentId: string };
			await db.attachments.delete(attachmentId);
			await db.chunks.where('attachmentId').equals(attachmentId).delete();
			return;
		}
		case 'case.submit':
			await db.cases.update(item.caseId, {
				status: 'submitted',
				submittedAt: new Date().toISOString(),
				problem: null
			});
			return;
		case 'case.cancel':
			await db.cases.update(item.caseId, { status: 'cancelled', problem: null });
			return;
	}
}
