import { TRPCError } from '@trpc/server';
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../src/server/auth/accounts';
import { seedDemoAccounts } from '../../src/server/seed/demo';
import { startExport } from '../../src/server/services/admin/exports';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { callerFor, contextFor } from '../helpers/context';
import { createCaller } from '../../src/server/trpc/routers/_app';

/**
 * 审核人员 accounts and scopes, the audit log and the committee office's exports (issue #16 §3–§5),
 * on the demo cases at every review level.
 */
let db: TestDatabase;
type Caller = Awaited<ReturnType<typeof callerFor>>;
let admin: Caller;
let adminId: string;

beforeAll(async () => {
	db = await openTestDatabase();
	await seedDemoAccounts(db.sql, { cases: true });
	admin = await callerFor(db.sql, 'admin');
	adminId = (await admin.auth.session())!.id;
});
afterAll(() => db.close());

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
	try {
		await p;
	} catch (error) {
		if (error instanceof TRPCError) return { code: error.code, message: error.message };
		throw error;
	}
	throw new Error('expected a refusal');
}

async function bodyOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of Readable.fromWeb(stream as never)) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/** The cases a unit holds now, as the export should list them. */
async function heldBy(holder: string) {
	return db.sql<{ name: string; idNumber: string }[]>`
		select applicant_name as name, applicant_id_number as id_number from cases
		where current_holder = ${holder} and status = 'submitted' order by submitted_at, id`;
}

describe('reviewer accounts', () => {
	it('refuses a scope pointing at nothing, creating no account', async () => {
		const [before] = await db.sql`select count(*)::int as n from users`;
		const answer = await refusal(
			admin.admin.createReviewer({
				account: 'ghost01',
				name: '不存在的单位',
				scopes: [{ type: 'unit', id: 'wu-nowhere' }]
			})
		);
		expect(answer).toEqual({ code: 'BAD_REQUEST', message: '审核范围 wu-nowhere 不存在' });
		const [after] = await db.sql`select count(*)::int as n from users`;
		expect(after).toEqual(before);
	});

	it('creates a reviewer whose one-time password signs in and who sees only that unit’s cases', async () => {
		const { userId, code } = await admin.admin.createReviewer({
			account: 'unit03',
			name: '昆山精工机械 复核',
			scopes: [{ type: 'unit', id: 'wu-sz-001' }]
		});
		const [stored] = await db.sql<{ passwordHash: string }[]>`
			select password_hash from users where id = ${userId}`;
		expect(stored!.passwordHash.startsWith('$argon2id$')).toBe(true);
		expect(stored!.passwordHash).not.toContain(code);

		const login = await authenticate(db.sql, 'unit03', code, '198.51.100.7');
		expect(login).toMatchObject({ ok: true, userId });
		const reviewer = createCaller(await contextFor(db.sql, userId));
		const page = await reviewer.review.queue({ queue: 'pending' });
		const expected = await heldBy('unit:wu-sz-001');
		expect(expected.length).toBeGreaterThan(0);
		expect(page.rows.map((r) => r.applicantName).sort()).toEqual(
			expected.map((r) => r.name).sort()
		);
	});

	it('logs and reports an administrator giving themselves a scope', async () => {
		const answer = await admin.admin.setScopes({
			userId: adminId,
			scopes: [{ type: 'committee', id: 'cmt-nj-eng-c' }]
		});
		expect(answer).toEqual({ selfGrant: true });
		const { rows } = await admin.admin.audit({ action: 'admin.self_scope' });
		expect(rows[0]).toMatchObject({ actorAccount: 'admin', subject: `user:${adminId}` });
		const staff = await admin.admin.staff({ search: 'admin' });
		expect(staff[0]).toMatchObject({
			admin: true,
			scopes: [expect.objectContaining({ id: 'cmt-nj-eng-c' })]
		});
		await admin.admin.setScopes({ userId: adminId, scopes: [] });
	});

	it('resets a password with a new one-time code and disables an account', async () => {
		const [user] = await db.sql<{ id: string }[]>`select id from users where account = 'unit03'`;
		const { code } = await admin.admin.resetPassword({ userId: user!.id });
		expect(await authenticate(db.sql, 'unit03', code, '198.51.100.8')).toMatchObject({ ok: true });
		await admin.admin.setDisabled({ userId: user!.id, disabled: true });
		expect(await authenticate(db.sql, 'unit03', code, '198.51.100.9')).toMatchObject({ ok: false });
		const actions = (await admin.admin.audit({ actor: 'admin' })).rows.map((r) => r.action);
		expect(actions).toEqual(
			expect.arrayContaining([
				'admin.reviewer_create',
				'admin.password_reset',
				'admin.reviewer_disable'
			])
		);
	});
});

