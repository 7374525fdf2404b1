import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../tests/helpers/db';
import { seedDemoAccounts, DEMO_PASSWORD } from '../seed/demo';
import { authenticate } from './accounts';
import { MAX_FAILURES } from './rate-limit';

let db: TestDatabase;

beforeAll(async () => {
	db = await openTestDatabase();
	await seedDemoAccounts(db.sql);
});
afterAll(() => db.close());

async function failTimes(login: string, address: string, n: number) {
	for (let i = 0; i < n; i++) {
		const result = await authenticate(db.sql, login, 'wrong-password', address);
		expect(result).toEqual({ ok: false, reason: 'failed' });
	}
}

describe('login rate limiting', () => {
	it('accepts the ID number, the mobile or the staff account as the login name', async () => {
		expect((await authenticate(db.sql, '320102199003070025', DEMO_PASSWORD, '10.0.1.1')).ok).toBe(
			true
		);
		expect((await authenticate(db.sql, '13800000001', DEMO_PASSWORD, '10.0.1.1')).ok).toBe(true);
		expect((await authenticate(db.sql, 'hr01', DEMO_PASSWORD, '10.0.1.1')).ok).toBe(true);
	});

	it('refuses the 11th attempt within a minute for the account, from any address, even with the right password', async () => {
		await failTimes('13800000001', '10.0.0.1', MAX_FAILURES);
		expect(await authenticate(db.sql, '13800000001', DEMO_PASSWORD, '10.0.0.1')).toEqual({
			ok: false,
			reason: 'throttled'
		});
		expect(await authenticate(db.sql, '13800000001', DEMO_PASSWORD, '10.9.9.9')).toEqual({
			ok: false,
			reason: 'throttled'
		});
		// Another account is not affected.
		expect((await authenticate(db.sql, '13800000002', DEMO_PASSWORD, '10.9.9.9')).ok).toBe(true);
	});

	it('refuses the 11th attempt within a minute from one address, whatever the account', async () => {
		const accounts = ['unit01', 'dept01', 'hr01', 'committee01', 'unit02'];
		for (let i = 0; i < MAX_FAILURES; i++) {
			await authenticate(db.sql, accounts[i % accounts.length]!, 'nope-nope', '10.0.0.2');
		}
		expect(await authenticate(db.sql, 'admin', DEMO_PASSWORD, '10.0.0.2')).toEqual({
			ok: false,
			reason: 'throttled'
		});
	});

	it('still refuses after a server restart (the counts live in PostgreSQL)', async () => {
		await failTimes('13800000002', '10.0.0.3', MAX_FAILURES);
		const sql = await db.restart();
		// The same account by its other login name, from another address.
		expect(await authenticate(sql, '320506198808151239', DEMO_PASSWORD, '10.0.0.4')).toEqual({
			ok: false,
			reason: 'throttled'
		});
	});

	it('says the same thing for an unknown account and a wrong password', async () => {
		const unknown = await authenticate(db.sql, '13999999999', 'whatever1', '10.0.0.5');
		const wrong = await authenticate(db.sql, 'hr01', 'whatever1', '10.0.0.5');
		expect(unknown).toEqual(wrong);
	});
});
