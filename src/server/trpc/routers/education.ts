import { IdentityRegistryUnavailable } from '../../identity/registry';
import { lookupOwnEducation } from '../../services/education-registry';
import { applicantProcedure, fail, router } from '../trpc';

export const educationRouter = router({
	/**
	 * 自动获取: the signed-in applicant's records in the education registry, by their own ID
	 * number (never anyone else's), once their identity is verified. Found records need no
	 * certificate uploads.
	 */
	lookup: applicantProcedure.query(async ({ ctx }) => {
		try {
			const records = await lookupOwnEducation(ctx.sql, ctx.user.id);
			return { found: records.length > 0, records };
		} catch (error) {
			if (!(error instanceof IdentityRegistryUnavailable)) throw error;
			console.error('identity registry:', error.message, error.cause ?? '');
			fail('BAD_GATEWAY', 'education_lookup_failed', ctx);
		}
	})
});
