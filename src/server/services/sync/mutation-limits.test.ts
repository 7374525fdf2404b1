import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '$lib/domain/sync';
import { openTestDatabase, type TestDatabase } from '../../../../tests/helpers/db';
import { userIdBy } from '../../../../tests/helpers/context';
import { draftReviewCase } from '../../../../tests/helpers/cases';
import { seedDemoAccounts } from '../../seed/demo';
import { applyMutation } from './push';

let db: TestDatabase;
let wang: string;

beforeAll(async () => {
	db = await openTestDatabase();
	await seedDemoAccounts(db.sql);
	wang = await userIdBy(db.sql, '13800000001');
});
afterAll(() => db?.close());

const push = (m: Mutation, locale: 'zh-CN' | 'en' = 'zh-CN') =>
	applyMutation(db.sql, { userId: wang, clientId: randomUUID(), locale }, m);

async function newCase(): Promise<string> {
	const caseId = randomUUID();
	await push({ id: randomUUID(), caseId, op: 'case.create', payload: { kind: 'review' } });
	return caseId;
}

function save(caseId: string, module: string, data: Record<string, unknown>): Mutation {
	return {
		id: randomUUID(),
		caseId,
		op: 'module.save',
		module,
		baseRevision: 0,
		payload: { data }
	};
}

/** A verified upload of 王芳's recorded for `caseId`, as a finished tus upload leaves it. */
async function uploadFor(caseId: string): Promise<string> {
	const id = randomUUID();
	await db.sql`insert into uploads (id, owner_id, case_id, name, mime, size, sha256, storage_key, status)
		values (${id}, ${wang}, ${caseId}, 'a.pdf', 'application/pdf', 1000, ${'a'.repeat(64)},
			${'test/' + id}, 'verified')`;
	return id;
}

const moduleRows = async (caseId: string) =>
	db.sql`select module from case_modules where case_id = ${caseId}`;

describe('sync.push bounds', () => {
	it('refuses a module name outside the catalog, for saves and files, and writes nothing', async () => {
		const caseId = await newCase();
		const saved = await push(save(caseId, 'my_notes', { text: 'x' }));
		expect(saved).toMatchObject({
			status: 'rejected',
			code: 'invalid',
			reason: '没有这个申报模块'
		});
		const english = await push(save(caseId, 'extra_module', { text: 'x' }), 'en');
		expect(english).toMatchObject({
			status: 'rejected',
			reason: 'There is no such declaration module'
		});
		expect(await moduleRows(caseId)).toHaveLength(0);

		const attachmentId = await uploadFor(caseId);
		const attached = await push({
			id: randomUUID(),
			caseId,
			op: 'file.attach',
			module: 'my_files',
			payload: { attachmentId, slot: 'a' }
		});
		expect(attached).toMatchObject({ status: 'rejected', code: 'invalid' });
		expect(await db.sql`select 1 from attachments where id = ${attachmentId}`).toHaveLength(0);
		// A catalog module is fine.
		expect(await push(save(caseId, 'work_summary', { text: 'x' }))).toMatchObject({
			status: 'applied'
		});
	});

	it("refuses attaching an upload made for another of the person's cases", async () => {
		const caseA = await newCase();
		const caseB = await newCase();
		const attachmentId = await uploadFor(caseA);
		const attach = (caseId: string): Mutation => ({
			id: randomUUID(),
			caseId,
			op: 'file.attach',
			module: 'other_materials',
			payload: { attachmentId, slot: 'evidence' }
		});
		const refused = await push(attach(caseB));
		expect(refused).toMatchObject({
			status: 'rejected',
			code: 'invalid',
			reason: '该附件属于另一个办件'
		});
		expect(await db.sql`select 1 from attachments where id = ${attachmentId}`).toHaveLength(0);
		expect(await push(attach(caseA))).toMatchObject({ status: 'applied' });
	});

	it("limits a save's size by the module set's limits for that module", async () => {
		// 王芳's 评审 draft for the 南京 committee, whose set allows at most 5 年度考核 rows.
		const strict = await draftReviewCase(db.sql);
		const unset = await newCase();
		const rows = Array.from({ length: 7 }, (_, i) => ({
			year: 2018 + i,
			note: 'x'.repeat(14_000)
		}));
		const big = { rows };
		const refused = await push(save(strict.caseId, 'annual_review', big));
		expect(refused).toMatchObject({ status: 'rejected', reason: '该模块的内容超过了允许的大小' });
		// Without a chosen set the default (100 rows) holds it.
		expect(await push(save(unset, 'annual_review', big))).toMatchObject({ status: 'applied' });
		// 工作总结: twice the set's characters; one character more is refused.
		const limit = 2 * 5000 + 2048;
		const text = (n: number) => ({ text: '字'.repeat(n - '{"text":""}'.length) });
		expect(await push(save(unset, 'work_summary', text(limit)))).toMatchObject({
			status: 'applied'
		});
		expect(await push(save(unset, 'basic_info', { name: 'x'.repeat(40_000) }))).toMatchObject({
			status: 'rejected',
			code: 'invalid'
		});
		const over = await push(save(await newCase(), 'work_summary', text(limit + 1)));
		expect(over).toMatchObject({ status: 'rejected', code: 'invalid' });
	});
});
