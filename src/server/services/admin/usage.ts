import type { TransactionSql } from '../../db/client';
import type { ReferenceTable } from '$lib/domain/admin/schemas';
import type { Locale } from '$lib/i18n/locale';
import { m } from '$lib/paraglide/messages.js';

/** The reviewer scope type that points at rows of a table (none for periods and phones). */
const SCOPE_OF: Partial<Record<ReferenceTable, string>> = {
	committees: 'committee',
	accepting_departments: 'accepting',
	declaration_points: 'hr'
};
const OWNER_OF: Partial<Record<ReferenceTable, string>> = {
	committees: 'committee',
	accepting_departments: 'accepting_department'
};
const CHOICE_OF: Partial<Record<ReferenceTable, string>> = {
	committees: 'committeeId',
	accepting_departments: 'acceptingDepartmentId'
};

/** What uses a reference row, each as a phrase in the request's language ("3 份申报" …). */
export async function usagesOf(
	tx: TransactionSql,
	table: ReferenceTable,
	id: string,
	locale: Locale
): Promise<string[]> {
	const options = { locale };
	const choice = CHOICE_OF[table] ?? null;
	const owner = OWNER_OF[table] ?? null;
	const scope = SCOPE_OF[table] ?? null;
	const [row] = await tx<
		{ cases: number; periods: number; moduleSets: number; scopes: number; steps: number }[]
	>`
		select
			(case when ${table} = 'declaration_periods'
				then (select count(*)::int from cases where period_id = ${id})
				when ${choice}::text is not null
				then (select count(*)::int from case_modules
					where module = 'declaration_info' and data ->> ${choice ?? ''}::text = ${id})
				else 0 end) as cases,
			(select count(*)::int from declaration_periods
				where owner_kind = ${owner} and owner_id = ${id}) as periods,
			(select count(*)::int from module_sets
				where owner_type = ${owner} and owner_id = ${id}) as module_sets,
			(select count(*)::int from user_roles
				where scope_type = ${scope} and scope_id = ${id}) as scopes,
			(select count(*)::int from review_steps
				where level = ${scope} and scope_id = ${id}) as steps`;
	const uses: string[] = [];
	if (row!.cases) uses.push(m.admin_use_cases({ count: row!.cases }, options));
	if (row!.periods) uses.push(m.admin_use_periods({ count: row!.periods }, options));
	if (row!.moduleSets) uses.push(m.admin_use_module_sets({ count: row!.moduleSets }, options));
	if (row!.scopes) uses.push(m.admin_use_scopes({ count: row!.scopes }, options));
	if (row!.steps) uses.push(m.admin_use_steps({ count: row!.steps }, options));
	return uses;
}
