import type { TransactionSql } from '../../db/client';
import type { ReviewLevel } from '$lib/domain/case-status';
import { appendEvent, notifyApplicant } from '../cases/events';

export interface CurrentStep {
	ordinal: number;
	level: ReviewLevel;
	scopeId: string;
	unitName: string;
}

export async function currentStep(tx: TransactionSql, caseId: string): Promise<CurrentStep | null> {
	const [row] = await tx<CurrentStep[]>`
		select s.ordinal, s.level, s.scope_id, s.unit_name
		from review_steps s join cases c on c.id = s.case_id and c.current_ordinal = s.ordinal
		where s.case_id = ${caseId}`;
	return row ?? null;
}

/**
 * 受理: the first time a level takes up a case that arrived (its first claim or action), it gets a
 * 受理编号 and the applicant a notice. Once per arrival at the step.
 */
export async function ensureAccepted(
	tx: TransactionSql,
	caseId: string,
	step: CurrentStep,
	actorId: string
): Promise<void> {
	const [seen] = await tx<{ id: string }[]>`
		select e.id from review_events e join cases c on c.id = e.case_id
		where e.case_id = ${caseId} and e.ordinal = ${step.ordinal} and e.action = 'accept'
			and e.at >= c.current_since
		limit 1`;
	if (seen) return;
	const [row] = await tx<{ no: string }[]>`
		select 'SL' || to_char(now() at time zone 'Asia/Shanghai', 'YYYYMMDD')
			|| lpad(nextval('acceptance_seq')::text, 6, '0') as no`;
	await appendEvent(tx, { caseId, action: 'accept', step, actorId, receiptNo: row!.no });
	await notifyApplicant(tx, { caseId, kind: 'accepted', unitName: step.unitName });
}
