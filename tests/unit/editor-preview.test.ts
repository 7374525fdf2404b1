import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '../../src/lib/domain/sync';
import { validReviewModules } from '../../src/lib/domain/modules/fixtures';
import { seedDemoAccounts } from '../../src/server/seed/demo';
import { chinaYear } from '../../src/server/services/reference';
import { editorPreview } from '../../src/server/services/cases/editor-preview';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { callerFor, userIdBy } from '../helpers/context';

let db: TestDatabase;
let wang: string;
let li: string;

beforeAll(async () => {
	db = await openTestDatabase();
	await seedDemoAccounts(db.sql);
	wang = await userIdBy(db.sql, '13800000001');
	li = await userIdBy(db.sql, '13800000002');
});
afterAll(() => db.close());

async function push(mutations: Mutation[]) {
	const caller = await callerFor(db.sql, '13800000001');
	const { results } = await caller.sync.push({ clientId: randomUUID(), mutations });
	for (const r of results) expect(r).toMatchObject({ status: 'applied' });
}

/** 王芳's review case with these modules saved once; unit_proof's two uploads attached. */
async function caseWith(pick: (all: Record<string, Record<string, unknown>>) => string[]) {
	const caseId = randomUUID();
	await push([{ id: randomUUID(), caseId, op: 'case.create', payload: { kind: 'review' } }]);
	const files: Record<string, string> = {};
	for (const slot of ['unit_consent', 'personal_pledge']) {
		const id = randomUUID();
		await db.sql`insert into uploads (id, owner_id, case_id, name, mime, size, sha256, storage_key, status)
			values (${id}, ${wang}, ${caseId}, ${slot + '.pdf'}, 'application/pdf', 1024,
				${'a'.repeat(64)}, ${'test/' + id}, 'verified')`;
		await db.sql`insert into attachments (id, case_id, module, slot)
			values (${id}, ${caseId}, 'unit_proof', ${slot})`;
		files[slot] = id;
	}
	const all = validReviewModules(chinaYear(), {
		unitConsent: files.unit_consent!,
		personalPledge: files.personal_pledge!
	});
	await push(
		pick(all).map((module) => ({
			id: randomUUID(),
			caseId,
			op: 'module.save' as const,
			module,
			baseRevision: 0,
			payload: { data: all[module]! }
		}))
	);
	return caseId;
}

describe("the editor's server preview (cases/[id] load)", () => {
	it('gives the owner the head and the module list with each module’s ✓', async () => {
		const caseId = await caseWith((all) => Object.keys(all).filter((k) => k !== 'achievements'));
		const preview = await editorPreview(db.sql, wang, caseId);
		expect(preview).toMatchObject({
			caseId,
			kind: 'review',
			status: 'draft',
			receiptNo: null,
			saveState: 'backed-up',
			lock: null
		});
		const done = Object.fromEntries(preview!.entries.map((e) => [e.key, e.done]));
		expect(done).toMatchObject({
			basic_info: true,
			declaration_info: true,
			work_summary: true,
			achievements: false
		});
		expect(preview!.entries.find((e) => e.key === 'achievements')?.required).toBe(true);
	});

	it('shows only the first two modules before 申报基本信息 is saved', async () => {
		const caseId = await caseWith(() => ['basic_info']);
		const preview = await editorPreview(db.sql, wang, caseId);
		expect(preview?.lock).toBe('stash');
		expect(preview?.entries.map((e) => e.key)).toEqual(['basic_info', 'declaration_info']);
	});

	it('gives nothing to another applicant, for an unknown case or a malformed id', async () => {
		const caseId = await caseWith((all) => Object.keys(all));
		expect(await editorPreview(db.sql, li, caseId)).toBeNull();
		expect(await editorPreview(db.sql, wang, randomUUID())).toBeNull();
		expect(await editorPreview(db.sql, wang, 'not-a-uuid')).toBeNull();
	});
});
