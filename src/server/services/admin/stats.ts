import type { Sql } from '../../db/client';
import { failedJobCount } from '../../jobs/failed';
import { chinaYear } from '../reference';

export interface AdminStats {
	year: number;
	byStatus: { key: string; count: number }[];
	byLevel: { key: string | null; count: number }[];
	byWeek: { key: string; count: number }[];
	/** Background jobs that failed after their retries (in the last 7 days, any year). */
	failedJobs: number;
}

/**
 * Cases of one declaration year (the current one unless named): submitted cases by their
 * 申报期's year, drafts (no 申报期 yet) by the year they were started in China; and the
 * background jobs that failed, for the administrator to look into.
 */
export async function adminStats(sql: Sql, year = chinaYear()): Promise<AdminStats> {
	const scope = sql`
		with scoped as (
			select c.status, l.name as level_name, coalesce(c.submitted_at, c.created_at) as at
			from cases c left join declaration_periods p on p.id = c.period_id
			left join title_levels l on l.code = c.level_code
			where c.kind in ('initial', 'review')
				and (p.year = ${year}
					or (c.period_id is null
						and extract(year from c.created_at at time zone 'Asia/Shanghai') = ${year})))`;
	const [byStatus, byLevel, byWeek, failedJobs] = await Promise.all([
		sql<{ key: string; count: number }[]>`${scope}
			select status as key, count(*)::int as count from scoped group by status order by status`,
		sql<{ key: string | null; count: number }[]>`${scope}
			select level_name as key, count(*)::int as count from scoped
			group by level_name order by min(level_name) nulls last`,
		sql<{ key: string; count: number }[]>`${scope}
			select to_char(date_trunc('week', at at time zone 'Asia/Shanghai'), 'YYYY-MM-DD') as key,
				count(*)::int as count
			from scoped group by 1 order by 1`,
		failedJobCount(sql)
	]);
	return {
		year,
		byStatus: [...byStatus],
		byLevel: [...byLevel],
		byWeek: [...byWeek],
		failedJobs
	};
}
