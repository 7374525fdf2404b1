import path from 'node:path';
import { createSql, type Sql } from '../../src/server/db/client';
import { migrate } from '../../src/server/db/migrate';
import { ROOT } from './app';

/** The machine's PostgreSQL (trust auth), tried first; then TEST_DATABASE_URL's server. */
const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';
const PREFIX = 'zc_bench_';

export interface BenchDatabase {
	/** A pool on the fresh database, configured as the app configures its own. */
	sql: Sql;
	url: string;
	name: string;
	/** Closes the pool and drops the database. */
	drop: () => Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
	const probe = createSql(url, 1);
	try {
		await probe`select 1`;
		return true;
	} catch {
		return false;
	} finally {
		await probe.end({ timeout: 1 });
	}
}

/** Bench databases of runs that were killed (their process is gone) are dropped. */
async function dropLeftovers(admin: Sql, label: string): Promise<void> {
	const rows = await admin<{ datname: string }[]>`select datname from pg_database`;
	for (const { datname } of rows) {
		const m = new RegExp(`^${PREFIX}${label}_(\\d+)_[0-9a-z]+$`).exec(datname);
		if (!m) continue;
		let alive: boolean;
		try {
			process.kill(Number(m[1]), 0);
			alive = true;
		} catch (err) {
			alive = (err as NodeJS.ErrnoException).code === 'EPERM';
		}
		if (!alive) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
	}
}

/**
 * A fresh database on a real PostgreSQL server (BENCH_DATABASE_URL's, else 127.0.0.1:5432 as
 * postgres, else TEST_DATABASE_URL's), migrated with the app's migrations. `drop` removes it.
 */
export async function createBenchDatabase(label: string, poolSize: number): Promise<BenchDatabase> {
	const candidates = process.env.BENCH_DATABASE_URL
		? [process.env.BENCH_DATABASE_URL]
		: [LOCAL_SERVER, process.env.TEST_DATABASE_URL].filter((u): u is string => !!u);
	let adminUrl: string | undefined;
	for (const url of candidates) {
		if (await reachable(url)) {
			adminUrl = url;
			break;
		}
	}
	if (!adminUrl) {
		throw new Error(
			`no PostgreSQL server reachable (tried ${candidates.map((u) => new URL(u).host).join(', ')}); ` +
				'set BENCH_DATABASE_URL'
		);
	}
	const admin = createSql(adminUrl, 1);
	const name = `${PREFIX}${label}_${process.pid}_${Date.now().toString(36)}`;
	let sql: Sql | undefined;
	try {
		await dropLeftovers(admin, label);
		await admin.unsafe(`create database "${name}"`);
		const url = new URL(adminUrl);
		url.pathname = `/${name}`;
		sql = createSql(url.toString(), poolSize);
		await migrate(sql, path.join(ROOT, 'migrations'));
		const [v] = await sql<{ v: string }[]>`select current_setting('server_version') as v`;
		console.log(`${label}: database ${name} on PostgreSQL ${v!.v} at ${url.host}`);
		const pool = sql;
		return {
			sql: pool,
			url: url.toString(),
			name,
			async drop() {
				await pool.end({ timeout: 5 });
				await admin.unsafe(`drop database if exists "${name}" with (force)`);
				await admin.end({ timeout: 5 });
			}
		};
	} catch (err) {
		await sql?.end({ timeout: 1 });
		await admin.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
		await admin.end({ timeout: 1 });
		throw err;
	}
}
