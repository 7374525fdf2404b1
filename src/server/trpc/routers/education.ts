import { lookupOwnEducation } from '../../services/education-registry';
import { applicantProcedure, router } from '../trpc';

export const educationRouter = router({
	/**
	 * 自动获取: the signed-in applicant's records in the education registry, by their own ID
	 * number (never anyone else's). Found records need no certificate uploads.
	 */
	lookup: applicantProcedure.query(async ({ ctx }) => {
		const records = await lookupOwnEducation(ctx.sql, ctx.user.id);
		return { found: records.length > 0, records };
	})
});
