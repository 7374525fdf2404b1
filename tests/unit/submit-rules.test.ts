import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '../../src/lib/domain/sync';
import { validReviewModules } from '../../src/lib/domain/modules/fixtures';
import type { Locale } from '../../src/lib/i18n/locale';
import { seedDemoAccounts } from '../../src/server/seed/demo';
import { chinaYear } from '../../src/server/services/reference';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { callerFor, userIdBy } from '../helpers/context';

let db: TestDatabase;
let wang: string;
const year = chinaYear();
const clientId = randomUUID();

beforeAll(async () => {
	db = await openTestDatabase();
	await seedDemoAccounts(db.sql);
	wang = await userIdBy(db.sql, '13800000001');
});
afterAll(() => db.close());

async function push(mutations: Mutation[], locale: Locale = 'zh-CN') {
	const caller = await callerFor(db.sql, '13800000001', locale);
	const { results } = await caller.sync.push({ clientId, mutations });
	return results;
}

/** Verified uploads linked to the case, as tus + file.attach would leave them. */
async function attachFiles(caseId: string, module: string, slots: string[]) {
	const ids: Record<string, string> = {};
	for (const slot of slots) {
		const id = randomUUID();
		await db.sql`insert into uploads (id, owner_id, case_id, name, mime, size, sha256, storage_key, status)
			values (${id}, ${wang}, ${caseId}, ${slot + '.pdf'}, 'application/pdf', 1024,
				${'a'.repeat(64)}, ${'test/' + id}, 'verified')`;
		await db.sql`insert into attachments (id, case_id, module, slot)
			values (${id}, ${caseId}, ${module}, ${slot})`;
		ids[slot] = id;
	}
	return ids;
}

/** A review case with the given modules saved once (revision 1 each). */
async function draftCase(
	modules: (files: {
		unitConsent: string;
		personalPledge: string;
	}) => Record<string, Record<string, unknown>>
) {
	const caseId = randomUUID();
	const [created] = await push([
		{ id: randomUUID(), caseId, op: 'case.create', payload: { kind: 'review' } }
	]);
	expect(created).toMatchObject({ status: 'applied' });
	const files = await attachFiles(caseId, 'unit_proof', ['unit_consent', 'personal_pledge']);
	const data = modules({
		unitConsent: files.unit_consent!,
		personalPledge: files.personal_pledge!
	});
	const saves: Mutation[] = Object.entries(data).map(([module, d]) => ({
		id: randomUUID(),
		caseId,
		op: 'module.save',
		module,
		baseRevision: 0,
		payload: { data: d }
	}));
	for (const result of await push(saves)) expect(result).toMatchObject({ status: 'applied' });
	return { caseId, revisions: Object.fromEntries(Object.keys(data).map((k) => [k, 1])) };
}

async function submit(c: { caseId: string; revisions: Record<string, number> }, locale?: Locale) {
	const [result] = await push(
		[
			{ id: randomUUID(), caseId: c.caseId, op: 'case.submit', payload: { revisions: c.revisions } }
		],
		locale
	);
	return result;
}

async function caseRow(caseId: string) {
	const [row] = await db.sql<
		{ status: string; receiptNo: string | null; submittedAt: Date | null }[]
	>`
		select status, receipt_no, submitted_at from cases where id = ${caseId}`;
	return row;
}

