import { randomUUID } from 'node:crypto';
import type { Sql } from '../../src/server/db/client';
import type { Mutation, MutationResult } from '../../src/lib/domain/sync';
import { validReviewModules } from '../../src/lib/domain/modules/fixtures';
import { chinaYear } from '../../src/server/services/reference';
import { callerFor, userIdBy } from './context';

export interface DraftCase {
	caseId: string;
	login: string;
	revisions: Record<string, number>;
	files: { unitConsent: string; personalPledge: string };
}

/** Pushes mutations as the applicant `login` (one device). */
export async function pushAs(sql: Sql, login: string, mutations: Mutation[]) {
	const caller = await callerFor(sql, login);
	const { results } = await caller.sync.push({ clientId: randomUUID(), mutations });
	return results as MutationResult[];
}

/** A verified upload of the case, as tus would leave it before file.attach. */
export async function insertUpload(
	sql: Sql,
	ownerId: string,
	caseId: string,
	file: { name: string; mime: string }
): Promise<string> {
	const id = randomUUID();
	await sql`insert into uploads (id, owner_id, case_id, name, mime, size, sha256, storage_key, status)
		values (${id}, ${ownerId}, ${caseId}, ${file.name}, ${file.mime}, 1024,
			${'a'.repeat(64)}, ${'test/' + id}, 'verified')`;
	return id;
}

/** Verified uploads linked to the case, as tus + file.attach would leave them. */
export async function attachFiles(
	sql: Sql,
	ownerId: string,
	caseId: string,
	module: string,
	slots: string[]
): Promise<Record<string, string>> {
	const ids: Record<string, string> = {};
	for (const slot of slots) {
		// A 证件照 is a JPEG, every other slot a PDF, as the server's checks of the bytes would say.
		const file =
			slot === 'photo'
				? { name: 'photo.jpg', mime: 'image/jpeg' }
				: { name: slot + '.pdf', mime: 'application/pdf' };
		const id = await insertUpload(sql, ownerId, caseId, file);
		await sql`insert into attachments (id, case_id, module, slot)
			values (${id}, ${caseId}, ${module}, ${slot})`;
		ids[slot] = id;
	}
	return ids;
}

/** 王芳's complete 评审 declaration (the strict 南京 committee), saved once, not submitted. */
export async function draftReviewCase(
	sql: Sql,
	login = '13800000001',
	change: (m: Record<string, Record<string, unknown>>) => void = () => {}
): Promise<DraftCase> {
	const caseId = randomUUID();
	await pushAs(sql, login, [
		{ id: randomUUID(), caseId, op: 'case.create', payload: { kind: 'review' } }
	]);
	const owner = await userIdBy(sql, login);
	// One open case per series: an earlier test's case of this person steps aside.
	await sql`update cases set status = 'cancelled', current_holder = null
		where applicant_id = ${owner} and id <> ${caseId} and status in ('submitted', 'returned')`;
	const ids = await attachFiles(sql, owner, caseId, 'unit_proof', [
		'unit_consent',
		'personal_pledge'
	]);
	const files = { unitConsent: ids.unit_consent!, personalPledge: ids.personal_pledge! };
	const data = validReviewModules(chinaYear(), files);
	change(data);
	const results = await pushAs(
		sql,
		login,
		Object.entries(data).map(([module, d]) => ({
			id: randomUUID(),
			caseId,
			op: 'module.save' as const,
			module,
			baseRevision: 0,
			payload: { data: d }
		}))
	);
	for (const r of results) if (r.status !== 'applied') throw new Error(JSON.stringify(r));
	return {
		caseId,
		login,
		files,
		revisions: Object.fromEntries(Object.keys(data).map((k) => [k, 1]))
	};
}

export async function submitCase(sql: Sql, c: DraftCase): Promise<MutationResult> {
	const [result] = await pushAs(sql, c.login, [
		{ id: randomUUID(), caseId: c.caseId, op: 'case.submit', payload: { revisions: c.revisions } }
	]);
	return result!;
}

/** A submitted 评审 case of 王芳's, now at its first level (her work unit). */
export async function submittedReviewCase(sql: Sql, login = '13800000001'): Promise<DraftCase> {
	const c = await draftReviewCase(sql, login);
	const result = await submitCase(sql, c);
	if (result.status !== 'applied') throw new Error(JSON.stringify(result));
	return c;
}
