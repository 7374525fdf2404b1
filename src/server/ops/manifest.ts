import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Sql, TransactionSql } from '../db/client';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 1;

/** Rows that say what a backup holds; a restore must find the same numbers. */
export interface RowCounts {
	users: number;
	cases: number;
	uploads: number;
	verifiedUploads: number;
	attachments: number;
}

export interface Manifest {
	format: typeof MANIFEST_FORMAT;
	createdAt: string;
	database: {
		kind: 'postgres' | 'embedded';
		/** pg_dump custom format (postgres) or PGlite's dumpDataDir tarball (embedded). */
		file: string;
		/** The newest applied migration, e.g. `0017_module_set_rebase.sql`. */
		migration: string | null;
		migrations: number;
	};
	counts: RowCounts;
	files:
		| { kind: 'folder'; file: string; entries: number }
		| { kind: 's3'; bucket: string; note: string };
	/** SHA-256 (hex) of every file of the backup besides this manifest. */
	sha256: Record<string, string>;
}

export async function rowCounts(sql: Sql | TransactionSql): Promise<RowCounts> {
	const [row] = await sql<RowCounts[]>`select
		(select count(*)::int from users) as users,
		(select count(*)::int from cases) as cases,
		(select count(*)::int from uploads) as uploads,
		(select count(*)::int from uploads where status = 'verified') as verified_uploads,
		(select count(*)::int from attachments) as attachments`;
	return row!;
}

export async function migrationLevel(
	sql: Sql | TransactionSql
): Promise<{ migration: string | null; count: number }> {
	const rows = await sql<{ name: string }[]>`select name from schema_migrations order by version`;
	return { migration: rows.at(-1)?.name ?? null, count: rows.length };
}

export function sha256File(file: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const hash = createHash('sha256');
		createReadStream(file)
			.on('data', (chunk) => hash.update(chunk))
			.on('error', reject)
			.on('end', () => resolve(hash.digest('hex')));
	});
}

export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
	await writeFile(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, '\t') + '\n', {
		flag: 'wx'
	});
}

export async function readManifest(dir: string): Promise<Manifest> {
	const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
	if (manifest.format !== MANIFEST_FORMAT) {
		throw new Error(`${MANIFEST_FILE}: unknown backup format ${String(manifest.format)}`);
	}
	return manifest;
}

/** The names of the backup's files whose SHA-256 differs from the manifest's (or are missing). */
export async function damagedFiles(dir: string, manifest: Manifest): Promise<string[]> {
	const damaged: string[] = [];
	for (const [name, expected] of Object.entries(manifest.sha256)) {
		const actual = await sha256File(path.join(dir, path.basename(name))).catch(() => null);
		if (actual !== expected) damaged.push(name);
	}
	return damaged;
}
