import type { Sql } from '../../src/server/db/client';

const TABLES = ['sessions', 'users', 'user_roles'] as const;
const COLUMNS = ['seq_scan', 'idx_scan', 'n_tup_ins', 'n_tup_upd', 'n_tup_del'] as const;

type Counters = Record<string, number>;

/**
 * Committed transactions of the database (one per statement outside a transaction) and the
 * tables' scans and row writes.
 */
async function snapshot(sql: Sql): Promise<Counters> {
	const [db] = await sql<{ xactCommit: string }[]>`
		select xact_commit from pg_stat_database where datname = current_database()`;
	const rows = await sql<Record<string, string>[]>`
		select relname, ${sql.unsafe(COLUMNS.map((c) => `coalesce(${c}, 0) as ${c}`).join(', '))}
		from pg_stat_user_tables where relname in ${sql(TABLES)}`;
	const counters: Counters = { statements: Number(db!.xactCommit) };
	for (const row of rows) {
		for (const c of COLUMNS) {
			// The pool camel-cases column names.
			const key = c.replace(/_(.)/g, (_, ch: string) => ch.toUpperCase());
			counters[`${row.relname}.${c}`] = Number(row[key]);
		}
	}
	return counters;
}

const sameTables = (a: Counters, b: Counters) =>
	Object.keys(a).every((k) => k === 'statements' || a[k] === b[k]);

/** PGSTAT_IDLE_INTERVAL: an idle backend that published less than a second ago waits this long. */
const STATS_IDLE_FLUSH_MS = 10_000;

/**
 * What `requests` requests did in the database, per request: statements (committed transactions,
 * give or take this probe's own reads and a job queue's polling) and the scans and row writes on
 * the session and user tables. An idle backend publishes its counters within about a second, or
 * within ten when it published less than a second before: this waits that long, then until the
 * table counters stop moving.
 */
export async function countPerRequest(
	sql: Sql,
	requests: number,
	run: () => Promise<void>
): Promise<Counters> {
	const before = await snapshot(sql);
	await run();
	await new Promise((r) => setTimeout(r, STATS_IDLE_FLUSH_MS + 1000));
	let after = await snapshot(sql);
	for (let i = 0; i < 10; i++) {
		await new Promise((r) => setTimeout(r, 1000));
		const next = await snapshot(sql);
		const settled = sameTables(after, next);
		after = next;
		if (settled) break;
	}
	const perRequest: Counters = {};
	for (const k of Object.keys(after)) {
		const each = Math.round((100 * ((after[k] ?? 0) - (before[k] ?? 0))) / requests) / 100;
		if (each !== 0) perRequest[k] = each;
	}
	return perRequest;
}

export function formatCounts(c: Counters): string {
	return Object.entries(c)
		.map(([k, v]) => `${k} ${v}`)
		.join(', ');
}
