import type { Sql } from '../../db/client';

/** What the export form offers: every queue that holds cases now, and every 申报期 with cases. */
export async function exportSources(sql: Sql) {
	const [queues, periods] = await Promise.all([
		sql<{ key: string; name: string; count: number }[]>`
			select c.current_holder as key, min(s.unit_name) as name, count(*)::int as count
			from cases c
			join review_steps s on s.case_id = c.id and s.holder = c.current_holder
			where c.status = 'submitted' and c.current_holder is not null
			group by c.current_holder order by 2, 1`,
		sql<{ key: string; name: string; year: number; count: number }[]>`
			select p.id as key, coalesce(cm.name, a.name, p.owner_id) as name, p.year, count(c.id)::int as count
			from declaration_periods p
			left join committees cm on p.owner_kind = 'committee' and cm.id = p.owner_id
			left join accepting_departments a on p.owner_kind = 'accepting_department' and a.id = p.owner_id
			join cases c on c.period_id = p.id
			group by p.id, cm.name, a.name order by p.year desc, 2`
	]);
	return { queues: [...queues], periods: [...periods] };
}
