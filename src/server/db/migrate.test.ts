import { cpSync, mkdtempSync, appendFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../tests/helpers/db';
import { EditedMigrationError, migrate, readMigrations } from './migrate';

let db: TestDatabase;
let dir: string;

beforeAll(async () => {
	db = await openTestDatabase();
	dir = mkdtempSync(path.join(tmpdir(), 'zc-mig-'));
	cpSync('migrations', dir, { recursive: true });
});
afterAll(async () => {
	await db.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('migration runner', () => {
	it('has recorded every migration file with its checksum', async () => {
		const rows = await db.sql<{ version: string; checksum: string }[]>`
			select version, checksum from schema_migrations order by version`;
		expect(rows.map((r) => [r.version, r.checksum])).toEqual(
			readMigrations(dir).map((m) => [m.version, m.checksum])
		);
	});

	it('applies nothing the second time', async () => {
		expect(await migrate(db.sql, dir)).toEqual([]);
	});

	it('applies a new migration once, forward only', async () => {
		const file = path.join(dir, '9990_test_probe.sql');
		appendFileSync(file, 'create table migration_probe (id int primary key);\n');
		expect(await migrate(db.sql, dir)).toEqual(['9990_test_probe.sql']);
		expect(await migrate(db.sql, dir)).toEqual([]);
		const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from migration_probe`;
		expect(row?.n).toBe(0);
	});

	it('refuses to start when an applied migration was edited, and changes nothing', async () => {
		appendFileSync(
			path.join(dir, '9990_test_probe.sql'),
			'insert into migration_probe values (1);\n'
		);
		appendFileSync(path.join(dir, '9991_later.sql'), 'create table later_probe (id int);\n');
		await expect(migrate(db.sql, dir)).rejects.toBeInstanceOf(EditedMigrationError);
		const [row] = await db.sql<{ n: number }[]>`
			select count(*)::int as n from information_schema.tables where table_name = 'later_probe'`;
		expect(row?.n).toBe(0);
	});
});
