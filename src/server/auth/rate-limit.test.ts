import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../tests/helpers/db';
import { userIdBy } from '../../../tests/helpers/context';
import { seedDemoAccounts, DEMO_PASSWORD } from '../seed/demo';
import { authenticate } from './accounts';
import { clientAddress } from './client-address';
import {
	ACCOUNT_ATTACK_FAILURES,
	ADDRESS_LOGIN_CEILING,
	loginLimits,
	reserveAccountChange,
	reserveSms,
	reserveUserAction
} from './rate-limit';
import { countOf, reserve } from './throttle';

let db: TestDatabase;

beforeAll(async () => {
	db = await openTestDatabase();
	await seedDemoAccounts(db.sql);
});
afterAll(() => db.close());

const seconds = (base: Date, s: number) => new Date(base.getTime() + s * 1000);

describe('login limits', () => {
	it('accepts the ID number, the mobile or the staff account as the login name', async () => {
		expect((await authenticate(db.sql, '320102199003070025', DEMO_PASSWORD, '10.0.1.1')).ok).toBe(
			true
		);
		expect((await authenticate(db.sql, '13800000001', DEMO_PASSWORD, '10.0.1.1')).ok).toBe(true);
		expect((await authenticate(db.sql, 'hr01', DEMO_PASSWORD, '10.0.1.1')).ok).toBe(true);
	});

	it('100 concurrent wrong logins record 100 failures, and only 5 of them reach the hash', async () => {
		const account = await userIdBy(db.sql, 'unit02');
		const results = await Promise.all(
			Array.from({ length: 100 }, () =>
				authenticate(db.sql, 'unit02', 'wrong-password', '10.1.0.1')
			)
		);
		const [accountKey, addressKey, pairKey] = loginLimits(account, '10.1.0.1').map((l) => l.key);
		expect(await countOf(db.sql, accountKey!)).toBe(100);
		expect(await countOf(db.sql, addressKey!)).toBe(100);
		// Only attempts that were let through count in the pair's backoff, and only they are hashed.
		expect(await countOf(db.sql, pairKey!)).toBe(5);
		expect(results.filter((r) => !r.ok && r.reason === 'failed')).toHaveLength(5);
		expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(95);
		// The right password from this address waits too: the attacker's pair is slowed.
		expect((await authenticate(db.sql, 'unit02', DEMO_PASSWORD, '10.1.0.1')).ok).toBe(false);
	});

	it('the right password from a fresh address still logs in while an attacker hammers the account', async () => {
		const attackers = Array.from({ length: 40 }, (_, i) => `10.2.${i}.1`);
		const hammer = await Promise.all(
			attackers.flatMap((address) =>
				[1, 2, 3].map(() => authenticate(db.sql, '13800000002', 'guess-guess', address))
			)
		);
		expect(hammer.every((r) => !r.ok)).toBe(true);
		// While attacked, each address gets one guess at this account, then waits.
		expect(hammer.filter((r) => !r.ok && r.reason === 'failed').length).toBeLessThanOrEqual(
			ACCOUNT_ATTACK_FAILURES + attackers.length
		);
		expect((await authenticate(db.sql, '13800000002', 'guess-again', '10.2.0.1')).ok).toBe(false);
		const owner = await authenticate(db.sql, '13800000002', DEMO_PASSWORD, '10.200.0.1');
		expect(owner.ok).toBe(true);
	});

	it('grows the wait of one account+address pair: 5 at once, then 2 s, 4 s, 8 s …', async () => {
		// The pair alone (the account's count would soon make it the stricter attacked steps).
		const limits = loginLimits('pair-test', '10.3.0.1').filter((l) => l.kind === 'backoff');
		const t0 = new Date('2027-01-01T00:00:00Z');
		for (let i = 0; i < 5; i++) expect((await reserve(db.sql, limits, t0)).ok).toBe(true);
		expect(await reserve(db.sql, limits, seconds(t0, 1))).toEqual({
			ok: false,
			retryAfterSeconds: 1
		});
		expect((await reserve(db.sql, limits, seconds(t0, 2))).ok).toBe(true);
		expect((await reserve(db.sql, limits, seconds(t0, 5))).ok).toBe(false);
		expect((await reserve(db.sql, limits, seconds(t0, 6))).ok).toBe(true);
		expect((await reserve(db.sql, limits, seconds(t0, 13))).ok).toBe(false);
		expect((await reserve(db.sql, limits, seconds(t0, 14))).ok).toBe(true);
		// Another address for the same account is not slowed by this pair.
		const otherPair = loginLimits('pair-test', '10.3.0.2').filter((l) => l.kind === 'backoff');
		expect((await reserve(db.sql, otherPair, seconds(t0, 14))).ok).toBe(true);
	});

	it('refuses an address over its ceiling across accounts, the right password included', async () => {
		for (let i = 0; i < ADDRESS_LOGIN_CEILING; i++) {
			await authenticate(db.sql, `nobody${i}`, 'wrong-password', '10.4.0.1');
		}
		expect(await authenticate(db.sql, 'admin', DEMO_PASSWORD, '10.4.0.1')).toMatchObject({
			ok: false,
			reason: 'throttled'
		});
		expect((await authenticate(db.sql, 'admin', DEMO_PASSWORD, '10.4.0.2')).ok).toBe(true);
	});

	it('a success gives the reservation back and starts the pair afresh', async () => {
		const account = await userIdBy(db.sql, 'dept01');
		for (let i = 0; i < 4; i++) await authenticate(db.sql, 'dept01', 'wrong-password', '10.5.0.1');
		expect((await authenticate(db.sql, 'dept01', DEMO_PASSWORD, '10.5.0.1')).ok).toBe(true);
		const [accountKey, addressKey, pairKey] = loginLimits(account, '10.5.0.1').map((l) => l.key);
		expect(await countOf(db.sql, accountKey!)).toBe(4);
		expect(await countOf(db.sql, addressKey!)).toBe(4);
		expect(await countOf(db.sql, pairKey!)).toBe(0);
	});

	it('gives an unknown account and a wrong password the same answer', async () => {
		const unknown = await authenticate(db.sql, '13999999999', 'whatever1', '10.0.0.5');
		const wrong = await authenticate(db.sql, 'hr01', 'whatever1', '10.0.0.5');
		expect(unknown).toEqual({ ok: false, reason: 'failed' });
		expect(wrong).toEqual(unknown);
	});
});

