import type { Sql, TransactionSql } from '../../db/client';
import type { Mutation, MutationResult, RejectionCode, ServerModule } from '$lib/domain/sync';
import { sameJson } from '$lib/domain/canonical-json';
import { errorMessage } from '$lib/i18n/errors';
import type { Locale } from '$lib/i18n/locale';
import { checkSubmit } from '../submit-rules';
import { isEditable } from '$lib/domain/case-status';
import { slotAccepts } from '$lib/domain/modules/slot-accept';
import type { CaseKind, CaseStatus } from '$lib/domain/sync';
import { resumeReview, startReview } from '../cases/route';
import { appendEvent } from '../cases/events';
import { lockChangesForWrite } from './changes-lock';
import { limitRefusal } from './mutation-limits';
import { mutationHash } from './request-hash';

interface Caller {
	userId: string;
	clientId: string;
	locale: Locale;
}

type Outcome = Exclude<MutationResult, { status: 'duplicate' }>;

function rejected(m: Mutation, code: RejectionCode, locale: Locale): Outcome {
	return { id: m.id, status: 'rejected', code, reason: errorMessage(`sync_${code}`, locale) };
}

/**
 * Applies one mutation exactly once, in one transaction: its effect and the record of its id and
 * answer commit together, so a repeat (a lost reply, a retried request) gets the stored answer.
 */
export async function applyMutation(
	sql: Sql,
	caller: Caller,
	m: Mutation
): Promise<MutationResult> {
	const hash = mutationHash(m);
	return sql.begin(async (tx) => {
		await lockChangesForWrite(tx, caller.userId);
		const [seen] = await tx<{ userId: string; requestHash: string; result: Outcome }[]>`
			select user_id, request_hash, result from applied_mutations where mutation_id = ${m.id}`;
		if (seen) {
			if (seen.userId !== caller.userId || seen.requestHash !== hash) {
				return rejected(m, 'id_reused', caller.locale);
			}
			return { id: m.id, status: 'duplicate', result: seen.result };
		}
		const result = await apply(tx, caller, m);
		await tx`insert into applied_mutations (mutation_id, user_id, client_id, request_hash, result)
			values (${m.id}, ${caller.userId}, ${caller.clientId}, ${hash}, ${tx.json(result as never)})`;
		return result;
	}) as Promise<MutationResult>;
}

async function apply(tx: TransactionSql, caller: Caller, m: Mutation): Promise<Outcome> {
	if (m.op === 'case.create') return createCase(tx, caller, m);
	const [kase] = await tx<{ applicantId: string; status: CaseStatus }[]>`
		select applicant_id, status from cases where id = ${m.caseId} for update`;
	if (!kase) return rejected(m, 'not_found', caller.locale);
	if (kase.applicantId !== caller.userId) return rejected(m, 'not_owner', caller.locale);
	if (!isEditable(kase.status)) {
		return rejected(m, m.op === 'module.save' ? 'not_editable' : 'wrong_state', caller.locale);
	}
	const overLimit = await limitRefusal(tx, m, caller.locale);
	if (overLimit) return overLimit;
	switch (m.op) {
		case 'module.save':
			return saveModule(tx, caller, m);
		case 'file.attach':
			return attachFile(tx, caller, m);
		case 'file.detach':
			return detachFile(tx, caller, m);
		case 'case.submit':
			return submitCase(tx, caller, m, kase.status);
		case 'case.cancel':
			await tx`update cases set status = 'cancelled', updated_at = now(), current_holder = null,
				change_seq = nextval('change_seq') where id = ${m.caseId}`;
			await tx`delete from case_claims where case_id = ${m.caseId}`;
			// A returned case was in review: its history says the applicant withdrew it.
			if (kase.status === 'returned') {
				await appendEvent(tx, { caseId: m.caseId, action: 'cancel', step: null });
			}
			return { id: m.id, status: 'applied' };
	}
}

async function createCase(
	tx: TransactionSql,
	caller: Caller,
	m: Extract<Mutation, { op: 'case.create' }>
): Promise<Outcome> {
	const inserted = await tx`insert into cases (id, applicant_id, kind)
		values (${m.caseId}, ${caller.userId}, ${m.payload.kind}) on conflict (id) do nothing returning id`;
	if (inserted.length > 0) return { id: m.id, status: 'applied' };
	const [existing] = await tx<{ applicantId: string }[]>`
		select applicant_id from cases where id = ${m.caseId}`;
	return existing?.applicantId === caller.userId
		? { id: m.id, status: 'applied' }
		: rejected(m, 'not_owner', caller.locale);
}

async function serverModule(
	tx: TransactionSql,
	caseId: string,
	module: string
): Promise<ServerModule | null> {
	const [row] = await tx<{ data: Record<string, unknown>; revision: number; updatedAt: Date }[]>`
		select data, revision, updated_at from case_modules where case_id = ${caseId} and module = ${module}`;
	return row
		? {
				caseId,
				module,
				data: row.data,
				revision: row.revision,
				updatedAt: row.updatedAt.toISOString()
			}
		: null;
}

/**
 * Revision check per module: edits to different modules merge; the same module changed on two
 * sides is a conflict that writes nothing and returns the server's version, so both are kept.
 * Revisions this client wrote itself after the base (saves whose answers it never received) are
 * built upon, not held against it: a device never conflicts with itself.
 */