describe('exports for the committee office', () => {
	it('streams a queue as XLSX with masked ID numbers, read back with the library', async () => {
		const file = await startExport(
			db.sql,
			{ userId: adminId, locale: 'zh-CN' },
			{ source: 'queue', key: 'unit:wu-sz-001', format: 'xlsx', fullIdNumbers: false }
		);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load((await bodyOf(file.body)) as never);
		const sheet = workbook.worksheets[0]!;
		const rows = sheet.getSheetValues().slice(1) as unknown[][];
		expect(rows[0]!.slice(1, 4)).toEqual(['办件编号', '姓名', '身份证号']);
		const expected = await heldBy('unit:wu-sz-001');
		expect(rows.slice(1).map((r) => [r[2], r[3]])).toEqual(
			expected.map((e) => [e.name, `${e.idNumber.slice(0, 6)}********${e.idNumber.slice(14)}`])
		);
	});

	it('gives the full ID column only when asked, and audits that', async () => {
		const file = await startExport(
			db.sql,
			{ userId: adminId, locale: 'en' },
			{ source: 'queue', key: 'unit:wu-sz-001', format: 'csv', fullIdNumbers: true }
		);
		const text = (await bodyOf(file.body)).toString('utf8');
		const lines = text
			.replace(/^\ufeff/, '')
			.trim()
			.split('\r\n');
		expect(lines[0]).toMatch(/^Receipt no\.,Name,ID number/);
		const expected = await heldBy('unit:wu-sz-001');
		expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(expected.map((e) => e.idNumber));
		const { rows } = await admin.admin.audit({ action: 'admin.export_full_id' });
		expect(rows[0]).toMatchObject({ subject: 'queue:unit:wu-sz-001', actorAccount: 'admin' });
	});

	it('reads a 申报期 in batches without repeating or losing a row, even at one timestamp', async () => {
		await db.sql`insert into declaration_periods (id, owner_kind, owner_id, year, starts_at, ends_at)
			values ('per-test-export', 'committee', 'cmt-sz-eng-c', 2026, now() - interval '1 day', now())`;
		// Every case in one period, half of them sharing one microsecond-precise timestamp.
		await db.sql`update cases set period_id = 'per-test-export' where submitted_at is not null`;
		await db.sql`update cases set submitted_at = '2026-03-01 10:00:00.123456+08'
			where period_id = 'per-test-export' and applicant_name like '%示例%' and ctid in (
				select ctid from cases where period_id = 'per-test-export' order by id limit 4)`;
		const expected = await db.sql<{ name: string }[]>`
			select applicant_name as name from cases where period_id = 'per-test-export'`;
		expect(expected.length).toBeGreaterThan(4);
		const file = await startExport(
			db.sql,
			{ userId: adminId, locale: 'zh-CN' },
			{ source: 'period', key: 'per-test-export', format: 'csv', fullIdNumbers: false },
			{ batch: 2 }
		);
		const lines = (await bodyOf(file.body)).toString('utf8').trim().split('\r\n').slice(1);
		expect(lines.map((l) => l.split(',')[1]).sort()).toEqual(expected.map((e) => e.name).sort());
	});

	it('refuses an export of a queue that does not exist', async () => {
		const answer = await refusal(
			startExport(
				db.sql,
				{ userId: adminId, locale: 'zh-CN' },
				{ source: 'queue', key: 'unit:wu-nowhere', format: 'csv', fullIdNumbers: false }
			)
		);
		expect(answer).toEqual({ code: 'NOT_FOUND', message: '记录不存在' });
	});
});

describe('statistics on the admin home', () => {
	it('counts this year’s cases per status, per level and per week', async () => {
		const stats = await admin.admin.stats();
		const [row] = await db.sql<{ n: number }[]>`
			select count(*)::int as n from cases where kind in ('initial', 'review')`;
		const total = stats.byStatus.reduce((s, r) => s + r.count, 0);
		expect(total).toBe(row!.n);
		expect(stats.byLevel.reduce((s, r) => s + r.count, 0)).toBe(total);
		expect(stats.byWeek.reduce((s, r) => s + r.count, 0)).toBe(total);
	});
});
