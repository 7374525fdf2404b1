import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActInput } from '../../src/lib/domain/review';
import type { Change } from '../../src/lib/domain/sync';
import { hashPassword } from '../../src/server/auth/password';
import { canDownload } from '../../src/server/files/access';
import { findUpload } from '../../src/server/files/uploads';
import { loadSessionUser } from '../../src/server/auth/users';
import { seedDemoAccounts } from '../../src/server/seed/demo';
import { startReview } from '../../src/server/services/cases/route';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { callerFor, userIdBy } from '../helpers/context';
import { pushAs, submittedReviewCase, type DraftCase } from '../helpers/cases';

let db: TestDatabase;
beforeAll(async () => {
	db = await openTestDatabase();
	await seedDemoAccounts(db.sql);
});
afterAll(() => db.close());

const reviewer = (login: string) => callerFor(db.sql, login);

function actInput(c: { caseId: string }, ordinal: number, extra: Partial<ActInput> = {}): ActInput {
	return { mutationId: randomUUID(), caseId: c.caseId, ordinal, action: 'pass', ...extra };
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof TRPCError) return { code: error.code, message: error.message };
		throw error;
	}
	throw new Error('expected a refusal');
}

/** Everything a refused action could have touched, to prove it touched nothing. */
async function footprint(caseId: string) {
	const [row] = await db.sql`
		select c.status, c.current_ordinal, c.current_holder, c.change_seq::text,
			(select count(*)::int from review_events where case_id = c.id) as events,
			(select count(*)::int from notices where case_id = c.id) as notices,
			(select json_agg(state order by ordinal) from review_steps where case_id = c.id) as steps
		from cases c where c.id = ${caseId}`;
	return row;
}

async function pullAll(login: string) {
	const caller = await callerFor(db.sql, login);
	const changes: Change[] = [];
	let since = '0';
	for (;;) {
		const page = await caller.sync.pull({ since, limit: 7 });
		changes.push(...page.changes);
		since = page.cursor;
		if (!page.more) return changes;
	}
}

describe('the review route of a submitted 评审 case', () => {
	let c: DraftCase;
	beforeAll(async () => {
		c = await submittedReviewCase(db.sql);
	});

	it('fixes its steps at 提交 and waits at the work unit', async () => {
		const steps = await db.sql`
			select ordinal, level, scope_id, unit_name, state from review_steps
			where case_id = ${c.caseId} order by ordinal`;
		expect(steps.map((s) => [s.level, s.scopeId, s.state])).toEqual([
			['unit', 'wu-nj-001', 'current'],
			['department', 'dept-nj-gxj', 'waiting'],
			['hr', 'dp-nj', 'waiting'],
			['committee', 'cmt-nj-eng-c', 'waiting']
		]);
		expect(steps[0]!.unitName).toBe('南京智造科技有限公司');
		const unit = await reviewer('unit01');
		const page = await unit.review.queue({ queue: 'pending' });
		expect(page.rows.map((r) => r.caseId)).toContain(c.caseId);
		const row = page.rows.find((r) => r.caseId === c.caseId)!;
		expect(row.idNumberMasked).toBe('320102********0025');
		expect(row.applicantName).toBe('王芳');
		expect(JSON.stringify(page)).not.toContain('320102199003070025');
		const dept = await reviewer('dept01');
		expect((await dept.review.queue({ queue: 'pending' })).rows.map((r) => r.caseId)).not.toContain(
			c.caseId
		);
	});

	it('passes level by level; the last 通过 needs the 批准文号 and approves the case', async () => {
		await (await reviewer('unit01')).review.act(actInput(c, 1));
		await (await reviewer('dept01')).review.act(actInput(c, 2));
		await (await reviewer('hr01')).review.act(actInput(c, 3));
		const committee = await reviewer('committee01');
		const before = await footprint(c.caseId);
		expect(await refusal(committee.review.act(actInput(c, 4)))).toMatchObject({
			code: 'BAD_REQUEST',
			message: '评委会通过须填写批准文号'
		});
		expect(await footprint(c.caseId)).toEqual(before);
		const done = await committee.review.act(actInput(c, 4, { approvalNo: '宁职称〔2026〕18号' }));
		expect(done).toEqual({ status: 'applied', caseStatus: 'approved', ordinal: null });

		const events = await db.sql`select action, level, receipt_no, approval_no from review_events
			where case_id = ${c.caseId} order by at, change_seq`;
		expect(events.map((e) => e.action)).toEqual([
			'submit',
			...['accept', 'pass', 'accept', 'pass', 'accept', 'pass', 'accept', 'pass']
		]);
		expect(
			events.filter((e) => e.action === 'accept').every((e) => /^SL\d{14}$/.test(e.receiptNo))
		).toBe(true);
		expect(events.at(-1)!.approvalNo).toBe('宁职称〔2026〕18号');

		const changes = await pullAll('13800000001');
		const kase = changes.filter((ch) => ch.type === 'case' && ch.case.id === c.caseId).at(-1);
		expect(kase?.type === 'case' && kase.case.status).toBe('approved');
		expect(kase?.type === 'case' && kase.case.progress?.steps.map((s) => s.state)).toEqual([
			'passed',
			'passed',
			'passed',
			'passed'
		]);
		const notices = changes.filter((ch) => ch.type === 'notice' && ch.notice.caseId === c.caseId);
		// 受理 and a decision at each of the four levels, then the certificate the last 通过 issued.
		expect(notices).toHaveLength(9);
		expect(notices.map((n) => n.type === 'notice' && n.notice.kind).slice(-2)).toEqual([
			'approved',
			'certificate'
		]);
		// The applicant sees units, never a reviewer's name.
		expect(JSON.stringify(changes)).not.toMatch(/人事审核|职称审核|办公室/);
		expect(
			(await (await reviewer('dept01')).review.queue({ queue: 'done' })).rows.map((r) => r.caseId)
		).toContain(c.caseId);
	});
});

