import type { Sql } from '../db/client';

/** What pg-boss asks of a database (its `db` option). */
export interface BossDb {
	executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * Each value as node-postgres (which pg-boss is written for) sends it: as text (objects as JSON,
 * arrays as array literals, undefined as null) of type "unknown", so the server types it from the
 * statement. postgres.js would otherwise serialize by the type the server describes, and encode
 * the JSON text pg-boss already made a second time.
 */
function asParameter(sql: Sql, value: unknown) {
	return sql.typed(value === undefined ? null : (value as never), UNKNOWN_OID);
}

const UNKNOWN_OID = 705;

/**
 * pg-boss on the app's own postgres.js pool: no second driver or pool, so on the embedded
 * database (one connection) it shares the app's. Without values a command may hold several
 * statements (pg-boss's schema and migrations), so it goes by the simple protocol; rows come
 * back as the server names them (pg-boss reads snake_case columns; the app's pool renames them).
 */
export function bossDb(sql: () => Sql): BossDb {
	return {
		async executeSql(text, values = []) {
			const db = sql();
			const parameters = values.map((value) => asParameter(db, value));
			const rows = await db
				.unsafe(text, parameters, { simple: values.length === 0 })
				.transform(false);
			return { rows: Array.from(rows) };
		}
	};
}