describe('提交 on the server (sync.push case.submit)', () => {
	it('refuses a case missing a required module, naming it; nothing changes', async () => {
		const c = await draftCase((files) => {
			const data = validReviewModules(year, files);
			delete data.achievements; // required by the 南京市工程技术中级评委会 set
			return data;
		});
		const result = await submit(c);
		expect(result).toMatchObject({ status: 'rejected', code: 'incomplete' });
		expect(result && 'reason' in result && result.reason).toBe(
			'申报信息不完整，不能提交：必填模块“专业技术工作业绩”尚未填写'
		);
		expect(await caseRow(c.caseId)).toEqual({
			status: 'draft',
			receiptNo: null,
			submittedAt: null
		});
		const en = await submit(c, 'en');
		expect(en && 'reason' in en && en.reason).toContain(
			'The required module “Professional achievements” is not filled in'
		);
	});

	it('lists every problem: a manual education record without its upload, a short summary', async () => {
		const c = await draftCase((files) => ({
			...validReviewModules(year, files),
			education: {
				records: [
					{
						source: 'manual',
						school: '东南大学',
						major: '计算机科学与技术',
						education: '本科',
						degree: '学士',
						graduatedOn: '2012-06-30',
						studyMode: '全日制',
						eduCertNo: '102861201205003071'
					}
				]
			},
			work_summary: { text: '本人从事电子信息工作。' }
		}));
		const result = await submit(c);
		expect(result).toMatchObject({ status: 'rejected', code: 'incomplete' });
		const reason = result && 'reason' in result ? result.reason : '';
		expect(reason).toContain('填写证书编号后必须上传对应的材料');
		expect(reason).toContain('工作总结不少于 800 字');
		expect((await caseRow(c.caseId))?.status).toBe('draft');
	});

	it('refuses 提交 when the committee’s 申报期 is closed, suggests 取消申请, keeps the draft', async () => {
		const c = await draftCase((files) => ({
			...validReviewModules(year, files),
			declaration_info: {
				level: 'C',
				seriesId: 'accounting',
				specialty: '会计',
				committeeId: 'cmt-nj-acc-c',
				year
			}
		}));
		const result = await submit(c);
		expect(result).toMatchObject({ status: 'rejected', code: 'period_closed' });
		expect(result && 'reason' in result && result.reason).toContain('取消申请');
		expect(await caseRow(c.caseId)).toEqual({
			status: 'draft',
			receiptNo: null,
			submittedAt: null
		});
		// The draft stays editable, and 取消申请 still works.
		const [cancel] = await push([
			{ id: randomUUID(), caseId: c.caseId, op: 'case.cancel', payload: {} }
		]);
		expect(cancel).toMatchObject({ status: 'applied' });
	});

	it('applies a complete case, then refuses a second open case of the same kind and series', async () => {
		const first = await draftCase((files) => validReviewModules(year, files));
		expect(await submit(first)).toMatchObject({ status: 'applied' });
		const row = await caseRow(first.caseId);
		expect(row?.status).toBe('submitted');
		expect(row?.receiptNo).toMatch(/^ZC\d{14}$/);

		const second = await draftCase((files) => validReviewModules(year, files));
		const result = await submit(second);
		expect(result).toMatchObject({ status: 'rejected', code: 'duplicate_case' });
		expect(result && 'reason' in result && result.reason).toBe(
			'您在同一职称系列已有正在办理的同类申报，不能重复提交'
		);
		expect(await caseRow(second.caseId)).toEqual({
			status: 'draft',
			receiptNo: null,
			submittedAt: null
		});
	});

	it('refuses a committee that does not take the chosen specialty', async () => {
		const c = await draftCase((files) => {
			const data = validReviewModules(year, files);
			data.declaration_info = { ...data.declaration_info, seriesId: 'accounting' };
			return data;
		});
		const result = await submit(c);
		expect(result).toMatchObject({ status: 'rejected', code: 'incomplete' });
		expect(result && 'reason' in result && result.reason).toContain(
			'所选评委会或报送受理部门不受理'
		);
	});
});

