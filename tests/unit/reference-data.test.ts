import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_APPLICANTS, DEMO_STAFF, seedDemoAccounts } from '../../src/server/seed/demo';
import { openTestDatabase, type TestDatabase } from '../helpers/db';

let db: TestDatabase;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(() => db.close());

async function one<T>(query: Promise<T[]>): Promise<T> {
	const [row] = await query;
	if (!row) throw new Error('no row');
	return row;
}

describe('reference data', () => {
	it('has Jiangsu, its 13 cities, 95 county-level units and a 本级 choice for each', async () => {
		const rows = await db.sql<{ kind: string; n: number }[]>`
			select kind, count(*)::int as n from regions group by kind`;
		const count = Object.fromEntries(rows.map((r) => [r.kind, r.n]));
		expect(count.province).toBe(1);
		expect(count.city).toBe(13);
		expect((count.district ?? 0) + (count.county_city ?? 0) + (count.county ?? 0)).toBe(95);
		expect(count.benji).toBe(14);
		const orphanCities = await db.sql`
			select c.code from regions c where c.kind = 'city'
			and not exists (select 1 from regions b where b.parent_code = c.code and b.kind = 'benji')`;
		expect(orphanCities).toHaveLength(0);
	});

	it('names the title of every level for the sourced series plus 会计, 经济 and 中小学教师', async () => {
		const engineering = await db.sql<{ levelCode: string; name: string }[]>`
			select level_code, name from title_names where series_id = 'engineering' order by level_code`;
		expect(engineering.map((r) => r.name)).toEqual([
			'正高级工程师',
			'高级工程师',
			'工程师',
			'助理工程师',
			'技术员'
		]);
		const series = await db.sql<{ id: string }[]>`select id from title_series`;
		expect(series.length).toBeGreaterThanOrEqual(16);
		for (const id of ['accounting', 'economics', 'primary-secondary-teacher', 'higher-education']) {
			expect(series.map((s) => s.id)).toContain(id);
		}
	});

	it('has committees with a declaration period open now and one closed', async () => {
		const open = await one(db.sql<{ n: number }[]>`
			select count(*)::int as n from declaration_periods
			where owner_kind = 'committee' and now() between starts_at and ends_at`);
		const closed = await one(db.sql<{ n: number }[]>`
			select count(*)::int as n from declaration_periods
			where owner_kind = 'committee' and ends_at < now()`);
		expect(open.n).toBeGreaterThan(0);
		expect(closed.n).toBeGreaterThan(0);
	});

	it('gives every demo reviewer a scope that exists, matching the demo applicants', async () => {
		await seedDemoAccounts(db.sql);
		expect(await seedDemoAccounts(db.sql)).toBe(false);
		const tables = {
			unit: 'work_units',
			department: 'departments',
			hr: 'declaration_points',
			committee: 'committees',
			accepting: 'accepting_departments'
		} as const;
		for (const staff of DEMO_STAFF) {
			for (const scope of staff.scopes ?? []) {
				const rows = await db.sql`select 1 from ${db.sql(tables[scope.type])}
					where id = ${scope.id}`;
				expect(rows, `${staff.account} → ${scope.id}`).toHaveLength(1);
			}
		}
		const wang = await one(db.sql<{ departmentId: string; regionCode: string }[]>`
			select wu.department_id, wu.region_code from users u join work_units wu on wu.id = u.work_unit_id
			where u.mobile = ${DEMO_APPLICANTS[0]!.mobile}`);
		expect(wang.departmentId).toBe(DEMO_STAFF.find((s) => s.account === 'dept01')!.scopes![0]!.id);
		expect(wang.regionCode.startsWith('3201')).toBe(true);
		// committee01's committee is an open engineering committee in 南京.
		const committee = await one(db.sql<{ seriesId: string; regionCode: string; open: boolean }[]>`
			select c.series_id, c.region_code, exists (
				select 1 from declaration_periods p where p.owner_kind = 'committee' and p.owner_id = c.id
				and now() between p.starts_at and p.ends_at) as open
			from committees c where c.id = 'cmt-nj-eng-c'`);
		expect(committee).toEqual({ seriesId: 'engineering', regionCode: '320100', open: true });
	});
});