describe('退回 and the resubmission', () => {
	it('reaches the applicant with its notes, and the resubmission shows the reviewer what changed', async () => {
		const c = await submittedReviewCase(db.sql);
		const unit = await reviewer('unit01');
		const before = await footprint(c.caseId);
		expect(await refusal(unit.review.act(actInput(c, 1, { action: 'return' })))).toMatchObject({
			code: 'BAD_REQUEST',
			message: '退回或不通过必须填写理由'
		});
		expect(
			await refusal(unit.review.act(actInput(c, 1, { action: 'reject', reason: '  ' })))
		).toMatchObject({
			code: 'BAD_REQUEST'
		});
		expect(await footprint(c.caseId)).toEqual(before);

		await unit.review.act(
			actInput(c, 1, {
				action: 'return',
				reason: '工作总结需补充',
				notes: [{ module: 'work_summary', field: 'text', text: '请写明本人职责' }]
			})
		);
		const changes = await pullAll('13800000001');
		const ret = changes.find(
			(ch) => ch.type === 'review' && ch.event.caseId === c.caseId && ch.event.action === 'return'
		);
		expect(ret?.type === 'review' && ret.event).toMatchObject({
			unitName: '南京智造科技有限公司',
			reason: '工作总结需补充',
			notes: [
				expect.objectContaining({ module: 'work_summary', field: 'text', text: '请写明本人职责' })
			]
		});
		expect(JSON.stringify(ret)).not.toContain('snapshot');
		expect((await unit.review.queue({ queue: 'returned' })).rows.map((r) => r.caseId)).toContain(
			c.caseId
		);

		// The applicant edits 工作总结 and 提交 again: back to the unit that returned it.
		const text = '修改后的工作总结：本人负责系统架构设计。'.repeat(60);
		const [saved] = await pushAs(db.sql, c.login, [
			{
				id: randomUUID(),
				caseId: c.caseId,
				op: 'module.save',
				module: 'work_summary',
				baseRevision: 1,
				payload: { data: { text } }
			}
		]);
		expect(saved).toMatchObject({ status: 'applied', revision: 2 });
		const [resubmitted] = await pushAs(db.sql, c.login, [
			{
				id: randomUUID(),
				caseId: c.caseId,
				op: 'case.submit',
				payload: { revisions: { ...c.revisions, work_summary: 2 } }
			}
		]);
		expect(resubmitted).toMatchObject({ status: 'applied' });
		const view = await unit.review.case({ caseId: c.caseId });
		expect(view.status).toBe('submitted');
		expect(view.currentOrdinal).toBe(1);
		expect(view.canAct).toBe(true);
		expect(view.lastReturn?.notes[0]?.text).toBe('请写明本人职责');
		expect(view.changes).toEqual([
			{
				module: 'work_summary',
				fields: [{ key: 'text', before: expect.any(String), after: text }],
				attachmentsAdded: [],
				attachmentsRemoved: []
			}
		]);
		expect(view.applicant.idNumber).toBe('320102199003070025');
		const [audited] = await db.sql`select count(*)::int as n from audit_log
			where action = 'case.view' and subject = ${'case:' + c.caseId}`;
		expect(audited!.n).toBeGreaterThan(0);
	});

	it('a returned case does not count as a second open case of its series', async () => {
		const c = await submittedReviewCase(db.sql);
		await (
			await reviewer('unit01')
		).review.act(actInput(c, 1, { action: 'return', reason: '补充材料' }));
		const [again] = await pushAs(db.sql, c.login, [
			{ id: randomUUID(), caseId: c.caseId, op: 'case.submit', payload: { revisions: c.revisions } }
		]);
		expect(again).toMatchObject({ status: 'applied' });
	});

	it('不通过 ends the case with its reason for the applicant', async () => {
		const c = await submittedReviewCase(db.sql);
		await (
			await reviewer('unit01')
		).review.act(actInput(c, 1, { action: 'reject', reason: '不符合申报条件' }));
		const changes = await pullAll('13800000001');
		const last = changes.filter((ch) => ch.type === 'case' && ch.case.id === c.caseId).at(-1);
		expect(last?.type === 'case' && last.case.status).toBe('rejected');
		const notice = changes.find(
			(ch) => ch.type === 'notice' && ch.notice.caseId === c.caseId && ch.notice.kind === 'rejected'
		);
		expect(notice?.type === 'notice' && notice.notice.reason).toBe('不符合申报条件');
		const [edit] = await pushAs(db.sql, c.login, [
			{
				id: randomUUID(),
				caseId: c.caseId,
				op: 'module.save',
				module: 'work_summary',
				baseRevision: 1,
				payload: { data: { text: 'x' } }
			}
		]);
		expect(edit).toMatchObject({ status: 'rejected', code: 'not_editable' });
	});
});

