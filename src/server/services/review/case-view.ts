import type { Sql } from '../../db/client';
import { mayAct, type ReviewLevel } from '$lib/domain/case-status';
import { diffModules } from '$lib/domain/module-diff';
import type {
	CaseAttachmentView,
	PinnedNote,
	ReviewCaseView,
	ReviewEventRecord,
	ReviewStepView
} from '$lib/domain/review';
import { caseForReviewer, type ReviewerScope } from '../cases/access';
import { audit } from './audit';
import { caseSnapshot, type CaseSnapshot } from './snapshot';
import { liveClaim } from './claims';

type EventRow = Omit<ReviewEventRecord, 'at'> & {
	at: Date;
	actorName: string | null;
	snapshot: CaseSnapshot | null;
};

/**
 * Everything a reviewer reads of a case: the modules as filled, the files, the route and its
 * history, and what changed since the last 退回. The read of personal data is audited; a case
 * outside the reviewer's scope is null, as if it did not exist.
 */
export async function reviewCaseView(
	sql: Sql,
	reviewerId: string,
	scopes: readonly ReviewerScope[],
	caseId: string
): Promise<ReviewCaseView | null> {
	return sql.begin(async (tx) => {
		const kase = await caseForReviewer(tx, caseId, scopes);
		if (!kase) return null;
		await audit(tx, { actorId: reviewerId, action: 'case.view', subject: `case:${caseId}` });
		const [head] = await tx<
			{
				receiptNo: string | null;
				submittedAt: Date | null;
				name: string;
				idNumber: string;
				mobile: string;
			}[]
		>`
			select c.receipt_no, c.submitted_at, u.name, u.id_number, u.mobile
			from cases c join users u on u.id = c.applicant_id where c.id = ${caseId}`;
		const steps = await tx<
			(Omit<ReviewStepView, 'decidedAt'> & { scopeId: string; decidedAt: Date | null })[]
		>`
			select ordinal, level, scope_id, unit_name, state, decided_at from review_steps
			where case_id = ${caseId} order by ordinal`;
		const attachments = await tx<CaseAttachmentView[]>`
			select a.id, a.module, a.slot, u.name, u.mime, u.size::int as size
			from attachments a join uploads u on u.id = a.id
			where a.case_id = ${caseId} and a.status = 'attached' order by a.created_at`;
		const events = await tx<EventRow[]>`
			select e.id, e.case_id, e.ordinal, e.level, e.unit_name, e.action, e.reason, e.notes,
				e.receipt_no, e.approval_no, e.at, u.name as actor_name, e.snapshot
			from review_events e left join users u on u.id = e.actor_id
			where e.case_id = ${caseId} order by e.at, e.change_seq`;
		const now = await caseSnapshot(tx, caseId);
		const claim = await liveClaim(tx, caseId, reviewerId);

		const current = steps.find((s) => s.ordinal === kase.currentOrdinal) ?? null;
		const lastReturnAt = events.findLastIndex((e) => e.action === 'return');
		const lastReturn = lastReturnAt >= 0 ? events[lastReturnAt]! : null;
		const resubmitted = lastReturn
			? events.slice(lastReturnAt + 1).some((e) => e.action === 'resubmit')
			: false;
		return {
			caseId,
			kind: kase.kind,
			status: kase.status,
			receiptNo: head!.receiptNo,
			applicant: { name: head!.name, idNumber: head!.idNumber, mobile: head!.mobile },
			submittedAt: head!.submittedAt?.toISOString() ?? null,
			modules: now.modules,
			attachments: [...attachments],
			steps: steps.map(({ scopeId: _s, decidedAt, ...s }) => ({
				...s,
				decidedAt: decidedAt?.toISOString() ?? null
			})),
			currentOrdinal: kase.currentOrdinal,
			canAct: mayAct(
				scopes,
				kase.status,
				current ? { level: current.level as ReviewLevel, scopeId: current.scopeId } : null
			),
			isLastStep: current !== null && current.ordinal === steps.length,
			claim: claim ? { byMe: claim.byMe, name: claim.name, until: claim.until } : null,
			events: events.map(({ snapshot: _snap, at, ...e }) => ({ ...e, at: at.toISOString() })),
			changes: lastReturn?.snapshot && resubmitted ? diffModules(lastReturn.snapshot, now) : null,
			lastReturn: lastReturn
				? {
						reason: lastReturn.reason,
						notes: lastReturn.notes as PinnedNote[],
						at: lastReturn.at.toISOString()
					}
				: null
		} satisfies ReviewCaseView;
	}) as Promise<ReviewCaseView | null>;
}
