import postgres from 'postgres';

export type Sql = postgres.Sql;
export type TransactionSql = postgres.TransactionSql;

let current: Sql | null = null;

export function createSql(url: string, max: number): Sql {
	return postgres(url, {
		max,
		idle_timeout: 30,
		onnotice: () => {},
		// Column names only: postgres.camel would also rename the keys inside jsonb values,
		// and module data must come back exactly as the device sent it.
		transform: { column: { from: postgres.toCamel, to: postgres.fromCamel } }
	});
}

/** The process's one postgres.js instance (set at start-up by `connectDatabase`). */
export function db(): Sql {
	if (!current) throw new Error('The database is not connected yet');
	return current;
}

export function setDb(sql: Sql | null): void {
	current = sql;
}