describe('other limits', () => {
	it('SMS: one a minute per mobile, ten requests an hour per address', async () => {
		expect((await reserveSms(db.sql, '13700000001', 'register', '10.6.0.1')).ok).toBe(true);
		expect((await reserveSms(db.sql, '13700000001', 'register', '10.6.0.1')).ok).toBe(false);
		// The refused request counts too: 8 more reach the address's 10.
		for (let i = 2; i <= 9; i++) {
			expect(
				(await reserveSms(db.sql, `137000000${String(i).padStart(2, '0')}`, 'register', '10.6.0.1'))
					.ok
			).toBe(true);
		}
		expect((await reserveSms(db.sql, '13700000011', 'register', '10.6.0.1')).ok).toBe(false);
		expect((await reserveSms(db.sql, '13700000011', 'register', '10.6.0.2')).ok).toBe(true);
	});

	it('SMS: five an hour per mobile, from any address', async () => {
		const t0 = new Date('2027-02-01T00:00:00Z');
		for (let i = 0; i < 5; i++) {
			expect(
				(await reserveSms(db.sql, '13700000099', 'register', `10.7.0.${i}`, seconds(t0, 61 * i))).ok
			).toBe(true);
		}
		expect(
			(await reserveSms(db.sql, '13700000099', 'register', '10.7.1.1', seconds(t0, 61 * 5))).ok
		).toBe(false);
		expect(
			(await reserveSms(db.sql, '13700000099', 'register', '10.7.1.1', seconds(t0, 3601))).ok
		).toBe(true);
	});

	it('registrations and password resets: 20 an hour per address', async () => {
		for (let i = 0; i < 20; i++)
			expect((await reserveAccountChange(db.sql, '10.8.0.1')).ok).toBe(true);
		expect((await reserveAccountChange(db.sql, '10.8.0.1')).ok).toBe(false);
		expect((await reserveAccountChange(db.sql, '10.8.0.2')).ok).toBe(true);
	});

	it('per person: actions over the allowance of a minute are refused', async () => {
		for (let i = 0; i < 3; i++)
			expect((await reserveUserAction(db.sql, 'u-limit', 3)).ok).toBe(true);
		expect((await reserveUserAction(db.sql, 'u-limit', 3)).ok).toBe(false);
		expect((await reserveUserAction(db.sql, 'u-other', 3)).ok).toBe(true);
	});
});

describe('client address behind proxies (ADDRESS_HEADER, XFF_DEPTH)', () => {
	const socket = () => '192.0.2.10';
	const request = (headers: Record<string, string>) => new Request('http://x/', { headers });
	const spoofed = request({ 'x-forwarded-for': '203.0.113.66, 198.51.100.7' });

	it('ignores the header unless it is configured (any client can send one)', () => {
		expect(clientAddress(spoofed, socket, { addressHeader: null, xffDepth: 1 })).toBe('192.0.2.10');
	});

	it('takes the entry the trusted proxies wrote, not the client’s own claims before it', () => {
		const one = { addressHeader: 'x-forwarded-for', xffDepth: 1 };
		const two = { addressHeader: 'x-forwarded-for', xffDepth: 2 };
		expect(clientAddress(spoofed, socket, one)).toBe('198.51.100.7');
		expect(clientAddress(spoofed, socket, two)).toBe('203.0.113.66');
		expect(clientAddress(request({}), socket, one)).toBe('192.0.2.10');
	});

	it('reads a single-address header as it is', () => {
		const real = { addressHeader: 'x-real-ip', xffDepth: 1 };
		expect(clientAddress(request({ 'x-real-ip': ' 198.51.100.9 ' }), socket, real)).toBe(
			'198.51.100.9'
		);
	});
});
