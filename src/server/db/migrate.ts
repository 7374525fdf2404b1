import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { config } from '../config';
import type { Sql } from './client';

const MIGRATION_LOCK = 7_202_611; // any constant shared by every process of this app
const MIGRATION_LOCK_WAIT_MS = 120_000;
const FILE_RE = /^(\d{4})_[a-z0-9_]+\.sql$/;

export interface MigrationFile {
	version: string;
	name: string;
	file: string;
	checksum: string;
}

export class EditedMigrationError extends Error {
	constructor(public readonly name: string) {
		super(`Migration ${name} was edited after it was applied; add a new migration instead`);
	}
}

export function readMigrations(dir: string): MigrationFile[] {
	return readdirSync(dir)
		.filter((name) => FILE_RE.test(name))
		.sort()
		.map((name) => {
			const file = path.join(dir, name);
			const checksum = createHash('sha256').update(readFileSync(file)).digest('hex');
			return { version: name.slice(0, 4), name, file, checksum };
		});
}

/**
 * Applies pending forward-only migrations in order, in one transaction (a savepoint each), under a
 * transaction-level advisory lock so concurrent starts apply each file once. Refuses to run
 * when an applied file no longer matches its recorded checksum.
 */
export async function migrate(sql: Sql, dir: string): Promise<string[]> {
	const files = readMigrations(dir);
	const applied: string[] = [];
	await sql.begin(async (tx) => {
		// A migration may rightly run long (an index on a big table), and another instance may
		// hold the lock that long; once it is ours, DDL waits no longer than app statements do.
		await tx`select set_config('statement_timeout', '0', true),
			set_config('lock_timeout', ${String(MIGRATION_LOCK_WAIT_MS)}, true)`;
		await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK})`;
		await tx`select set_config('lock_timeout', ${String(config.db.lockTimeoutMs)}, true)`;
		// Under the lock: two first starts at once would both create it, and one would fail.
		await tx`create table if not exists schema_migrations (
			version text primary key,
			name text not null,
			checksum text not null,
			applied_at timestamptz not null default now()
		)`;
		const rows = await tx<{ version: string; name: string; checksum: string }[]>`
			select version, name, checksum from schema_migrations`;
		const known = new Map(rows.map((r) => [r.version, r]));
		for (const m of files) {
			const done = known.get(m.version);
			if (done && done.checksum !== m.checksum) throw new EditedMigrationError(m.name);
		}
		for (const m of files) {
			if (known.has(m.version)) continue;
			await tx.savepoint(async (sp) => {
				await sp.file(m.file);
				await sp`insert into schema_migrations (version, name, checksum)
					values (${m.version}, ${m.name}, ${m.checksum})`;
			});
			applied.push(m.name);
		}
	});
	return applied;
}
