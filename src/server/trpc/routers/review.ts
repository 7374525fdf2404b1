import { TRPCError } from '@trpc/server';
import {
	actInput,
	batchPassInput,
	caseIdInput,
	queueInput,
	type ActOutcome,
	type ReviewRefusal
} from '$lib/domain/review';
import { errorMessage } from '$lib/i18n/errors';
import type { Locale } from '$lib/i18n/locale';
import { fail, reviewerProcedure, router } from '../trpc';
import { describeScopes } from '../../services/scopes';
import { act, type Reviewer } from '../../services/review/act';
import { claimCase, releaseCase } from '../../services/review/claim';
import { reviewCaseView } from '../../services/review/case-view';
import { queueCounts, queueFilters, reviewQueue } from '../../services/review/queue';
import { enqueueCaseNotice } from '../../jobs/queue';

const CODE_OF: Record<ReviewRefusal, TRPCError['code']> = {
	review_not_found: 'NOT_FOUND',
	review_moved_on: 'CONFLICT',
	review_not_your_level: 'FORBIDDEN',
	review_reason_required: 'BAD_REQUEST',
	review_approval_no_required: 'BAD_REQUEST',
	review_claimed_by_other: 'CONFLICT',
	review_id_reused: 'CONFLICT',
	review_certificate_incomplete: 'CONFLICT',
	review_certificate_predecessor: 'CONFLICT'
};

function refuse(code: ReviewRefusal, locale: Locale): never {
	throw new TRPCError({ code: CODE_OF[code], message: errorMessage(code, locale) });
}

function reviewerOf(ctx: { user: { id: string }; scopes: Reviewer['scopes']; locale: Locale }) {
	return { userId: ctx.user.id, scopes: ctx.scopes, locale: ctx.locale };
}

/** 审核工作台: every procedure checks the caller's scopes against the case itself. */
export const reviewRouter = router({
	/** The reviewer's scopes with their names. */
	scopes: reviewerProcedure.query(({ ctx }) => describeScopes(ctx.sql, ctx.scopes)),

	counts: reviewerProcedure.query(({ ctx }) => queueCounts(ctx.sql, ctx.scopes)),

	filters: reviewerProcedure.query(({ ctx }) => queueFilters(ctx.sql)),

	queue: reviewerProcedure
		.input(queueInput)
		.query(({ ctx, input }) => reviewQueue(ctx.sql, ctx.user.id, ctx.scopes, input)),

	/** The case view (full ID number; the read is audited). */
	case: reviewerProcedure.input(caseIdInput).query(async ({ ctx, input }) => {
		const view = await reviewCaseView(ctx.sql, ctx.user.id, ctx.scopes, input.caseId);
		if (!view) fail('NOT_FOUND', 'review_not_found', ctx);
		return view;
	}),

	claim: reviewerProcedure.input(caseIdInput).mutation(async ({ ctx, input }) => {
		const outcome = await claimCase(ctx.sql, reviewerOf(ctx), input.caseId);
		if (outcome.status === 'refused') refuse(outcome.code, ctx.locale);
		return { until: outcome.until };
	}),

	release: reviewerProcedure.input(caseIdInput).mutation(async ({ ctx, input }) => {
		await releaseCase(ctx.sql, reviewerOf(ctx), input.caseId);
		return { released: true };
	}),

	/** 通过 / 退回 / 不通过, exactly once per mutation id. */
	act: reviewerProcedure.input(actInput).mutation(async ({ ctx, input }) => {
		const outcome = await act(ctx.sql, reviewerOf(ctx), input);
		if (outcome.status === 'refused') refuse(outcome.code, ctx.locale);
		enqueueCaseNotice(input.caseId);
		return outcome;
	}),

	/** 批量通过: each case on its own, each exactly once; the answer says which went through. */
	batchPass: reviewerProcedure.input(batchPassInput).mutation(async ({ ctx, input }) => {
		const results: (ActOutcome & { caseId: string })[] = [];
		for (const item of input.items) {
			const outcome = await act(ctx.sql, reviewerOf(ctx), { ...item, action: 'pass' });
			results.push({ ...outcome, caseId: item.caseId });
			if (outcome.status === 'applied') enqueueCaseNotice(item.caseId);
		}
		return { results };
	})
});
