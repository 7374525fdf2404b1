import type { Sql } from '../db/client';
import type { ScopeType } from '$lib/domain/roles';

export const SCOPE_TABLES: Record<ScopeType, string> = {
	unit: 'work_units',
	department: 'departments',
	hr: 'declaration_points',
	committee: 'committees',
	accepting: 'accepting_departments'
};

export interface ScopeInfo {
	type: ScopeType;
	id: string;
	name: string;
}

export async function describeScopes(
	sql: Sql,
	scopes: { type: ScopeType; id: string }[]
): Promise<ScopeInfo[]> {
	const out: ScopeInfo[] = [];
	for (const scope of scopes) {
		const [row] = await sql<{ name: string }[]>`
			select name from ${sql(SCOPE_TABLES[scope.type])} where id = ${scope.id}`;
		out.push({ ...scope, name: row?.name ?? scope.id });
	}
	return out;
}
