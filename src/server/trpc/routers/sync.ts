import { pullInput, pushInput, type MutationResult } from '$lib/domain/sync';
import { applyMutation } from '../../services/sync/push';
import { pullChanges } from '../../services/sync/pull';
import { applicantProcedure, router } from '../trpc';

export const syncRouter = router({
	/** Applies the device's mutations in order, each exactly once; answers one result each. */
	push: applicantProcedure.input(pushInput).mutation(async ({ ctx, input }) => {
		const caller = { userId: ctx.user.id, clientId: input.clientId, locale: ctx.locale };
		const results: MutationResult[] = [];
		for (const m of input.mutations) results.push(await applyMutation(ctx.sql, caller, m));
		return { results };
	}),

	/** What changed for this applicant since the device's cursor (other devices, reviewers). */
	pull: applicantProcedure
		.input(pullInput)
		.query(({ ctx, input }) => pullChanges(ctx.sql, ctx.user.id, input.since, input.limit))
});