describe('reference procedures (public)', () => {
	const anon = () => callerFor(db.sql, null);

	it('finds no open committee for a closed committee’s combination → 「未查到相关的评委会」', async () => {
		const caller = await anon();
		const filter = {
			regionCode: '320104',
			seriesId: 'accounting',
			level: 'C' as const,
			specialty: '会计'
		};
		expect(await caller.reference.committees({ ...filter, openOnly: true })).toEqual([]);
		const all = await caller.reference.committees(filter);
		expect(all.map((c) => [c.id, c.open])).toEqual([['cmt-nj-acc-c', false]]);
		const open = await caller.reference.committees({
			regionCode: '320106',
			seriesId: 'engineering',
			level: 'C',
			specialty: '电子信息',
			openOnly: true
		});
		expect(open.map((c) => c.id)).toEqual(['cmt-nj-eng-c']);
		expect(open[0]?.periods.some((p) => !p.open)).toBe(true); // last round, closed
	});

	it('searches work units by part of the name (≥ 2 characters, ≤ 20 rows)', async () => {
		const caller = await anon();
		const hits = await caller.reference.searchUnits({ name: ' 江宁 ' });
		expect(hits.map((h) => h.name).sort()).toEqual([
			'南京市江宁区第二人民医院',
			'南京江宁智能装备有限公司'
		]);
		expect(hits.find((h) => h.id === 'wu-nj-002')).toMatchObject({
			creditCode: '91320115MA1XK2P7X6',
			natureName: '民营企业',
			regionName: '江宁区',
			departmentName: '南京市工业和信息化局'
		});
		expect((await caller.reference.searchUnits({ name: '南京' })).length).toBeLessThanOrEqual(20);
		expect(await caller.reference.searchUnits({ name: '%%' })).toEqual([]);
		await expect(caller.reference.searchUnits({ name: '南' })).rejects.toBeInstanceOf(TRPCError);
	});

	it('lists departments and accepting departments serving a region', async () => {
		const caller = await anon();
		const depts = (await caller.reference.departments({ regionCode: '320106' })).map((d) => d.id);
		expect(depts).toContain('dept-none');
		expect(depts).toContain('dept-nj-gxj');
		expect(depts).toContain('dept-js-kjt');
		expect(depts).not.toContain('dept-sz-gxj');
		const ha = await caller.reference.acceptingDepartments({ regionCode: '320803' });
		expect(ha.map((d) => [d.id, d.open])).toEqual([['ad-ha', false]]);
		const nj = await caller.reference.acceptingDepartments({
			regionCode: '320104',
			seriesId: 'primary-secondary-teacher',
			level: 'D'
		});
		expect(nj.map((d) => d.id)).toEqual(['ad-nj-edu', 'ad-nj']);
		expect(
			await caller.reference.acceptingDepartments({ regionCode: '320104', level: 'B' })
		).toEqual([]);
	});

	it('serves the newest module set version and a versioned bundle without personal data', async () => {
		const caller = await anon();
		const strict = await caller.reference.moduleSet({
			kind: 'review',
			ownerType: 'committee',
			ownerId: 'cmt-nj-eng-c',
			year
		});
		expect(strict?.version).toBe(2);
		expect(strict?.modules.find((m) => m.key === 'achievements')?.required).toBe(true);
		expect(strict?.modules.find((m) => m.key === 'work_summary')?.limits).toEqual({
			minChars: 800,
			maxChars: 5000
		});
		const bundle = await caller.reference.bundle();
		expect(bundle.version).toMatch(/^[0-9a-f]{16}$/);
		expect((await caller.reference.bundle()).version).toBe(bundle.version);
		const committees = await db.sql<{ id: string }[]>`select id from committees`;
		const departments = await db.sql<{ id: string }[]>`select id from accepting_departments`;
		expect(bundle.moduleSets).toHaveLength(committees.length + departments.length);
		expect(bundle.moduleSets.find((s) => s.ownerId === 'ad-sz-sip')?.version).toBe(2);
		expect(bundle.regions.length).toBeGreaterThan(120);
		expect(bundle.series.find((s) => s.id === 'engineering')?.titles.C).toBe('工程师');
		const text = JSON.stringify(bundle);
		expect(text).not.toContain('320102199003070025');
		expect(text).not.toContain('13800000001');
	});

	it('education.lookup (自动获取) returns only the signed-in applicant’s own records', async () => {
		const wangCaller = await callerFor(db.sql, '13800000001');
		const result = await wangCaller.education.lookup();
		expect(result).toEqual({
			found: true,
			records: [
				{
					source: 'registry',
					school: '东南大学',
					major: '计算机科学与技术',
					education: '本科',
					degree: '学士',
					graduatedOn: '2012-06-30',
					studyMode: '全日制',
					eduCertNo: '102861201205003071',
					degreeCertNo: '1028642012003071'
				}
			]
		});
		const li = await callerFor(db.sql, '13800000002');
		expect((await li.education.lookup()).records.map((r) => r.education)).toEqual([
			'本科',
			'硕士研究生'
		]);
	});
});
