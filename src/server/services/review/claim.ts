import type { Sql } from '../../db/client';
import type { ReviewRefusal } from '$lib/domain/review';
import { applicantOf, caseForReviewer } from '../cases/access';
import { holdersOf } from '../cases/holder';
import { lockChangesForWrite } from '../sync/changes-lock';
import { currentStep, ensureAccepted } from './accept';
import { dropClaim, liveClaim, takeClaim } from './claims';
import type { Reviewer } from './act';

export type ClaimOutcome =
	{ status: 'claimed'; until: string } | { status: 'refused'; code: ReviewRefusal };

/**
 * 受理 / 开始审核: this reviewer holds the case for a while, so nobody else of the unit acts on it
 * meanwhile (renewed by calling again). The first claim at a level is its acceptance.
 */
export async function claimCase(
	sql: Sql,
	reviewer: Reviewer,
	caseId: string
): Promise<ClaimOutcome> {
	const applicantId = await applicantOf(sql, caseId);
	if (!applicantId) return { status: 'refused', code: 'review_not_found' };
	return sql.begin(async (tx) => {
		await lockChangesForWrite(tx, applicantId);
		const kase = await caseForReviewer(tx, caseId, reviewer.scopes, { lock: true });
		if (!kase) return { status: 'refused', code: 'review_not_found' } as const;
		if (kase.status !== 'submitted') return { status: 'refused', code: 'review_moved_on' } as const;
		if (!kase.currentHolder || !holdersOf(reviewer.scopes).includes(kase.currentHolder)) {
			return { status: 'refused', code: 'review_not_your_level' } as const;
		}
		const claim = await liveClaim(tx, caseId, reviewer.userId);
		if (claim && !claim.byMe)
			return { status: 'refused', code: 'review_claimed_by_other' } as const;
		const step = (await currentStep(tx, caseId))!;
		await ensureAccepted(tx, caseId, step, reviewer.userId);
		return {
			status: 'claimed',
			until: await takeClaim(tx, caseId, reviewer.userId, step.ordinal)
		} as const;
	}) as Promise<ClaimOutcome>;
}

/** Lets go of this reviewer's own claim (leaving the case); nothing else changes. */
export async function releaseCase(sql: Sql, reviewer: Reviewer, caseId: string): Promise<void> {
	const kase = await caseForReviewer(sql, caseId, reviewer.scopes);
	if (!kase) return;
	await sql.begin((tx) => dropClaim(tx, caseId, reviewer.userId));
}
