import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { createSql, type Sql } from '../db/client';
import { EMBEDDED_POOL_SIZE, startEmbeddedDatabase } from '../db/embedded';

const run = promisify(execFile);

/** Where a database lives: a PostgreSQL server (a URL) or the embedded PGlite's data folder. */
export type DatabaseLocation =
	{ kind: 'postgres'; url: string } | { kind: 'embedded'; dir: string };

/**
 * The URL without its password, and the password for PGPASSWORD: pg_dump's arguments are
 * visible to every user of the machine (ps), its environment is not.
 */
function libpq(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
	const parsed = new URL(url);
	const password = decodeURIComponent(parsed.password);
	parsed.password = '';
	const env = { ...process.env };
	if (password) env.PGPASSWORD = password;
	return { dbname: parsed.toString(), env };
}

/** Where a server database is, for messages: never the user or password. */
export function describeServer(url: string): string {
	try {
		const parsed = new URL(url);
		return `PostgreSQL ${parsed.host}${parsed.pathname}`;
	} catch {
		return 'PostgreSQL (DATABASE_URL is not a valid URL)';
	}
}

/** A PostgreSQL tool's failure, with its own words (which never hold the password we passed). */
async function tool(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
	try {
		await run(name, args, { env, maxBuffer: 16 * 1024 * 1024 });
	} catch (error) {
		const e = error as NodeJS.ErrnoException & { stderr?: string };
		if (e.code === 'ENOENT') {
			throw new Error(
				`${name} was not found: install the PostgreSQL client tools of the server's major ` +
					`version or newer (Debian: apt-get install postgresql-client)`,
				{ cause: error }
			);
		}
		throw new Error(`${name} failed: ${(e.stderr || e.message).trim()}`, { cause: error });
	}
}

/**
 * `pg_dump --format=custom` of the server database into `file`. With `snapshot` (from
 * pg_export_snapshot), it dumps exactly what that transaction sees.
 */
export async function dumpServer(url: string, file: string, snapshot?: string): Promise<void> {
	const { dbname, env } = libpq(url);
	const args = ['--format=custom', '--no-password', `--file=${file}`];
	if (snapshot) args.push(`--snapshot=${snapshot}`);
	await tool('pg_dump', [...args, `--dbname=${dbname}`], env);
}

/**
 * Loads a custom-format dump into the (empty) server database, in one transaction: it ends
 * complete or not at all. Owners and grants are left out, so any role may restore it.
 */
export async function restoreServer(url: string, file: string): Promise<void> {
	const { dbname, env } = libpq(url);
	await tool(
		'pg_restore',
		[
			'--no-owner',
			'--no-acl',
			'--exit-on-error',
			'--single-transaction',
			'--no-password',
			`--dbname=${dbname}`,
			file
		],
		env
	);
}

const SYSTEM_SCHEMAS = `nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
	and nspname not like 'pg\\_temp\\_%' and nspname not like 'pg\\_toast\\_temp\\_%'`;

/** Tables, views and sequences outside the system schemas. */
export async function serverObjectCount(url: string): Promise<number> {
	const sql = createSql(url, 1);
	try {
		const [row] = await sql<{ n: number }[]>`select count(*)::int as n
			from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where c.relkind in ('r', 'p', 'v', 'm', 'S') and ${sql.unsafe(SYSTEM_SCHEMAS)}`;
		return row!.n;
	} finally {
		await sql.end({ timeout: 5 });
	}
}

/** Drops every schema but the system ones and makes an empty `public` (restore --force). */
export async function emptyServer(url: string): Promise<void> {
	const sql = createSql(url, 1);
	try {
		await sql.begin(async (tx) => {
			const schemas = await tx<{ nspname: string }[]>`select nspname from pg_namespace
				where ${tx.unsafe(SYSTEM_SCHEMAS)}`;
			for (const { nspname } of schemas) await tx`drop schema ${tx(nspname)} cascade`;
			await tx`create schema public`;
		});
	} finally {
		await sql.end({ timeout: 5 });
	}
}

/** Present while a PGlite has the folder open; PGlite itself does not stop a second opener. */
const EMBEDDED_OPEN_MARK = 'postmaster.pid';

export function embeddedInUse(dir: string): boolean {
	return existsSync(path.join(dir, EMBEDDED_OPEN_MARK));
}

export async function folderEntries(dir: string): Promise<number> {
	try {
		return (await readdir(dir)).length;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
		throw error;
	}
}

/**
 * Opens the embedded database in `dir` (not used by anyone else: see `embeddedInUse`), lets
 * `work` query it through postgres.js like the app does, and closes it.
 */
export async function withEmbedded<T>(
	dir: string,
	work: (sql: Sql, dump: () => Promise<Blob>) => Promise<T>,
	loadDataDir?: Blob
): Promise<T> {
	const embedded = await startEmbeddedDatabase(dir, loadDataDir);
	const sql = createSql(embedded.url, EMBEDDED_POOL_SIZE);
	try {
		return await work(sql, () => embedded.pglite.dumpDataDir('gzip'));
	} finally {
		await sql.end({ timeout: 5 });
		await embedded.stop();
	}
}

/** PGlite's own dump of its data folder (a gzipped tarball) into `file`. */
export async function writeEmbeddedDump(dump: () => Promise<Blob>, file: string): Promise<void> {
	const blob = await dump();
	await writeFile(file, Buffer.from(await blob.arrayBuffer()), { flag: 'wx' });
}

/** Makes `dir` (emptied first) a new embedded database from a dumpDataDir tarball. */
export async function loadEmbedded<T>(
	dir: string,
	file: string,
	work: (sql: Sql) => Promise<T>
): Promise<T> {
	await rm(dir, { recursive: true, force: true });
	const blob = new Blob([await readFile(file)]);
	return withEmbedded(dir, (sql) => work(sql), blob);
}
