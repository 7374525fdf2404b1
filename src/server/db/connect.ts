import path from 'node:path';
import { config } from '../config';
import { createSql, setDb, type Sql } from './client';
import { EMBEDDED_POOL_SIZE, startEmbeddedDatabase } from './embedded';
import { migrate } from './migrate';

const SERVER_POOL_SIZE = 10;

export interface Connection {
	sql: Sql;
	/** Where the pool connects (the embedded database's loopback address when embedded). */
	url: string;
	embedded: boolean;
	close(): Promise<void>;
}

/** DATABASE_URL → that server; otherwise the embedded PGlite in `<data dir>/pg`. */
export async function connectDatabase(): Promise<Connection> {
	if (config.databaseUrl) {
		const url = config.databaseUrl;
		const sql = createSql(url, SERVER_POOL_SIZE, { queryTimeout: true });
		return { sql, url, embedded: false, close: () => sql.end({ timeout: 5 }) };
	}
	const embedded = await startEmbeddedDatabase(path.join(config.dataDir, 'pg'));
	const sql = createSql(embedded.url, EMBEDDED_POOL_SIZE);
	return {
		sql,
		url: embedded.url,
		embedded: true,
		async close() {
			await sql.end({ timeout: 5 });
			await embedded.stop();
		}
	};
}

/** Applies pending migrations over a connection of their own, without the app's query bound. */
export async function migrateDatabase(conn: Connection): Promise<string[]> {
	const sql = createSql(conn.url, 1);
	try {
		return await migrate(sql, config.migrationsDir);
	} finally {
		await sql.end({ timeout: 5 });
	}
}

/** Connects, migrates and makes the connection the process's `db()`. */
export async function openDatabase(): Promise<Connection> {
	const conn = await connectDatabase();
	try {
		await migrateDatabase(conn);
	} catch (cause) {
		await conn.close().catch(() => {});
		const why = cause instanceof Error ? cause.message : String(cause);
		throw new Error(`${describeDatabase()}: ${why}`, { cause });
	}
	setDb(conn.sql);
	return conn;
}

/** Where the app's data lives, for messages (never the password). */
export function describeDatabase(): string {
	if (!config.databaseUrl) return `the embedded database in ${path.join(config.dataDir, 'pg')}`;
	try {
		const url = new URL(config.databaseUrl);
		return `PostgreSQL at ${url.host}${url.pathname} (DATABASE_URL)`;
	} catch {
		return 'PostgreSQL (DATABASE_URL is not a valid URL)';
	}
}
