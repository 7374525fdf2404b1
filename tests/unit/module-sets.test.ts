import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModuleSetInput } from '../../src/lib/domain/admin/module-set-input';
import type { ModuleSetEntry } from '../../src/lib/domain/modules/module-set';
import { seedDemoAccounts } from '../../src/server/seed/demo';
import { chinaYear, findModuleSet } from '../../src/server/services/reference';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { callerFor } from '../helpers/context';
import { draftReviewCase, pushAs, submitCase, type DraftCase } from '../helpers/cases';

/**
 * 申报模块配置 (issue #16 §2): saving writes a new version (refused without 个人基本信息, with
 * an unknown module, inverted limits, on a stale version, or by anyone but the administrator);
 * the next pull rebases an open draft on it with exactly one 「申报要求有变化」 notice; a
 * submitted case is not rebased; the server's 提交 follows the version in force.
 */
let db: TestDatabase;
type Caller = Awaited<ReturnType<typeof callerFor>>;
let admin: Caller;
let adminEn: Caller;
const YEAR = chinaYear();
const OWNER = { kind: 'review' as const, ownerType: 'committee' as const, ownerId: 'cmt-nj-eng-c' };

beforeAll(async () => {
	db = await openTestDatabase();
	await seedDemoAccounts(db.sql);
	admin = await callerFor(db.sql, 'admin');
	adminEn = await callerFor(db.sql, 'admin', 'en');
});
afterAll(() => db.close());

async function refusal(p: Promise<unknown>) {
	try {
		await p;
	} catch (error) {
		if (!(error instanceof TRPCError)) throw error;
		const cause = error.cause as { issues?: { message: string }[] } | undefined;
		return { code: error.code, message: error.message, issues: cause?.issues ?? [] };
	}
	throw new Error('expected a refusal');
}

/** The set in force now, as a form would be loaded from it. */
async function current() {
	const set = (await findModuleSet(db.sql, { ...OWNER, year: YEAR }))!;
	return set;
}

function form(version: number, modules: ModuleSetEntry[]): ModuleSetInput {
	return { ...OWNER, year: YEAR, baseVersion: version, modules };
}

