import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoAccounts } from '../../src/server/seed/demo';
import { listCommittees } from '../../src/server/services/reference';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { callerFor } from '../helpers/context';

/**
 * 系统管理 reference data (issue #16 §1): each refusal names its reason in the request's language
 * and saves nothing; a second administrator's save on a changed record is refused; a row in use
 * is retired, not deleted; the applicant's committee search sees the administrator's changes.
 */
let db: TestDatabase;
type Admin = Awaited<ReturnType<typeof callerFor>>;
let admin: Admin;
let adminEn: Admin;

const HOUR = 3600_000;
const committee = {
	id: 'cmt-test-admin',
	revision: null,
	name: '测试市工程中级评委会（示例）',
	regionCode: '320500',
	seriesId: 'engineering',
	levelCodes: ['C' as const],
	specialties: ['机械工程'],
	phone: '0512-12333',
	example: true
};

beforeAll(async () => {
	db = await openTestDatabase();
	await seedDemoAccounts(db.sql);
	admin = await callerFor(db.sql, 'admin');
	adminEn = await callerFor(db.sql, 'admin', 'en');
});
afterAll(() => db.close());

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
	try {
		await p;
	} catch (error) {
		if (error instanceof TRPCError) return { code: error.code, message: error.message };
		throw error;
	}
	throw new Error('expected a refusal');
}

async function counts() {
	const [row] = await db.sql`
		select (select count(*) from committees)::int as committees,
			(select count(*) from declaration_periods)::int as periods,
			(select json_agg(json_build_object('id', id, 'r', revision, 'n', name) order by id) from committees) as rows`;
	return row;
}

