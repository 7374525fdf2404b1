import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../tests/helpers/db';
import { databaseReadiness, migrationsReadiness } from './ready';

const MIGRATIONS = path.resolve('migrations');

describe('readiness of the database', () => {
	let tdb: TestDatabase;
	let dir: string;
	beforeAll(async () => {
		tdb = await openTestDatabase();
		dir = mkdtempSync(path.join(tmpdir(), 'zc-ready-'));
	});
	afterAll(async () => {
		await tdb.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('answers a migrated database as up and current', async () => {
		expect(await databaseReadiness(tdb.sql)).toMatchObject({ ready: true });
		expect(await migrationsReadiness(tdb.sql, MIGRATIONS)).toEqual({ current: true, ahead: 0 });
	});

	it('a process shipping a migration the database lacks is not ready; one behind it is', async () => {
		const newer = path.join(dir, 'newer');
		cpSync(MIGRATIONS, newer, { recursive: true });
		writeFileSync(path.join(newer, '9999_not_applied.sql'), 'select 1;\n');
		expect(await migrationsReadiness(tdb.sql, newer)).toEqual({
			current: false,
			missing: ['9999_not_applied.sql']
		});
		// An older process during a rolling deploy: the database is ahead of it, which is fine.
		const older = path.join(dir, 'older');
		cpSync(MIGRATIONS, older, { recursive: true });
		rmSync(path.join(older, '0016_admin.sql'));
		expect(await migrationsReadiness(tdb.sql, older)).toEqual({ current: true, ahead: 1 });
	});
});
