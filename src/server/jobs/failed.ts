import type { Sql } from '../db/client';

/**
 * Jobs that failed after all their retries, in the last days pg-boss keeps them (0 before the
 * queue first started here and made its schema).
 */
export async function failedJobCount(sql: Sql): Promise<number> {
	const [made] = await sql<{ ok: boolean }[]>`
		select to_regclass('pgboss.job') is not null and to_regclass('pgboss.archive') is not null as ok`;
	if (!made?.ok) return 0;
	const [row] = await sql<{ count: number }[]>`
		select ((select count(*) from pgboss.job where state = 'failed')
			+ (select count(*) from pgboss.archive where state = 'failed'))::int as count`;
	return row?.count ?? 0;
}
