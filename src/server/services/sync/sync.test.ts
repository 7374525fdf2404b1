import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation, MutationResult } from '$lib/domain/sync';
import { openTestDatabase, type TestDatabase } from '../../../../tests/helpers/db';
import { userIdBy } from '../../../../tests/helpers/context';
import { MODULE_KEYS } from '$lib/domain/modules/catalog';
import { validReviewModules } from '$lib/domain/modules/fixtures';
import { seedDemoAccounts } from '../../seed/demo';
import { chinaYear } from '../reference';
import { applyMutation } from './push';
import { pullChanges } from './pull';

let db: TestDatabase;
let wang: string;
let li: string;
const device = randomUUID();
/** Another device of the same person (another client id). */
const otherDevice = randomUUID();

beforeAll(async () => {
	db = await openTestDatabase();
	await seedDemoAccounts(db.sql);
	wang = await userIdBy(db.sql, '13800000001');
	li = await userIdBy(db.sql, '13800000002');
});
afterAll(() => db.close());

const push = (userId: string, m: Mutation, clientId = device) =>
	applyMutation(db.sql, { userId, clientId, locale: 'zh-CN' }, m);

async function newCase(userId = wang): Promise<string> {
	const caseId = randomUUID();
	expect(
		await push(userId, { id: randomUUID(), caseId, op: 'case.create', payload: { kind: 'review' } })
	).toMatchObject({ status: 'applied' });
	return caseId;
}

function save(caseId: string, module: string, baseRevision: number, data: Record<string, unknown>) {
	return {
		id: randomUUID(),
		caseId,
		op: 'module.save',
		module,
		baseRevision,
		payload: { data }
	} satisfies Mutation;
}

describe('sync.push', () => {
	it('applies a mutation once; a repeat gets the stored answer and changes nothing', async () => {
		const caseId = await newCase();
		const m = save(caseId, 'work_summary', 0, { text: '第一稿' });
		expect(await push(wang, m)).toEqual({ id: m.id, status: 'applied', revision: 1 });
		expect(await push(wang, m)).toEqual({
			id: m.id,
			status: 'duplicate',
			result: { id: m.id, status: 'applied', revision: 1 }
		});
		const [row] = await db.sql<{ revision: number }[]>`
			select revision from case_modules where case_id = ${caseId} and module = 'work_summary'`;
		expect(row?.revision).toBe(1);
	});

	it('refuses the same id with another payload, and another user reusing an id', async () => {
		const caseId = await newCase();
		const m = save(caseId, 'work_summary', 0, { text: 'A' });
		await push(wang, m);
		const changed: MutationResult = await push(wang, { ...m, payload: { data: { text: 'B' } } });
		expect(changed).toMatchObject({ status: 'rejected', code: 'id_reused' });
		expect(await push(li, m)).toMatchObject({ status: 'rejected', code: 'id_reused' });
	});

	it('merges edits to different modules and keeps both versions of the same module', async () => {
		const caseId = await newCase();
		expect(await push(wang, save(caseId, 'basic_info', 0, { name: '王芳' }))).toMatchObject({
			revision: 1
		});
		// Device B, also from revision 0 of another module: no conflict.
		expect(
			await push(wang, save(caseId, 'work_summary', 0, { text: 'B 的总结' }), otherDevice)
		).toMatchObject({ status: 'applied' });
		// Both devices edit 'basic_info' from revision 1: the second is a conflict carrying the first.
		expect(
			await push(wang, save(caseId, 'basic_info', 1, { name: '王芳', phone: '1' }))
		).toMatchObject({
			status: 'applied',
			revision: 2
		});
		const conflict = await push(
			wang,
			save(caseId, 'basic_info', 1, { name: '王芳', phone: '2' }),
			otherDevice
		);
		expect(conflict).toMatchObject({
			status: 'conflict',
			server: { module: 'basic_info', revision: 2, data: { name: '王芳', phone: '1' } }
		});
		// The same words from both sides are not a conflict.
		expect(
			await push(wang, save(caseId, 'basic_info', 1, { name: '王芳', phone: '1' }), otherDevice)
		).toMatchObject({
			status: 'applied',
			revision: 2
		});
	});

	it('builds a save on revisions its own device wrote since the base; only another device conflicts', async () => {
		const caseId = await newCase();
		const revisionOf = async (m: Mutation, clientId = device) => {
			const r = await push(wang, m, clientId);
			return r.status === 'applied' ? r.revision : r.status;
		};
		// Saves whose answers the device never received: each next one still starts from 0.
		expect(await revisionOf(save(caseId, 'work_summary', 0, { text: '一' }))).toBe(1);
		expect(await revisionOf(save(caseId, 'work_summary', 0, { text: '一二' }))).toBe(2);
		expect(await revisionOf(save(caseId, 'work_summary', 1, { text: '一二三' }))).toBe(3);
		// Another device built on none of them.
		expect(await revisionOf(save(caseId, 'work_summary', 0, { text: '乙' }), otherDevice)).toBe(
			'conflict'
		);
		expect(await revisionOf(save(caseId, 'work_summary', 3, { text: '乙' }), otherDevice)).toBe(4);
		// Now another device's revision lies after the first device's base.
		expect(await revisionOf(save(caseId, 'work_summary', 3, { text: '一二三四' }))).toBe(
			'conflict'
		);
		expect(await revisionOf(save(caseId, 'work_summary', 4, { text: '甲' }))).toBe(5);
		expect(await revisionOf(save(caseId, 'work_summary', 4, { text: '甲甲' }))).toBe(6);
		expect(await revisionOf(save(caseId, 'work_summary', 3, { text: '甲甲甲' }))).toBe('conflict');
		// A revision written before writers were recorded counts as another device's.
		await db.sql`update case_modules set writer_client_id = null, writer_since = null
			where case_id = ${caseId} and module = 'work_summary'`;
		expect(await revisionOf(save(caseId, 'work_summary', 5, { text: '甲甲甲' }))).toBe('conflict');
		expect(await revisionOf(save(caseId, 'work_summary', 6, { text: '甲甲甲' }))).toBe(7);
	});

	it("refuses another applicant's case and edits after submission", async () => {
		const caseId = await newCase();
		expect(await push(li, save(caseId, 'basic_info', 0, { x: 1 }))).toMatchObject({
			status: 'rejected',
			code: 'not_owner'
		});
		// A complete case: every module of its set, with the two proof files attached.
		const files: Record<string, string> = {};
		for (const slot of ['unit_consent', 'personal_pledge']) {
			const id = randomUUID();
			await db.sql`insert into uploads (id, owner_id, case_id, name, mime, size, sha256, storage_key, status)
				values (${id}, ${wang}, ${caseId}, 'proof.pdf', 'application/pdf', 1024, ${'a'.repeat(64)},
					${'test/' + id}, 'verified')`;
			await db.sql`insert into attachments (id, case_id, module, slot)
				values (${id}, ${caseId}, 'unit_proof', ${slot})`;
			files[slot] = id;
		}
		const modules = validReviewModules(chinaYear(), {
			unitConsent: files.unit_consent!,
			personalPledge: files.personal_pledge!
		});
		for (const [module, data] of Object.entries(modules)) {
			expect(await push(wang, save(caseId, module, 0, data))).toMatchObject({ status: 'applied' });
		}
		// Another device, which saw none of those saves, submits what it saw: out of date.
		const submitSeeing = (revisions: Record<string, number>): Mutation => ({
			id: randomUUID(),
			caseId,
			op: 'case.submit',
			payload: { revisions }
		});
		expect(await push(wang, submitSeeing({}), otherDevice)).toMatchObject({
			status: 'rejected',
			code: 'stale'
		});
		const seen = Object.fromEntries(Object.keys(modules).map((module) => [module, 0]));
		seen.basic_info = 1;
		expect(await push(wang, submitSeeing(seen), otherDevice)).toMatchObject({
			status: 'rejected',
			code: 'stale'
		});
		// The device that wrote them submits behind only its own saves (their answers lost).
		expect(await push(wang, submitSeeing({}))).toMatchObject({ status: 'applied' });
		expect(await push(wang, save(caseId, 'basic_info', 1, { x: 2 }))).toMatchObject({
			status: 'rejected',
			code: 'not_editable',
			reason: '办件已提交，不能再修改；如需修改请联系当前审核部门退回'
		});
		expect(
			await push(wang, { id: randomUUID(), caseId, op: 'case.cancel', payload: {} })
		).toMatchObject({ status: 'rejected', code: 'wrong_state' });
		const [kase] = await db.sql<{ status: string; receiptNo: string }[]>`
			select status, receipt_no from cases where id = ${caseId}`;
		expect(kase?.status).toBe('submitted');
		expect(kase?.receiptNo).toMatch(/^ZC\d{8}\d{6}$/);
	});

	it('refuses to attach a file that was not uploaded and verified', async () => {
		const caseId = await newCase();
		expect(
			await push(wang, {
				id: randomUUID(),
				caseId,
				op: 'file.attach',
				module: 'other_materials',
				payload: { attachmentId: randomUUID(), slot: 'x' }
			})
		).toMatchObject({ status: 'rejected', code: 'attachment_not_ready' });
	});
});