describe('reference data an administrator edits', () => {
	it('refuses reviewers and applicants even with a valid form, saving nothing', async () => {
		const before = await counts();
		for (const login of ['dept01', 'committee01', '13800000001']) {
			const other = await callerFor(db.sql, login);
			const answer = await refusal(other.admin.saveCommittee(committee));
			expect(answer.code, login).toBe('FORBIDDEN');
			expect(
				(
					await refusal(
						other.admin.createReviewer({
							account: 'x_' + login.slice(0, 5),
							name: '某人',
							scopes: [{ type: 'unit', id: 'wu-nj-001' }]
						})
					)
				).code
			).toBe('FORBIDDEN');
		}
		expect(await counts()).toEqual(before);
	});

	it('refuses a committee whose region does not exist, in both languages, saving nothing', async () => {
		const before = await counts();
		const zh = await refusal(admin.admin.saveCommittee({ ...committee, regionCode: '329900' }));
		const en = await refusal(adminEn.admin.saveCommittee({ ...committee, regionCode: '329900' }));
		expect(zh).toEqual({ code: 'BAD_REQUEST', message: '所选地区不存在' });
		expect(en).toEqual({ code: 'BAD_REQUEST', message: 'That region does not exist' });
		expect(await counts()).toEqual(before);
	});

	it('adds a committee the applicant finds once it has an open 申报期', async () => {
		const search = {
			regionCode: '320583',
			seriesId: 'engineering',
			level: 'C',
			specialty: '机械工程'
		};
		const before = await listCommittees(db.sql, { ...search, openOnly: true });
		expect(before.map((c) => c.id)).not.toContain(committee.id);

		await admin.admin.saveCommittee(committee);
		expect(
			(await listCommittees(db.sql, { ...search, openOnly: true })).map((c) => c.id)
		).not.toContain(committee.id);
		const now = Date.now();
		await admin.admin.savePeriod({
			id: 'per-test-admin-1',
			revision: null,
			ownerKind: 'committee',
			ownerId: committee.id,
			year: new Date(now).getUTCFullYear(),
			startsAt: new Date(now - HOUR).toISOString(),
			endsAt: new Date(now + 30 * 24 * HOUR).toISOString()
		});
		const found = await listCommittees(db.sql, { ...search, openOnly: true });
		expect(found.find((c) => c.id === committee.id)).toMatchObject({ open: true, retired: false });
	});

	it('refuses an overlapping 申报期 for the same committee', async () => {
		const before = await counts();
		const now = Date.now();
		const answer = await refusal(
			admin.admin.savePeriod({
				id: 'per-test-admin-2',
				revision: null,
				ownerKind: 'committee',
				ownerId: committee.id,
				year: new Date(now).getUTCFullYear(),
				startsAt: new Date(now + 10 * 24 * HOUR).toISOString(),
				endsAt: new Date(now + 60 * 24 * HOUR).toISOString()
			})
		);
		expect(answer).toEqual({
			code: 'BAD_REQUEST',
			message: '与同一评委会（受理部门）的申报期 per-test-admin-1 时间重叠，未保存'
		});
		expect(await counts()).toEqual(before);
	});

	it('tells the second of two administrators that the committee changed, never overwriting', async () => {
		const [row] = await admin.admin.referenceList({ table: 'committees', search: '测试市' });
		expect(row).toMatchObject({ id: committee.id, revision: 1 });
		await admin.admin.saveCommittee({ ...committee, revision: 1, name: '测试市工程评委会 甲' });
		const second = await refusal(
			adminEn.admin.saveCommittee({ ...committee, revision: 1, name: '测试市工程评委会 乙' })
		);
		expect(second.code).toBe('CONFLICT');
		expect(second.message).toMatch(/changed this record/);
		const [after] = await admin.admin.referenceList({ table: 'committees', search: '测试市' });
		expect(after).toMatchObject({ name: '测试市工程评委会 甲', revision: 2 });
	});

	it('refuses to delete a committee in use, saying what uses it; retiring hides it from new declarations', async () => {
		const answer = await refusal(
			admin.admin.deleteRecord({ table: 'committees', id: committee.id, revision: 2 })
		);
		expect(answer).toEqual({
			code: 'CONFLICT',
			message: '正在使用中，不能删除：1 个申报期。请改为停用'
		});
		await admin.admin.setRetired({
			table: 'committees',
			id: committee.id,
			revision: 2,
			retired: true
		});
		const open = await listCommittees(db.sql, { regionCode: '320583', openOnly: true });
		expect(open.map((c) => c.id)).not.toContain(committee.id);
		const all = await listCommittees(db.sql, { regionCode: '320583' });
		expect(all.find((c) => c.id === committee.id)?.retired).toBe(true);
	});

	it('deletes a row nothing uses', async () => {
		const { id } = await admin.admin.saveConsultationPhone({
			id: null,
			revision: null,
			regionCode: '320500',
			topic: '业务咨询',
			org: '测试咨询点（示例）',
			phone: '0512-00000'
		});
		await admin.admin.deleteRecord({ table: 'consultation_phones', id, revision: 1 });
		const rows = await admin.admin.referenceList({
			table: 'consultation_phones',
			search: '测试咨询点'
		});
		expect(rows).toEqual([]);
	});

	it('refuses a period whose end is before its start (schema shared with the form)', async () => {
		const answer = await refusal(
			admin.admin.savePeriod({
				id: 'per-test-admin-3',
				revision: null,
				ownerKind: 'committee',
				ownerId: committee.id,
				year: 2026,
				startsAt: '2026-05-01T00:00:00+08:00',
				endsAt: '2026-04-01T00:00:00+08:00'
			})
		);
		expect(answer.code).toBe('BAD_REQUEST');
	});

	it('writes every change to the audit log', async () => {
		const { rows } = await admin.admin.audit({ action: 'admin.update' });
		expect(rows.map((r) => r.subject)).toContain(`committees:${committee.id}`);
		const retire = await admin.admin.audit({ action: 'admin.retire', actor: 'admin' });
		expect(retire.rows[0]).toMatchObject({
			subject: `committees:${committee.id}`,
			actorAccount: 'admin'
		});
	});
});
