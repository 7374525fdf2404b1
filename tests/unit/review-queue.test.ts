import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeIdCheckChar } from '../../src/lib/domain/id-number';
import { seedDemoAccounts } from '../../src/server/seed/demo';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { callerFor } from '../helpers/context';

/** The queue on the demo cases: keyset pages, filters, search, counts, each scope its own. */
let db: TestDatabase;
beforeAll(async () => {
	db = await openTestDatabase();
	await seedDemoAccounts(db.sql, { cases: true });
});
afterAll(() => db.close());

describe('a reviewer’s queue', () => {
	it('pages through 待审核 with a cursor, longest waiting first, without repeats', async () => {
		const unit = await callerFor(db.sql, 'unit01');
		const all = await unit.review.queue({ queue: 'pending' });
		expect(all.rows.length).toBeGreaterThanOrEqual(2);
		expect(all.next).toBeNull();
		const seen: string[] = [];
		let after: string | undefined;
		do {
			const page = await unit.review.queue({ queue: 'pending', limit: 1, after });
			seen.push(...page.rows.map((r) => r.caseId));
			after = page.next ?? undefined;
		} while (after);
		expect(seen).toEqual(all.rows.map((r) => r.caseId));
		const since = all.rows.map((r) => r.since);
		expect([...since].sort()).toEqual(since);
		const recent = await unit.review.queue({ queue: 'pending', sort: 'recent' });
		expect(recent.rows.map((r) => r.caseId)).toEqual(all.rows.map((r) => r.caseId).reverse());
		// A cursor that is not ours starts from the first page.
		expect((await unit.review.queue({ queue: 'pending', after: 'garbage' })).rows).toEqual(
			all.rows
		);
	});

	it('finds by name, by the digits after the mask, and filters by series', async () => {
		const unit = await callerFor(db.sql, 'unit01');
		const byName = await unit.review.queue({ queue: 'pending', search: '赵敏' });
		expect(byName.rows.map((r) => r.applicantName)).toEqual(['赵敏（示例）']);
		const id = '32010219920415002' + computeIdCheckChar('32010219920415002');
		const tail = id.slice(-4);
		const byDigits = await unit.review.queue({ queue: 'pending', search: `320102********${tail}` });
		expect(byDigits.rows.map((r) => r.idNumberMasked)).toEqual([`320102********${tail}`]);
		expect((await unit.review.queue({ queue: 'pending', search: '%' })).rows).toEqual([]);
		// The queue searches the copy on the case; a corrected name reaches it at once.
		await db.sql`update users set name = '赵敏改（示例）' where name = '赵敏（示例）'`;
		const renamed = await unit.review.queue({ queue: 'pending', search: '赵敏改' });
		expect(renamed.rows.map((r) => r.applicantName)).toEqual(['赵敏改（示例）']);
		await db.sql`update users set name = '赵敏（示例）' where name = '赵敏改（示例）'`;
		expect((await unit.review.queue({ queue: 'pending', seriesId: 'accounting' })).rows).toEqual(
			[]
		);
		expect(
			(await unit.review.queue({ queue: 'pending', seriesId: 'engineering', level: 'C' })).rows
				.length
		).toBe((await unit.review.queue({ queue: 'pending' })).rows.length);
	});

	it('gives each demo reviewer a non-empty 待审核 of its own scope, and counts that match', async () => {
		for (const login of ['unit01', 'dept01', 'hr01', 'committee01', 'unit02']) {
			const r = await callerFor(db.sql, login);
			const pending = await r.review.queue({ queue: 'pending', limit: 100 });
			expect(pending.rows.length, login).toBeGreaterThan(0);
			const counts = await r.review.counts();
			expect(counts.pending, login).toBe(pending.rows.length);
		}
		const unit = await callerFor(db.sql, 'unit01');
		expect(
			(await unit.review.queue({ queue: 'returned' })).rows.map((r) => r.applicantName)
		).toEqual(['冯雪（示例）']);
		expect((await unit.review.queue({ queue: 'done' })).rows.length).toBe(3);
		const other = await callerFor(db.sql, 'unit02');
		const theirs = (await other.review.queue({ queue: 'pending' })).rows.map(
			(r) => r.applicantName
		);
		expect(theirs.every((n) => ['陈刚（示例）', '褚红（示例）'].includes(n))).toBe(true);
	});
});