describe('sync.pull', () => {
	it("returns only this applicant's changes, in order, in pages, from a cursor", async () => {
		const { cursor: start } = await pullChanges(db.sql, li, '0', 500);
		const caseId = await newCase(li);
		for (let i = 0; i < 5; i++) await push(li, save(caseId, MODULE_KEYS[i]!, 0, { i }));
		const page1 = await pullChanges(db.sql, li, start, 4);
		expect(page1.changes).toHaveLength(4);
		expect(page1.more).toBe(true);
		const page2 = await pullChanges(db.sql, li, page1.cursor, 4);
		expect(page2.more).toBe(false);
		const all = [...page1.changes, ...page2.changes];
		expect(all.map((c) => c.type)).toEqual([
			'case',
			'module',
			'module',
			'module',
			'module',
			'module'
		]);
		const seqs = all.map((c) => BigInt(c.seq));
		expect([...seqs].sort((a, b) => (a < b ? -1 : 1))).toEqual(seqs);
		expect(
			(await pullChanges(db.sql, wang, start, 500)).changes.every(
				(c) => c.type !== 'case' || c.case.id !== caseId
			)
		).toBe(true);
		expect((await pullChanges(db.sql, li, page2.cursor, 4)).changes).toEqual([]);
	});
});

describe('module data', () => {
	it('comes back exactly as the device sent it: snake_case keys inside jsonb are not renamed', async () => {
		const caseId = await newCase(li);
		const data = {
			slots: { unit_consent: 'a', personal_pledge: 'b' },
			some_field: { nested_key: 1 }
		};
		await push(li, save(caseId, 'unit_proof', 0, data));
		const { changes } = await pullChanges(db.sql, li, '0', 500);
		const pulled = changes.find((c) => c.type === 'module' && c.module.caseId === caseId);
		expect(pulled?.type === 'module' && pulled.module.data).toEqual(data);
	});
});
