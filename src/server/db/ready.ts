import type { Sql } from './client';
import { readMigrations } from './migrate';
import { outageCode } from './outage';

export type Readiness = { ready: true; ms: number } | { ready: false; reason: string };

/** Whether the database answers `select 1` within `timeoutMs`; a probe must never hang. */
export async function databaseReadiness(sql: Sql, timeoutMs = 2000): Promise<Readiness> {
	const t0 = performance.now();
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(
			() => reject(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
			timeoutMs
		);
	});
	try {
		await Promise.race([sql`select 1`, timeout]);
		return { ready: true, ms: Math.round(performance.now() - t0) };
	} catch (error) {
		return {
			ready: false,
			reason: outageCode(error) ?? (error as { code?: string }).code ?? 'error'
		};
	} finally {
		clearTimeout(timer);
	}
}

export type MigrationState =
	| { current: true; ahead: number }
	| { current: false; missing: string[] }
	| { current: false; reason: string };

/**
 * Whether every migration this process ships is applied. A database ahead of it (a newer
 * process migrated it during a rolling deploy) still counts as current: migrations only add.
 */
export async function migrationsReadiness(sql: Sql, dir: string): Promise<MigrationState> {
	try {
		const rows = await sql<{ version: string }[]>`select version from schema_migrations`;
		const applied = new Set(rows.map((r) => r.version));
		const files = readMigrations(dir);
		const missing = files.filter((m) => !applied.has(m.version)).map((m) => m.name);
		if (missing.length) return { current: false, missing };
		const known = new Set(files.map((m) => m.version));
		return { current: true, ahead: [...applied].filter((v) => !known.has(v)).length };
	} catch (error) {
		return {
			current: false,
			reason: outageCode(error) ?? (error as { code?: string }).code ?? 'error'
		};
	}
}
