import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { createSql, type Sql } from '../../src/server/db/client';
import {
	EMBEDDED_POOL_SIZE,
	startEmbeddedDatabase,
	type EmbeddedDatabase
} from '../../src/server/db/embedded';
import { migrate } from '../../src/server/db/migrate';

export interface TestDatabase {
	sql: Sql;
	kind: 'postgres' | 'embedded';
	/** Where the database answers now (the embedded one moves to a new port on restart). */
	url: string;
	/** Stops the database client (and the embedded server) and starts them again on the same data. */
	restart(): Promise<Sql>;
	/** An app-server restart: every pooled connection is dropped and a new pool opened. */
	reconnect(): Promise<Sql>;
	close(): Promise<void>;
}

const MIGRATIONS = path.resolve('migrations');

/**
 * A fresh, migrated database for one test file: a new database on the PostgreSQL server named
 * by TEST_DATABASE_URL, or else an embedded PGlite (in its own folder) served over the socket.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
	const url = process.env.TEST_DATABASE_URL;
	return url ? openServerDatabase(url) : openEmbeddedDatabase();
}

async function openServerDatabase(adminUrl: string): Promise<TestDatabase> {
	const name = `zc_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = createSql(adminUrl, 1);
	await admin.unsafe(`create database ${name}`);
	const dbUrl = new URL(adminUrl);
	dbUrl.pathname = `/${name}`;
	let sql = createSql(dbUrl.toString(), 4);
	await migrate(sql, MIGRATIONS);
	const handle: TestDatabase = {
		kind: 'postgres',
		url: dbUrl.toString(),
		get sql() {
			return sql;
		},
		async restart() {
			await sql.end();
			sql = createSql(dbUrl.toString(), 4);
			return sql;
		},
		reconnect() {
			return handle.restart();
		},
		async close() {
			await sql.end();
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
	return handle;
}

async function openEmbeddedDatabase(): Promise<TestDatabase> {
	const dump = inject('pgliteDump');
	if (!dump) throw new Error('The global setup prepared no embedded database');
	const dir = mkdtempSync(path.join(tmpdir(), 'zc-db-'));
	let server: EmbeddedDatabase = await startEmbeddedDatabase(dir, new Blob([readFileSync(dump)]));
	let sql = createSql(server.url, EMBEDDED_POOL_SIZE);
	await migrate(sql, MIGRATIONS);
	return {
		kind: 'embedded',
		get url() {
			return server.url;
		},
		get sql() {
			return sql;
		},
		async restart() {
			await sql.end();
			await server.stop();
			server = await startEmbeddedDatabase(dir);
			sql = createSql(server.url, EMBEDDED_POOL_SIZE);
			return sql;
		},
		async reconnect() {
			await sql.end();
			sql = createSql(server.url, EMBEDDED_POOL_SIZE);
			return sql;
		},
		async close() {
			await sql.end();
			await server.stop();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
