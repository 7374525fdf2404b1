import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../tests/helpers/db';
import { seedDemoAccounts } from '../seed/demo';
import { userIdBy } from '../../../tests/helpers/context';
import {
	APPLICANT_IDLE_SECONDS,
	HOST_SESSION_COOKIE,
	SESSION_COOKIE,
	STAFF_IDLE_SECONDS,
	cookieIsSecure,
	createSession,
	invalidateUserSessions,
	purgeExpiredSessions,
	sessionCookieName,
	sessionTokenFromHeader,
	validateSessionToken
} from './session';

let db: TestDatabase;
let applicant: { id: string; kind: 'applicant' };
let reviewer: { id: string; kind: 'staff' };

const minutes = (n: number) => n * 60_000;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

beforeAll(async () => {
	db = await openTestDatabase();
	await seedDemoAccounts(db.sql);
	applicant = { id: await userIdBy(db.sql, '13800000001'), kind: 'applicant' };
	reviewer = { id: await userIdBy(db.sql, 'dept01'), kind: 'staff' };
});
afterAll(() => db.close());

describe('sessions', () => {
	it('validates a fresh token and rejects a forged secret or malformed token', async () => {
		const { token } = await createSession(db.sql, applicant);
		const ok = await validateSessionToken(db.sql, token);
		expect(ok?.user.name).toBe('王芳');
		const [id] = token.split('.');
		expect(await validateSessionToken(db.sql, `${id}.${'a'.repeat(32)}`)).toBeNull();
		expect(await validateSessionToken(db.sql, id!)).toBeNull();
		expect(await validateSessionToken(db.sql, `${token}.x`)).toBeNull();
	});

	it('stores no raw token: neither the token nor its secret appears anywhere in the table', async () => {
		const { token } = await createSession(db.sql, applicant);
		const secret = token.split('.')[1]!;
		const rows = await db.sql<{ row: string }[]>`select sessions::text as row from sessions`;
		expect(rows.length).toBeGreaterThan(0);
		for (const { row } of rows) {
			expect(row).not.toContain(secret);
			expect(row).not.toContain(token);
		}
	});

	it('slides: each use within the idle window pushes expiry forward', async () => {
		const t0 = new Date('2026-11-01T08:00:00Z');
		const { token } = await createSession(db.sql, reviewer, t0);
		// Used every 20 minutes for two hours: never 30 idle minutes, so still valid.
		for (let i = 1; i <= 6; i++) {
			expect(await validateSessionToken(db.sql, token, at(t0, minutes(20 * i)))).not.toBeNull();
		}
		const [row] = await db.sql<{ lastVerifiedAt: Date }[]>`
			select last_verified_at from sessions where id = ${token.split('.')[0]!}`;
		expect(row?.lastVerifiedAt.toISOString()).toBe(at(t0, minutes(120)).toISOString());
	});

	it('ends a reviewer session after 30 idle minutes and deletes it', async () => {
		const t0 = new Date('2026-11-02T08:00:00Z');
		const { token, session } = await createSession(db.sql, reviewer, t0);
		expect(session.idleTimeoutSeconds).toBe(STAFF_IDLE_SECONDS);
		expect(await validateSessionToken(db.sql, token, at(t0, minutes(29)))).not.toBeNull();
		expect(await validateSessionToken(db.sql, token, at(t0, minutes(29 + 30)))).toBeNull();
		const [row] = await db.sql<{ n: number }[]>`
			select count(*)::int as n from sessions where id = ${session.id}`;
		expect(row?.n).toBe(0);
	});

	it('keeps an applicant signed in across a long offline spell, within 30 days', async () => {
		const t0 = new Date('2026-11-03T08:00:00Z');
		const { token, session } = await createSession(db.sql, applicant, t0);
		expect(session.idleTimeoutSeconds).toBe(APPLICANT_IDLE_SECONDS);
		expect(await validateSessionToken(db.sql, token, at(t0, minutes(60 * 24 * 20)))).not.toBeNull();
		expect(
			await validateSessionToken(db.sql, token, at(t0, minutes(60 * 24 * 20 + 60 * 24 * 31)))
		).toBeNull();
	});

	it('marks cookies Secure except on plain-http loopback', () => {
		expect(cookieIsSecure(new URL('http://localhost:3000/'))).toBe(false);
		expect(cookieIsSecure(new URL('http://127.0.0.1:3000/'))).toBe(false);
		expect(cookieIsSecure(new URL('https://zc.example.cn/'))).toBe(true);
		expect(cookieIsSecure(new URL('http://zc.example.cn/'))).toBe(true);
	});

	it('ends an applicant session after 90 days however often it is used', async () => {
		const t0 = new Date('2026-11-04T08:00:00Z');
		const { token } = await createSession(db.sql, applicant, t0);
		const day = minutes(60 * 24);
		for (let d = 20; d < 90; d += 20) {
			expect(await validateSessionToken(db.sql, token, at(t0, d * day))).not.toBeNull();
		}
		expect(await validateSessionToken(db.sql, token, at(t0, 89 * day))).not.toBeNull();
		expect(await validateSessionToken(db.sql, token, at(t0, 90 * day))).toBeNull();
	});

	it('ends a reviewer session after 12 hours however often it is used', async () => {
		const t0 = new Date('2026-11-05T08:00:00Z');
		const { token } = await createSession(db.sql, reviewer, t0);
		for (let m = 20; m < 12 * 60; m += 20) {
			expect(await validateSessionToken(db.sql, token, at(t0, minutes(m)))).not.toBeNull();
		}
		expect(await validateSessionToken(db.sql, token, at(t0, minutes(12 * 60)))).toBeNull();
	});

	it('uses a __Host- cookie wherever the cookie is Secure, and reads only that name there', () => {
		const https = new URL('https://zc.example.cn/me');
		const loopback = new URL('http://localhost:3000/me');
		expect(sessionCookieName(https)).toBe(HOST_SESSION_COOKIE);
		expect(HOST_SESSION_COOKIE.startsWith('__Host-')).toBe(true);
		expect(sessionCookieName(loopback)).toBe(SESSION_COOKIE);
		// A cookie without the prefix can be set by a sibling subdomain: on https it is ignored.
		expect(sessionTokenFromHeader(`${SESSION_COOKIE}=a.b`, https)).toBeNull();
		expect(sessionTokenFromHeader(`x=1; ${HOST_SESSION_COOKIE}=c.d`, https)).toBe('c.d');
		expect(sessionTokenFromHeader(`${SESSION_COOKIE}=a.b`, loopback)).toBe('a.b');
	});

	it('ends every session of one person (退出所有设备), or all but the one kept', async () => {
		const a = await createSession(db.sql, applicant);
		const b = await createSession(db.sql, applicant);
		const other = await createSession(db.sql, reviewer);
		expect(await invalidateUserSessions(db.sql, applicant.id, a.session.id)).toBeGreaterThan(0);
		expect(await validateSessionToken(db.sql, a.token)).not.toBeNull();
		expect(await validateSessionToken(db.sql, b.token)).toBeNull();
		await invalidateUserSessions(db.sql, applicant.id);
		expect(await validateSessionToken(db.sql, a.token)).toBeNull();
		expect(await validateSessionToken(db.sql, other.token)).not.toBeNull();
	});

	it('purges rows past their absolute end or their idle timeout, and only those', async () => {
		const now = new Date('2027-03-01T08:00:00Z');
		const live = await createSession(db.sql, applicant, at(now, -minutes(60)));
		const idle = await createSession(db.sql, reviewer, at(now, -minutes(31)));
		const old = await createSession(db.sql, applicant, at(now, -minutes(60 * 24 * 91)));
		await db.sql`update sessions set last_verified_at = ${at(now, -minutes(60))} where id = ${old.session.id}`;
		await purgeExpiredSessions(db.sql, now);
		const ids = (await db.sql<{ id: string }[]>`select id from sessions`).map((r) => r.id);
		expect(ids).toContain(live.session.id);
		expect(ids).not.toContain(idle.session.id);
		expect(ids).not.toContain(old.session.id);
	});
});
