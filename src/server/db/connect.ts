import path from 'node:path';
import { config } from '../config';
import { createSql, setDb, type Sql } from './client';
import { EMBEDDED_POOL_SIZE, startEmbeddedDatabase } from './embedded';
import { migrate } from './migrate';

const SERVER_POOL_SIZE = 10;

export interface Connection {
	sql: Sql;
	embedded: boolean;
	close(): Promise<void>;
}

/** DATABASE_URL → that server; otherwise the embedded PGlite in `<data dir>/pg`. */
export async function connectDatabase(): Promise<Connection> {
	if (config.databaseUrl) {
		const sql = createSql(config.databaseUrl, SERVER_POOL_SIZE);
		return { sql, embedded: false, close: () => sql.end({ timeout: 5 }) };
	}
	const embedded = await startEmbeddedDatabase(path.join(config.dataDir, 'pg'));
	const sql = createSql(embedded.url, EMBEDDED_POOL_SIZE);
	return {
		sql,
		embedded: true,
		async close() {
			await sql.end({ timeout: 5 });
			await embedded.stop();
		}
	};
}

/** Connects, migrates and makes the connection the process's `db()`. */
export async function openDatabase(): Promise<Connection> {
	const conn = await connectDatabase();
	await migrate(conn.sql, config.migrationsDir);
	setDb(conn.sql);
	return conn;
}
