import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStore } from '@tus/file-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { appRouter, createCaller } from '../../src/server/trpc/routers/_app';
import { downloadResponse } from '../../src/server/files/download';
import { loadSessionUser } from '../../src/server/auth/users';
import { seedDemoAccounts } from '../../src/server/seed/demo';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { contextFor, userIdBy } from '../helpers/context';
import { submittedReviewCase, type DraftCase } from '../helpers/cases';

/**
 * Every review procedure that takes a case, called by every reviewer for whom the case is out of
 * reach (another region's unit; the levels it has not reached yet) and by an applicant who does
 * not own it: refused with the answer a missing case gets, and no row anywhere changed.
 */
let db: TestDatabase;
let c: DraftCase;
let dir: string;
beforeAll(async () => {
	db = await openTestDatabase();
	await seedDemoAccounts(db.sql);
	c = await submittedReviewCase(db.sql);
	dir = mkdtempSync(path.join(tmpdir(), 'zc-authz-'));
});
afterAll(async () => {
	await db.close();
	rmSync(dir, { recursive: true, force: true });
});

const OUTSIDERS = ['unit02', 'dept01', 'hr01', 'committee01'];

type Caller = ReturnType<typeof createCaller>;
/** One call per review procedure that names a case; a procedure added without a line fails below. */
const CASE_CALLS: Record<string, (r: Caller, caseId: string) => Promise<unknown>> = {
	'review.case': (r, caseId) => r.review.case({ caseId }),
	'review.claim': (r, caseId) => r.review.claim({ caseId }),
	'review.act': (r, caseId) =>
		r.review.act({ mutationId: randomUUID(), caseId, ordinal: 1, action: 'pass' }),
	'review.act#return': (r, caseId) =>
		r.review.act({
			mutationId: randomUUID(),
			caseId,
			ordinal: 1,
			action: 'return',
			reason: '补充'
		}),
	'review.act#reject': (r, caseId) =>
		r.review.act({
			mutationId: randomUUID(),
			caseId,
			ordinal: 1,
			action: 'reject',
			reason: '不符合'
		}),
	'review.batchPass': async (r, caseId) => {
		const { results } = await r.review.batchPass({
			items: [{ mutationId: randomUUID(), caseId, ordinal: 1 }]
		});
		if (results[0]?.status === 'refused') {
			throw new TRPCError({ code: 'NOT_FOUND', message: results[0].message });
		}
		return results;
	},
	'review.release': (r, caseId) => r.review.release({ caseId })
};
/** Procedures of the review router that name no case: scoped by construction (queue, counts …). */
const SCOPED_LISTS = ['review.scopes', 'review.counts', 'review.filters', 'review.queue'];

async function answer(p: Promise<unknown>): Promise<string> {
	try {
		return `ok:${JSON.stringify(await p)}`;
	} catch (error) {
		return error instanceof TRPCError ? `${error.code}:${error.message}` : `threw:${String(error)}`;
	}
}

/** Row counts and the newest change of every table a review call could write. */
async function snapshot() {
	const [row] = await db.sql`
		select (select count(*) from review_events)::int as events,
			(select count(*) from notices)::int as notices,
			(select count(*) from case_claims)::int as claims,
			(select count(*) from applied_mutations)::int as mutations,
			(select json_agg(json_build_object('s', status, 'o', current_ordinal, 'h', current_holder, 'q', change_seq) order by id) from cases) as cases,
			(select json_agg(state order by case_id, ordinal) from review_steps) as steps`;
	return row;
}

describe('authorization matrix of the review procedures', () => {
	it('lists every review procedure', () => {
		const review = Object.keys(appRouter._def.procedures).filter((p) => p.startsWith('review.'));
		const covered = new Set([
			...Object.keys(CASE_CALLS).map((k) => k.split('#')[0]),
			...SCOPED_LISTS
		]);
		expect(review.filter((p) => !covered.has(p))).toEqual([]);
	});

	it('refuses every outsider as if the case did not exist, and changes nothing', async () => {
		let calls = 0;
		const leaks: string[] = [];
		const before = await snapshot();
		for (const login of OUTSIDERS) {
			const caller = createCaller(await contextFor(db.sql, await userIdBy(db.sql, login)));
			for (const [name, call] of Object.entries(CASE_CALLS)) {
				const missing = await answer(call(caller, randomUUID()));
				const real = await answer(call(caller, c.caseId));
				calls += 2;
				if (real !== missing) leaks.push(`${login} ${name}: ${real} ≠ ${missing}`);
			}
			for (const queue of ['pending', 'returned', 'done'] as const) {
				const page = await caller.review.queue({ queue });
				calls += 1;
				if (page.rows.some((r) => r.caseId === c.caseId)) leaks.push(`${login} queue ${queue}`);
			}
		}
		for (const login of ['13800000002', 'admin']) {
			const caller = createCaller(await contextFor(db.sql, await userIdBy(db.sql, login)));
			for (const [name, call] of Object.entries(CASE_CALLS)) {
				const real = await answer(call(caller, c.caseId));
				calls += 1;
				if (!real.startsWith('FORBIDDEN:')) leaks.push(`${login} ${name}: ${real}`);
			}
		}
		console.log(`review authorization matrix: ${calls} calls, ${leaks.length} leaks`);
		expect(leaks).toEqual([]);
		expect(await snapshot()).toEqual(before);
	});

	it('serves the case’s files only to its owner and the reviewers its route reached', async () => {
		const store = new FileStore({ directory: dir });
		const status = async (login: string | null, id: string) => {
			const user = login ? await loadSessionUser(db.sql, await userIdBy(db.sql, login)) : null;
			return (await downloadResponse(db.sql, store, user, id)).status;
		};
		let calls = 0;
		const leaks: string[] = [];
		for (const login of [...OUTSIDERS, '13800000002', 'admin']) {
			const real = await status(login, c.files.unitConsent);
			const missing = await status(login, randomUUID());
			calls += 2;
			if (real !== 404 || missing !== 404) leaks.push(`${login}: ${real}/${missing}`);
		}
		expect(await status(null, c.files.unitConsent)).toBe(401);
		console.log(`file download matrix: ${calls} calls, ${leaks.length} leaks`);
		expect(leaks).toEqual([]);
	});
});
