import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../tests/helpers/db';
import { userIdBy } from '../../../tests/helpers/context';
import { seedDemoAccounts } from '../seed/demo';
import { findUpload, recordUpload, type UploadOutcome } from './uploads';

let tdb: TestDatabase;
let wangId: string;
let liId: string;
const NO_LIMIT = 1e12;

function outcome(over: Partial<UploadOutcome> = {}): UploadOutcome {
	return {
		id: randomUUID(),
		ownerId: wangId,
		caseId: randomUUID(),
		name: '学历证书.pdf',
		mime: 'application/pdf',
		size: 1000,
		sha256: 'a'.repeat(64),
		storageKey: randomUUID(),
		refusal: null,
		...over
	};
}

beforeAll(async () => {
	tdb = await openTestDatabase();
	await seedDemoAccounts(tdb.sql);
	wangId = await userIdBy(tdb.sql, '13800000001');
	liId = await userIdBy(tdb.sql, '13800000002');
});

afterAll(async () => {
	await tdb?.close();
});

describe('recordUpload', () => {
	it('records verified bytes once: the same bytes again are a duplicate, other bytes or another person a conflict', async () => {
		const first = outcome();
		expect(
			await recordUpload(tdb.sql, first, { maxCaseBytes: 10_000, maxApplicantBytes: NO_LIMIT })
		).toEqual({ status: 'verified' });
		expect(await findUpload(tdb.sql, first.id)).toMatchObject({
			status: 'verified',
			size: 1000,
			storageKey: first.storageKey,
			reason: null
		});
		const again = { ...first, storageKey: randomUUID() };
		expect(
			await recordUpload(tdb.sql, again, { maxCaseBytes: 10_000, maxApplicantBytes: NO_LIMIT })
		).toEqual({ status: 'duplicate' });
		expect((await findUpload(tdb.sql, first.id))?.storageKey).toBe(first.storageKey);
		expect(
			await recordUpload(
				tdb.sql,
				{ ...again, sha256: 'b'.repeat(64) },
				{ maxCaseBytes: 10_000, maxApplicantBytes: NO_LIMIT }
			)
		).toEqual({
			status: 'conflict',
			reason: 'file_id_reused'
		});
		expect(
			await recordUpload(
				tdb.sql,
				{ ...again, ownerId: liId },
				{ maxCaseBytes: 10_000, maxApplicantBytes: NO_LIMIT }
			)
		).toEqual({
			status: 'conflict',
			reason: 'forbidden'
		});
	});

	it('keeps a refusal with its reason, and a later verified upload of the same attachment replaces it', async () => {
		const refused = outcome({ refusal: 'file_pdf_script' });
		expect(
			await recordUpload(tdb.sql, refused, { maxCaseBytes: 10_000, maxApplicantBytes: NO_LIMIT })
		).toEqual({
			status: 'refused',
			reason: 'file_pdf_script'
		});
		expect(await findUpload(tdb.sql, refused.id)).toMatchObject({
			status: 'refused',
			reason: 'file_pdf_script'
		});
		const fixed = { ...refused, refusal: null, sha256: 'c'.repeat(64), storageKey: randomUUID() };
		expect(
			await recordUpload(tdb.sql, fixed, { maxCaseBytes: 10_000, maxApplicantBytes: NO_LIMIT })
		).toEqual({ status: 'verified' });
		expect(await findUpload(tdb.sql, refused.id)).toMatchObject({
			status: 'verified',
			reason: null,
			sha256: fixed.sha256,
			storageKey: fixed.storageKey
		});
	});

	it("holds a person's verified bytes per case under the limit, also when uploads finish at the same time", async () => {
		const caseId = randomUUID();
		const finishing = Array.from({ length: 4 }, () => outcome({ caseId, size: 400 }));
		const results = await Promise.all(
			finishing.map((o) =>
				recordUpload(tdb.sql, o, { maxCaseBytes: 1000, maxApplicantBytes: NO_LIMIT })
			)
		);
		expect(results.filter((r) => r.status === 'verified')).toHaveLength(2);
		expect(results.filter((r) => r.status === 'refused')).toEqual([
			{ status: 'refused', reason: 'file_case_limit' },
			{ status: 'refused', reason: 'file_case_limit' }
		]);
		// Another person's uploads to the same case are counted apart.
		expect(
			await recordUpload(tdb.sql, outcome({ caseId, size: 400, ownerId: liId }), {
				maxCaseBytes: 1000,
				maxApplicantBytes: NO_LIMIT
			})
		).toEqual({ status: 'verified' });
	});

	it("holds a person's verified bytes across all their cases under the limit, also when uploads finish at the same time", async () => {
		const [owner] = await tdb.sql<{ id: string }[]>`
			insert into users (kind, name, account, password_hash)
			values ('staff', '测试', ${'t-' + randomUUID()}, 'x') returning id`;
		const limits = { maxCaseBytes: NO_LIMIT, maxApplicantBytes: 1000 };
		const finishing = Array.from({ length: 4 }, () => outcome({ ownerId: owner!.id, size: 400 }));
		const results = await Promise.all(finishing.map((o) => recordUpload(tdb.sql, o, limits)));
		expect(results.filter((r) => r.status === 'verified')).toHaveLength(2);
		expect(results.filter((r) => r.status === 'refused')).toEqual([
			{ status: 'refused', reason: 'file_applicant_limit' },
			{ status: 'refused', reason: 'file_applicant_limit' }
		]);
	});
});