describe('refusals change nothing', () => {
	it('wrong scope: another unit gets the same answer as for a case that does not exist', async () => {
		const c = await submittedReviewCase(db.sql);
		const other = await reviewer('unit02');
		const before = await footprint(c.caseId);
		const missing = await refusal(other.review.case({ caseId: randomUUID() }));
		expect(await refusal(other.review.case({ caseId: c.caseId }))).toEqual(missing);
		expect(await refusal(other.review.act(actInput(c, 1)))).toEqual(
			await refusal(other.review.act(actInput({ caseId: randomUUID() }, 1)))
		);
		expect(await refusal(other.review.claim({ caseId: c.caseId }))).toEqual(missing);
		expect(missing.code).toBe('NOT_FOUND');
		// A level the case has not reached yet is outside the scope too.
		expect(await refusal((await reviewer('dept01')).review.case({ caseId: c.caseId }))).toEqual(
			missing
		);
		expect(await footprint(c.caseId)).toEqual(before);
	});

	it('wrong level: the unit cannot act once the case is at the 主管部门', async () => {
		const c = await submittedReviewCase(db.sql);
		const unit = await reviewer('unit01');
		await unit.review.act(actInput(c, 1));
		const before = await footprint(c.caseId);
		expect(await refusal(unit.review.act(actInput(c, 2)))).toMatchObject({
			code: 'FORBIDDEN',
			message: '该办件当前不在您的审核环节'
		});
		expect(await refusal(unit.review.act(actInput(c, 1)))).toMatchObject({ code: 'CONFLICT' });
		expect(await footprint(c.caseId)).toEqual(before);
		// It may still read the case it passed (at or after its level).
		expect((await unit.review.case({ caseId: c.caseId })).canAct).toBe(false);
	});

	it('moved on: another reviewer acted first, or the applicant cancelled', async () => {
		const c = await submittedReviewCase(db.sql);
		const unit = await reviewer('unit01');
		await unit.review.act(actInput(c, 1, { action: 'return', reason: '补充' }));
		await pushAs(db.sql, c.login, [
			{ id: randomUUID(), caseId: c.caseId, op: 'case.cancel', payload: {} }
		]);
		const before = await footprint(c.caseId);
		const refused = await refusal(unit.review.act(actInput(c, 1)));
		expect(refused.code).toBe('CONFLICT');
		expect(refused.message).toContain('已被处理或已变更');
		const en = await refusal((await callerFor(db.sql, 'unit01', 'en')).review.act(actInput(c, 1)));
		expect(en.message).toContain('has moved on');
		expect(await footprint(c.caseId)).toEqual(before);
	});

	it('a double submit of one action applies once and answers the same', async () => {
		const c = await submittedReviewCase(db.sql);
		const unit = await reviewer('unit01');
		const input = actInput(c, 1);
		const [a, b] = await Promise.all([unit.review.act(input), unit.review.act(input)]);
		expect(a).toEqual(b);
		expect(await unit.review.act(input)).toEqual(a);
		const [passes] = await db.sql`select count(*)::int as n from review_events
			where case_id = ${c.caseId} and action = 'pass'`;
		expect(passes!.n).toBe(1);
		expect(
			await refusal(unit.review.act({ ...input, action: 'reject', reason: 'x' }))
		).toMatchObject({
			code: 'CONFLICT',
			message: '操作编号已被使用，未执行任何操作'
		});
	});

	it('a claim keeps a second reviewer of the same unit off the case until it ends', async () => {
		const c = await submittedReviewCase(db.sql);
		const hash = await hashPassword('Zhicheng#2026');
		const [second] = await db.sql<
			{ id: string }[]
		>`insert into users (kind, name, account, password_hash)
			values ('staff', '第二审核人', ${'unit01b-' + randomUUID().slice(0, 8)}, ${hash}) returning id`;
		await db.sql`insert into user_roles (user_id, role, scope_type, scope_id)
			values (${second!.id}, 'reviewer', 'unit', 'wu-nj-001')`;
		const unit = await reviewer('unit01');
		const { until } = await unit.review.claim({ caseId: c.caseId });
		expect(new Date(until).getTime()).toBeGreaterThan(Date.now());
		const other = await callerFor(
			db.sql,
			(await db.sql`select account from users where id = ${second!.id}`)[0]!.account
		);
		const before = await footprint(c.caseId);
		expect(await refusal(other.review.act(actInput(c, 1)))).toMatchObject({
			code: 'CONFLICT',
			message: '该办件正由本单位其他审核人处理，请稍后再试'
		});
		expect(await refusal(other.review.claim({ caseId: c.caseId }))).toMatchObject({
			code: 'CONFLICT'
		});
		expect(await footprint(c.caseId)).toEqual(before);
		const row = (await other.review.queue({ queue: 'pending' })).rows.find(
			(r) => r.caseId === c.caseId
		);
		expect(row?.claim).toMatchObject({ byMe: false, name: '南京智造科技 人事审核' });
		// An expired claim is as good as none.
		await db.sql`update case_claims set until = now() - interval '1 second' where case_id = ${c.caseId}`;
		expect(await other.review.act(actInput(c, 1))).toMatchObject({ status: 'applied' });
	});
});

