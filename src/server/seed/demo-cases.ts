import type { Sql } from '../db/client';
import { computeIdCheckChar } from '$lib/domain/id-number';
import { reviewerScopes } from '$lib/domain/roles';
import type { ReviewAction } from '$lib/domain/case-status';
import { validReviewModules } from '$lib/domain/modules/fixtures';
import { loadSessionUser } from '../auth/users';
import { startReview } from '../services/cases/route';
import { act } from '../services/review/act';

/**
 * Submitted demo cases at every level, so each demo reviewer opens a non-empty queue at once.
 * The applicants are synthetic (示例), in 王芳's unit or 李强's; each case is moved along by the
 * demo reviewers' own actions, through the same service the dashboard calls.
 */
interface DemoCase {
	name: string;
	/** First 17 digits of the ID number; the check character is computed. */
	id17: string;
	mobile: string;
	city: 'nj' | 'sz';
	/** Reviewer actions after 提交, in order: [account, action]. */
	steps: [string, ReviewAction][];
}

const DEMO_CASES: DemoCase[] = [
	{ name: '赵敏（示例）', id17: '32010219920415002', mobile: '13900000011', city: 'nj', steps: [] },
	{ name: '钱伟（示例）', id17: '32010419880921003', mobile: '13900000012', city: 'nj', steps: [] },
	{
		name: '孙丽（示例）',
		id17: '32010519910102004',
		mobile: '13900000013',
		city: 'nj',
		steps: [['unit01', 'pass']]
	},
	{
		name: '周杰（示例）',
		id17: '32011319870630005',
		mobile: '13900000014',
		city: 'nj',
		steps: [
			['unit01', 'pass'],
			['dept01', 'pass']
		]
	},
	{
		name: '吴静（示例）',
		id17: '32011419930317006',
		mobile: '13900000015',
		city: 'nj',
		steps: [
			['unit01', 'pass'],
			['dept01', 'pass'],
			['hr01', 'pass']
		]
	},
	{
		name: '冯雪（示例）',
		id17: '32011519940808007',
		mobile: '13900000016',
		city: 'nj',
		steps: [['unit01', 'return']]
	},
	{ name: '陈刚（示例）', id17: '32058319890512008', mobile: '13900000017', city: 'sz', steps: [] },
	{ name: '褚红（示例）', id17: '32058319900225009', mobile: '13900000018', city: 'sz', steps: [] }
];

const SUZHOU = {
	basic_info: {
		regionCode: '320583',
		departmentId: 'dept-sz-ks-gxj',
		workUnitId: 'wu-sz-001',
		workUnitName: '昆山精工机械有限公司',
		creditCode: '91320583MA1MB7HD2C'
	},
	declaration_info: { specialty: '机械工程', committeeId: 'cmt-sz-eng-c' }
};

function modulesFor(c: DemoCase, year: number): Record<string, Record<string, unknown>> {
	const base = validReviewModules(year, { unitConsent: '', personalPledge: '' });
	delete base.unit_proof;
	base.basic_info = { ...base.basic_info, phone: c.mobile, email: undefined };
	if (c.city === 'sz') {
		base.basic_info = { ...base.basic_info, ...SUZHOU.basic_info };
		base.declaration_info = { ...base.declaration_info, ...SUZHOU.declaration_info };
		base.work_history = { rows: [] };
	}
	return base;
}

export async function seedDemoCases(sql: Sql, passwordHash: string): Promise<number> {
	const year = new Date().getFullYear();
	const reviewers = new Map<string, Awaited<ReturnType<typeof loadSessionUser>>>();
	for (const c of DEMO_CASES) {
		const idNumber = c.id17 + computeIdCheckChar(c.id17);
		const caseId = crypto.randomUUID();
		const modules = modulesFor(c, year);
		await sql.begin(async (tx) => {
			const [user] = await tx<{ id: string }[]>`
				insert into users (kind, name, id_number, mobile, password_hash, work_unit_id, identity_verified_at)
				values ('applicant', ${c.name}, ${idNumber}, ${c.mobile}, ${passwordHash},
					${String(modules.basic_info!.workUnitId)}, now())
				returning id`;
			await tx`insert into user_roles (user_id, role) values (${user!.id}, 'applicant')`;
			await tx`insert into cases (id, applicant_id, kind) values (${caseId}, ${user!.id}, 'review')`;
			for (const [module, data] of Object.entries(modules)) {
				await tx`insert into case_modules (case_id, module, data, revision)
					values (${caseId}, ${module}, ${tx.json(data as never)}, 1)`;
			}
			const [period] = await tx<{ id: string }[]>`
				select id from declaration_periods where owner_kind = 'committee'
					and owner_id = ${String(modules.declaration_info!.committeeId)}
					and now() between starts_at and ends_at limit 1`;
			await startReview(tx, caseId, 'review', modules, period?.id ?? null);
		});
		for (const [ordinal, [account, action]] of c.steps.entries()) {
			if (!reviewers.has(account)) {
				const [row] = await sql<{ id: string }[]>`select id from users where account = ${account}`;
				reviewers.set(account, await loadSessionUser(sql, row!.id));
			}
			const reviewer = reviewers.get(account)!;
			await act(
				sql,
				{ userId: reviewer.id, scopes: reviewerScopes(reviewer.roles), locale: 'zh-CN' },
				{
					mutationId: crypto.randomUUID(),
					caseId,
					ordinal: ordinal + 1,
					action,
					reason:
						action === 'pass'
							? undefined
							: '工作总结未写明本人在项目中的具体职责，请补充。（示例）',
					notes:
						action === 'return'
							? [{ module: 'work_summary', text: '请补充项目中的本人职责与成果。（示例）' }]
							: undefined
				}
			);
		}
	}
	return DEMO_CASES.length;
}