async function saveModule(
	tx: TransactionSql,
	caller: Caller,
	m: Extract<Mutation, { op: 'module.save' }>
): Promise<Outcome> {
	const data = tx.json(m.payload.data as never);
	const me = caller.clientId;
	const base = m.baseRevision;
	// writer_since: where the writer's unbroken run of revisions began (see migration 0012).
	let written = await tx<{ revision: number }[]>`
		update case_modules set data = ${data}, revision = revision + 1, updated_at = now(),
			change_seq = nextval('change_seq'),
			writer_since = case when writer_client_id = ${me} then writer_since else revision + 1 end,
			writer_client_id = ${me}
		where case_id = ${m.caseId} and module = ${m.module}
			and (revision = ${base} or (revision > ${base} and writer_client_id = ${me}
				and writer_since <= ${base + 1}))
		returning revision`;
	if (!written[0] && base === 0) {
		written = await tx<{ revision: number }[]>`
			insert into case_modules (case_id, module, data, revision, writer_client_id, writer_since)
			values (${m.caseId}, ${m.module}, ${data}, 1, ${me}, 1)
			on conflict (case_id, module) do nothing returning revision`;
	}
	if (written[0]) return { id: m.id, status: 'applied', revision: written[0].revision };
	const server = await serverModule(tx, m.caseId, m.module);
	if (!server) return rejected(m, 'stale', caller.locale);
	// Both sides wrote the very same words: nothing to choose between.
	if (sameJson(server.data, m.payload.data)) {
		return { id: m.id, status: 'applied', revision: server.revision };
	}
	return { id: m.id, status: 'conflict', server };
}

async function attachFile(
	tx: TransactionSql,
	caller: Caller,
	m: Extract<Mutation, { op: 'file.attach' }>
): Promise<Outcome> {
	const { attachmentId, slot } = m.payload;
	const [upload] = await tx<{ ownerId: string; status: string; mime: string }[]>`
		select owner_id, status, mime from uploads where id = ${attachmentId}`;
	if (!upload || upload.ownerId !== caller.userId || upload.status !== 'verified') {
		return rejected(m, 'attachment_not_ready', caller.locale);
	}
	const accepts = slotAccepts(slot);
	if (accepts && !accepts.includes(upload.mime))
		return rejected(m, 'attachment_wrong_type', caller.locale);
	const [linked] = await tx<{ caseId: string }[]>`
		select case_id from attachments where id = ${attachmentId}`;
	if (linked && linked.caseId !== m.caseId)
		return rejected(m, 'attachment_not_ready', caller.locale);
	await tx`insert into attachments (id, case_id, module, slot)
		values (${attachmentId}, ${m.caseId}, ${m.module}, ${slot})
		on conflict (id) do update set module = excluded.module, slot = excluded.slot,
			status = 'attached', updated_at = now(), change_seq = nextval('change_seq')`;
	return { id: m.id, status: 'applied' };
}

async function detachFile(
	tx: TransactionSql,
	caller: Caller,
	m: Extract<Mutation, { op: 'file.detach' }>
): Promise<Outcome> {
	const done = await tx`update attachments set status = 'detached', updated_at = now(),
			change_seq = nextval('change_seq')
		where id = ${m.payload.attachmentId} and case_id = ${m.caseId} returning id`;
	return done.length > 0
		? { id: m.id, status: 'applied' }
		: rejected(m, 'not_found', caller.locale);
}

/**
 * The person submits what they saw: a module changed elsewhere since then refuses it. A draft
 * starts its review; a returned case goes back to the level that returned it.
 */
async function submitCase(
	tx: TransactionSql,
	caller: Caller,
	m: Extract<Mutation, { op: 'case.submit' }>,
	status: CaseStatus
): Promise<Outcome> {
	const modules = await tx<
		{
			module: string;
			revision: number;
			data: unknown;
			writerClientId: string | null;
			writerSince: number | null;
		}[]
	>`
		select module, revision, data, writer_client_id, writer_since
		from case_modules where case_id = ${m.caseId}`;
	// Only another client's later revision makes what the person saw out of date.
	const stale = modules.some((row) => {
		const seen = m.payload.revisions[row.module] ?? 0;
		if (seen >= row.revision) return false;
		return !(row.writerClientId === caller.clientId && (row.writerSince ?? Infinity) <= seen + 1);
	});
	if (stale) return rejected(m, 'stale', caller.locale);
	const resubmission = status === 'returned';
	// The server's verdict on the whole case (module set, 申报期, one open case per series).
	const verdict = await checkSubmit(tx, caller.userId, m.caseId, caller.locale, { resubmission });
	if (!verdict.ok)
		return { id: m.id, status: 'rejected', code: verdict.code, reason: verdict.reason };
	await tx`update cases set module_set_id = ${verdict.moduleSetId} where id = ${m.caseId}`;
	if (resubmission) {
		await resumeReview(tx, m.caseId);
		return { id: m.id, status: 'applied' };
	}
	const [kase] = await tx<{ kind: CaseKind }[]>`select kind from cases where id = ${m.caseId}`;
	const data = Object.fromEntries(modules.map((r) => [r.module, r.data]));
	const started = await startReview(tx, m.caseId, kase!.kind, data, verdict.periodId);
	if (!started.ok) return rejected(m, 'incomplete', caller.locale);
	return { id: m.id, status: 'applied' };
}
