import { adminProcedure, router } from '../trpc';

export const adminRouter = router({
	/** Row counts of the reference data an administrator maintains. */
	overview: adminProcedure.query(async ({ ctx }) => {
		const [row] = await ctx.sql<
			{ users: number; workUnits: number; committees: number; openPeriods: number }[]
		>`
			select
				(select count(*)::int from users) as users,
				(select count(*)::int from work_units) as work_units,
				(select count(*)::int from committees) as committees,
				(select count(*)::int from declaration_periods
					where now() between starts_at and ends_at) as open_periods`;
		return row!;
	})
});