describe('who may read an attachment', () => {
	it('the owner, and reviewers whose level the case has reached; nobody else', async () => {
		const c = await submittedReviewCase(db.sql);
		const upload = (await findUpload(db.sql, c.files.unitConsent))!;
		const user = async (login: string) => loadSessionUser(db.sql, await userIdBy(db.sql, login));
		expect(await canDownload(db.sql, await user('13800000001'), upload)).toBe(true);
		expect(await canDownload(db.sql, await user('unit01'), upload)).toBe(true);
		expect(await canDownload(db.sql, await user('dept01'), upload)).toBe(false);
		expect(await canDownload(db.sql, await user('unit02'), upload)).toBe(false);
		expect(await canDownload(db.sql, await user('13800000002'), upload)).toBe(false);
		expect(await canDownload(db.sql, await user('admin'), upload)).toBe(false);
		await (await reviewer('unit01')).review.act(actInput(c, 1));
		expect(await canDownload(db.sql, await user('dept01'), upload)).toBe(true);
		const [reads] = await db.sql`select count(*)::int as n from audit_log where action = 'file.read'
			and detail ->> 'attachmentId' = ${upload.id}`;
		expect(reads!.n).toBe(2);
	});
});

describe('the steps fixed at 提交', () => {
	it('skip the 主管部门 when the applicant chose 无 (初定)', async () => {
		const caseId = randomUUID();
		const wang = await userIdBy(db.sql, '13800000001');
		await db.sql`insert into cases (id, applicant_id, kind) values (${caseId}, ${wang}, 'initial')`;
		const steps = await db.sql.begin((tx) =>
			startReview(
				tx,
				caseId,
				'initial',
				{
					basic_info: { regionCode: '320106', departmentId: 'dept-none', workUnitId: 'wu-nj-001' },
					declaration_info: {
						acceptingDepartmentId: 'ad-nj',
						level: 'D',
						seriesId: 'engineering',
						year: 2026
					}
				},
				null
			)
		);
		expect(steps.ok && steps.steps.map((s) => s.level)).toEqual(['unit', 'accepting']);
	});

	it('do not follow a later change of the workflow', async () => {
		const c = await submittedReviewCase(db.sql);
		await db.sql`update review_workflows set levels = '{unit,committee}' where kind = 'review'`;
		try {
			const [row] =
				await db.sql`select count(*)::int as n from review_steps where case_id = ${c.caseId}`;
			expect(row!.n).toBe(4);
		} finally {
			await db.sql`update review_workflows set levels = '{unit,department,hr,committee}' where kind = 'review'`;
		}
	});
});

describe('append-only history', () => {
	it('refuses to change or delete review events and audit rows', async () => {
		await submittedReviewCase(db.sql);
		await expect(db.sql`update review_events set reason = 'x'`).rejects.toThrow(/append-only/);
		await expect(db.sql`delete from review_events`).rejects.toThrow(/append-only/);
		await db.sql`insert into audit_log (action, subject) values ('test', 'x')`;
		await expect(db.sql`update audit_log set action = 'y'`).rejects.toThrow(/append-only/);
		await expect(db.sql`delete from audit_log`).rejects.toThrow(/append-only/);
		await expect(db.sql`truncate audit_log`).rejects.toThrow(/append-only/);
	});
});
