import { reviewerProcedure, router } from '../trpc';
import { describeScopes } from '../../services/scopes';

export const reviewRouter = router({
	/** The reviewer's scopes with their names; the case queue arrives with the review issue. */
	scopes: reviewerProcedure.query(({ ctx }) => describeScopes(ctx.sql, ctx.scopes))
});
