import type { TransactionSql } from '../../db/client';
import type { ReviewLevel } from '$lib/domain/case-status';
import type { PinnedNote, ReviewEventRecord } from '$lib/domain/review';

export interface NewEvent {
	caseId: string;
	action: ReviewEventRecord['action'];
	step: { ordinal: number; level: ReviewLevel; scopeId: string; unitName: string } | null;
	actorId?: string | null;
	reason?: string | null;
	notes?: PinnedNote[];
	receiptNo?: string | null;
	approvalNo?: string | null;
	snapshot?: unknown;
}

/** Appends one review event (the table refuses updates and deletes). */
export async function appendEvent(tx: TransactionSql, e: NewEvent): Promise<string> {
	const [row] = await tx<{ id: string }[]>`
		insert into review_events (case_id, ordinal, level, scope_id, unit_name, actor_id, action,
			reason, notes, receipt_no, approval_no, snapshot)
		values (${e.caseId}, ${e.step?.ordinal ?? null}, ${e.step?.level ?? null},
			${e.step?.scopeId ?? null}, ${e.step?.unitName ?? null}, ${e.actorId ?? null}, ${e.action},
			${e.reason ?? null}, ${tx.json((e.notes ?? []) as never)}, ${e.receiptNo ?? null},
			${e.approvalNo ?? null}, ${e.snapshot === undefined ? null : tx.json(e.snapshot as never)})
		returning id`;
	return row!.id;
}

export async function notifyApplicant(
	tx: TransactionSql,
	n: { caseId: string; kind: string; unitName: string | null; reason?: string | null }
): Promise<void> {
	await tx`insert into notices (user_id, case_id, kind, unit_name, reason)
		select applicant_id, id, ${n.kind}, ${n.unitName}, ${n.reason ?? null}
		from cases where id = ${n.caseId}`;
}