async function versionCount(): Promise<number> {
	const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from module_sets`;
	return row!.n;
}

async function pullAs(login: string) {
	const caller = await callerFor(db.sql, login);
	return caller.sync.pull({ since: '0' });
}

async function noticesOf(caseId: string) {
	return db.sql<{ kind: string; changes: unknown }[]>`
		select kind, changes from notices where case_id = ${caseId} order by change_seq`;
}

async function recorded(caseId: string): Promise<string | null> {
	const [row] = await db.sql<{ moduleSetId: string | null }[]>`
		select module_set_id from cases where id = ${caseId}`;
	return row!.moduleSetId;
}

const withCe = (modules: readonly ModuleSetEntry[]): ModuleSetEntry[] =>
	modules.map((e) => (e.key === 'continuing_education' ? { ...e, required: true } : e));

describe('saving a module set', () => {
	it('writes the next version, keeps the old one and audits the save', async () => {
		const before = await current();
		const saved = await admin.admin.saveModuleSet(
			form(
				before.version,
				before.modules.map((e) => (e.key === 'other_materials' ? { ...e, required: true } : e))
			)
		);
		expect(saved.version).toBe(before.version + 1);
		const [old] = await db.sql<{ modules: ModuleSetEntry[] }[]>`
			select modules from module_sets where id = ${before.id}`;
		expect(old!.modules).toEqual(before.modules);
		const now = await current();
		expect(now.id).toBe(saved.id);
		expect(now.modules.find((e) => e.key === 'other_materials')?.required).toBe(true);
		const [entry] = await db.sql<{ action: string }[]>`
			select action from audit_log where subject = ${'module_sets:' + saved.id}`;
		expect(entry?.action).toBe('admin.module_set');
		const versions = await admin.admin.moduleSetVersions({
			kind: 'review',
			ownerId: OWNER.ownerId,
			year: YEAR
		});
		expect(versions.map((v) => v.version).slice(0, 2)).toEqual([saved.version, before.version]);
	});

	it('refuses a set without 个人基本信息, in both languages, saving nothing', async () => {
		const set = await current();
		const n = await versionCount();
		const without = form(
			set.version,
			set.modules.filter((e) => e.key !== 'basic_info')
		);
		const zh = await refusal(admin.admin.saveModuleSet(without));
		expect(zh.code).toBe('BAD_REQUEST');
		expect(zh.issues.map((i) => i.message)).toContain('admin_module_basic_info');
		const en = await refusal(adminEn.admin.saveModuleSet(without));
		expect(en.code).toBe('BAD_REQUEST');
		expect(await versionCount()).toBe(n);
	});

	it('refuses an unknown module and limits whose minimum exceeds the maximum', async () => {
		const set = await current();
		const n = await versionCount();
		const unknown = await refusal(
			admin.admin.saveModuleSet(
				form(set.version, [
					...set.modules,
					{ key: 'hobbies' as ModuleSetEntry['key'], required: false }
				])
			)
		);
		expect(unknown.issues.map((i) => i.message)).toContain('admin_module_unknown');
		const inverted = await refusal(
			admin.admin.saveModuleSet(
				form(
					set.version,
					set.modules.map((e) =>
						e.key === 'work_summary' ? { ...e, limits: { minChars: 900, maxChars: 800 } } : e
					)
				)
			)
		);
		expect(inverted.issues.map((i) => i.message)).toContain('admin_module_limits');
		expect(await versionCount()).toBe(n);
	});

	it('refuses a save on top of a version that is no longer the newest (已被他人修改)', async () => {
		const set = await current();
		const first = await admin.admin.saveModuleSet(form(set.version, set.modules));
		const n = await versionCount();
		const second = await refusal(admin.admin.saveModuleSet(form(set.version, set.modules)));
		expect(second.code).toBe('CONFLICT');
		expect(second.message).toContain('已被他人修改');
		const en = await refusal(adminEn.admin.saveModuleSet(form(set.version, set.modules)));
		expect(en.message).toMatch(/changed this record/);
		expect(await versionCount()).toBe(n);
		expect((await current()).id).toBe(first.id);
	});

	it('refuses an owner that does not exist', async () => {
		const n = await versionCount();
		const missing = await refusal(
			admin.admin.saveModuleSet({
				...form(1, (await current()).modules),
				ownerId: 'cmt-nowhere',
				baseVersion: null
			})
		);
		expect(missing.code).toBe('BAD_REQUEST');
		expect(missing.message).toContain('不存在');
		expect(await versionCount()).toBe(n);
	});

	it('refuses reviewers and applicants, saving nothing', async () => {
		const set = await current();
		const n = await versionCount();
		for (const login of ['dept01', 'committee01', '13800000001']) {
			const caller = await callerFor(db.sql, login);
			expect((await refusal(caller.admin.saveModuleSet(form(set.version, set.modules)))).code).toBe(
				'FORBIDDEN'
			);
		}
		expect(await versionCount()).toBe(n);
	});
});

describe('rebasing open drafts on the next pull', () => {
	let draft: DraftCase;

	it('records the version a draft is first checked against, without a notice', async () => {
		draft = await draftReviewCase(db.sql);
		expect(await recorded(draft.caseId)).toBeNull();
		await pullAs(draft.login);
		expect(await recorded(draft.caseId)).toBe((await current()).id);
		expect(await noticesOf(draft.caseId)).toEqual([]);
	});

	it('writes exactly one notice listing every change, and it arrives with the pull', async () => {
		const set = await current();
		const next = set.modules
			.filter((e) => e.key !== 'publications')
			.map((e) =>
				e.key === 'work_summary' ? { ...e, limits: { minChars: 800, maxChars: 6000 } } : e
			)
			.map((e) => (e.key === 'awards' ? { ...e, required: true } : e));
		const saved = await admin.admin.saveModuleSet(form(set.version, next));
		const pulled = await pullAs(draft.login);
		const notices = pulled.changes.filter((c) => c.type === 'notice');
		expect(notices).toHaveLength(1);
		const notice = notices[0]!.type === 'notice' ? notices[0]!.notice : null;
		expect(notice).toMatchObject({ caseId: draft.caseId, kind: 'requirements_changed' });
		expect(notice!.changes).toEqual([
			{ module: 'awards', change: 'required' },
			{
				module: 'work_summary',
				change: 'limits',
				before: { minChars: 800, maxChars: 5000 },
				after: { minChars: 800, maxChars: 6000 }
			},
			{ module: 'publications', change: 'removed' }
		]);
		expect(await recorded(draft.caseId)).toBe(saved.id);
		// Pulled again: nothing new to say.
		await pullAs(draft.login);
		expect(await noticesOf(draft.caseId)).toHaveLength(1);
	});

	it('refuses 提交 by the server until the module made required is filled', async () => {
		const set = await current();
		await admin.admin.saveModuleSet(
			form(
				set.version,
				withCe(set.modules).map((e) =>
					e.key === 'awards' || e.key === 'other_materials' ? { ...e, required: false } : e
				)
			)
		);
		await pullAs(draft.login);
		expect((await noticesOf(draft.caseId)).map((n) => n.changes)).toContainEqual([
			{ module: 'awards', change: 'optional' },
			{ module: 'continuing_education', change: 'required' },
			{ module: 'other_materials', change: 'optional' }
		]);
		const refused = await submitCase(db.sql, draft);
		expect(refused).toMatchObject({ status: 'rejected' });
		expect(refused.status === 'rejected' && refused.reason).toContain('继续教育');
		const [saved] = await pushAs(db.sql, draft.login, [
			{
				id: randomUUID(),
				caseId: draft.caseId,
				op: 'module.save',
				module: 'continuing_education',
				baseRevision: 0,
				payload: {
					data: {
						rows: [
							{
								from: '2024-03',
								to: '2024-06',
								organizer: '江苏省专业技术人员继续教育基地',
								content: '新一代信息技术',
								hours: 48
							}
						]
					}
				}
			}
		]);
		expect(saved?.status).toBe('applied');
		draft.revisions.continuing_education = 1;
		const accepted = await submitCase(db.sql, draft);
		expect(accepted, JSON.stringify(accepted)).toMatchObject({ status: 'applied' });
		expect(await recorded(draft.caseId)).toBe((await current()).id);
	});

	it('does not rebase a submitted case', async () => {
		// The case submitted above is in review: a newer version changes nothing for it.
		const before = await recorded(draft.caseId);
		const count = (await noticesOf(draft.caseId)).length;
		const set = await current();
		await admin.admin.saveModuleSet(
			form(
				set.version,
				set.modules.map((e) => (e.key === 'annual_review' ? { ...e, required: true } : e))
			)
		);
		await pullAs(draft.login);
		expect(await recorded(draft.caseId)).toBe(before);
		expect(await noticesOf(draft.caseId)).toHaveLength(count);
	});
});
