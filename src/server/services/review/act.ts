import type { Sql, TransactionSql } from '../../db/client';
import { actionNeeds, nextOrdinal, statusAfter, type ReviewLevel } from '$lib/domain/case-status';
import type { ActInput, ActOutcome, ReviewRefusal } from '$lib/domain/review';
import { errorMessage } from '$lib/i18n/errors';
import type { Locale } from '$lib/i18n/locale';
import { caseForReviewer, applicantOf, type ReviewerScope } from '../cases/access';
import { appendEvent, notifyApplicant } from '../cases/events';
import { enterStep } from '../cases/route';
import { holdersOf } from '../cases/holder';
import { lockChangesForWrite } from '../sync/changes-lock';
import { requestHash } from '../sync/request-hash';
import { currentStep, ensureAccepted, type CurrentStep } from './accept';
import { dropClaim, liveClaim } from './claims';
import { issueCertificate, planIssuance } from '../certificates/issue';
import { caseSnapshot } from './snapshot';

export interface Reviewer {
	userId: string;
	scopes: readonly ReviewerScope[];
	locale: Locale;
}

export function refused(code: ReviewRefusal, locale: Locale): ActOutcome {
	return { status: 'refused', code, message: errorMessage(code, locale) };
}

/**
 * One reviewer action, exactly once: its effect, its event, the applicant's notice and the record
 * of its id commit together, so a double click or a retried request gets the first answer. An
 * action that changes nothing is not recorded: a later retry is judged afresh.
 */
export async function act(sql: Sql, reviewer: Reviewer, input: ActInput): Promise<ActOutcome> {
	const applicantId = await applicantOf(sql, input.caseId);
	if (!applicantId) return refused('review_not_found', reviewer.locale);
	const hash = requestHash(input);
	return sql.begin(async (tx) => {
		await lockChangesForWrite(tx, applicantId);
		const [seen] = await tx<{ userId: string; requestHash: string; result: ActOutcome }[]>`
			select user_id, request_hash, result from applied_mutations
			where mutation_id = ${input.mutationId}`;
		if (seen) {
			return seen.userId === reviewer.userId && seen.requestHash === hash
				? seen.result
				: refused('review_id_reused', reviewer.locale);
		}
		const outcome = await decide(tx, reviewer, input);
		if (outcome.status === 'applied') {
			await tx`insert into applied_mutations (mutation_id, user_id, client_id, request_hash, result)
				values (${input.mutationId}, ${reviewer.userId}, ${input.mutationId}, ${hash},
					${tx.json(outcome as never)})`;
		}
		return outcome;
	}) as Promise<ActOutcome>;
}

async function decide(
	tx: TransactionSql,
	reviewer: Reviewer,
	input: ActInput
): Promise<ActOutcome> {
	const { locale } = reviewer;
	const kase = await caseForReviewer(tx, input.caseId, reviewer.scopes, { lock: true });
	if (!kase) return refused('review_not_found', locale);
	if (kase.status !== 'submitted' || kase.currentOrdinal !== input.ordinal) {
		return refused('review_moved_on', locale);
	}
	if (!kase.currentHolder || !holdersOf(reviewer.scopes).includes(kase.currentHolder)) {
		return refused('review_not_your_level', locale);
	}
	const claim = await liveClaim(tx, kase.id, reviewer.userId);
	if (claim && !claim.byMe) return refused('review_claimed_by_other', locale);

	const [steps] = await tx<{ count: number }[]>`
		select count(*)::int as count from review_steps where case_id = ${kase.id}`;
	const next = nextOrdinal(steps!.count, input.ordinal);
	const needs = actionNeeds(input.action, next === null, kase.kind);
	const reason = input.reason?.trim() || null;
	if (needs.reason && !reason) return refused('review_reason_required', locale);
	const approvalNo = input.approvalNo?.trim() || null;
	if (needs.approvalNo && !approvalNo) return refused('review_approval_no_required', locale);

	// The last 通过 issues the certificate: whatever stops it refuses the action before any write.
	const issuance =
		input.action === 'pass' && next === null ? await planIssuance(tx, kase.id, approvalNo) : null;
	if (issuance && !issuance.ok) return refused(issuance.code, locale);

	const step = (await currentStep(tx, kase.id))!;
	await ensureAccepted(tx, kase.id, step, reviewer.userId);
	const status = statusAfter(input.action, next === null);
	const stepState =
		input.action === 'pass' ? 'passed' : input.action === 'return' ? 'returned' : 'rejected';
	await tx`update review_steps set state = ${stepState}, decided_at = now()
		where case_id = ${kase.id} and ordinal = ${step.ordinal}`;
	await appendEvent(tx, {
		caseId: kase.id,
		action: input.action,
		step,
		actorId: reviewer.userId,
		reason,
		notes: (input.notes ?? []).map((n, i) => ({ ...n, id: `${input.mutationId}:${i}` })),
		approvalNo: input.action === 'pass' && next === null ? approvalNo : null,
		snapshot: input.action === 'return' ? await caseSnapshot(tx, kase.id) : undefined
	});
	await dropClaim(tx, kase.id);
	if (input.action === 'pass' && next !== null) {
		const [to] = await tx<{ ordinal: number; level: ReviewLevel; scopeId: string }[]>`
			select ordinal, level, scope_id from review_steps
			where case_id = ${kase.id} and ordinal = ${next}`;
		await enterStep(tx, kase.id, to!);
	} else {
		await settle(tx, kase.id, status);
	}
	await notifyApplicant(tx, {
		caseId: kase.id,
		kind: status === 'approved' ? 'approved' : stepState,
		unitName: step.unitName,
		reason
	});
	if (issuance?.ok) await issueCertificate(tx, issuance.plan);
	// Where the case now stands: the next step, the returning one (it awaits the applicant), or none.
	const at = input.action === 'pass' ? next : input.action === 'return' ? step.ordinal : null;
	return { status: 'applied', caseStatus: status, ordinal: at };
}

/** Returned (awaits the applicant at this step), rejected or approved: the case leaves the queue. */
async function settle(tx: TransactionSql, caseId: string, status: string) {
	await tx`update cases set status = ${status}, updated_at = now(),
			current_since = case when ${status} = 'returned' then now() else current_since end,
			current_holder = case when ${status} = 'returned' then current_holder else null end,
			change_seq = nextval('change_seq')
		where id = ${caseId}`;
}

export type { CurrentStep };
