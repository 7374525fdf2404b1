import { getApplicantProfile } from '../../services/profile';
import { applicantProcedure, fail, router } from '../trpc';

export const meRouter = router({
	/** The signed-in applicant's own profile, with ID number and mobile masked. */
	profile: applicantProcedure.query(async ({ ctx }) => {
		const profile = await getApplicantProfile(ctx.sql, ctx.user.id);
		if (!profile) fail('NOT_FOUND', 'forbidden', ctx);
		return profile;
	})
});
