import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Cookies } from '@sveltejs/kit';
import type { Sql, TransactionSql } from '../db/client';
import { authSettings } from './settings';
import type { SessionUser } from './users';

/** The cookie on plain-http loopback; everywhere else `__Host-` (Secure, path /, no Domain). */
export const SESSION_COOKIE = 'zc_session';
export const HOST_SESSION_COOKIE = '__Host-zc_session';
export const APPLICANT_IDLE_SECONDS = 30 * 24 * 3600;
export const STAFF_IDLE_SECONDS = 30 * 60;

export interface Session {
	id: string;
	userId: string;
	idleTimeoutSeconds: number;
	lastVerifiedAt: Date;
	createdAt: Date;
	/** The absolute end, however active the session is. */
	expiresAt: Date;
}

export interface ValidatedSession {
	session: Session;
	user: SessionUser;
}

function randomBase32(bytes: number): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}

function hashSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

/** Reviewers and administrators are signed out after 30 idle minutes; applicants after 30 days. */
export function idleTimeoutFor(user: Pick<SessionUser, 'kind'>): number {
	return user.kind === 'staff' ? STAFF_IDLE_SECONDS : APPLICANT_IDLE_SECONDS;
}

/** Applicants stay signed in at most 90 days, reviewers and administrators 12 hours. */
export function lifetimeFor(user: Pick<SessionUser, 'kind'>): number {
	return user.kind === 'staff'
		? authSettings.staffLifetimeSeconds
		: authSettings.applicantLifetimeSeconds;
}

/** Writes `last_verified_at` at most this often, to keep validation mostly read-only. */
function refreshIntervalMs(idleTimeoutSeconds: number): number {
	return Math.min(3600, idleTimeoutSeconds / 30) * 1000;
}

/** Token `<id>.<secret>`: the id is looked up, only SHA-256 of the secret is stored. */
export async function createSession(
	sql: Sql,
	user: Pick<SessionUser, 'id' | 'kind'>,
	now = new Date()
): Promise<{ token: string; session: Session }> {
	const id = randomBase32(15);
	const secret = randomBase32(20);
	const session: Session = {
		id,
		userId: user.id,
		idleTimeoutSeconds: idleTimeoutFor(user),
		lastVerifiedAt: now,
		createdAt: now,
		expiresAt: new Date(now.getTime() + lifetimeFor(user) * 1000)
	};
	await sql`insert into sessions (id, user_id, secret_hash, idle_timeout_seconds, last_verified_at, created_at, expires_at)
		values (${id}, ${user.id}, ${Buffer.from(hashSecret(secret))}, ${session.idleTimeoutSeconds}, ${now}, ${now}, ${session.expiresAt})`;
	return { token: `${id}.${secret}`, session };
}

export async function validateSessionToken(
	sql: Sql,
	token: string,
	now = new Date()
): Promise<ValidatedSession | null> {
	const [id, secret, extra] = token.split('.');
	if (!id || !secret || extra !== undefined) return null;
	// One round trip: the session, its person and their roles.
	const [row] = await sql<
		(Session & {
			secretHash: Uint8Array;
			kind: SessionUser['kind'];
			name: string;
			account: string | null;
			roles: SessionUser['roles'];
		})[]
	>`
		select s.id, s.user_id, s.secret_hash, s.idle_timeout_seconds, s.last_verified_at, s.created_at, s.expires_at,
			u.kind, u.name, u.account,
			coalesce((select json_agg(json_build_object('role', r.role, 'scopeType', r.scope_type, 'scopeId', r.scope_id) order by r.id)
				from user_roles r where r.user_id = u.id), '[]') as roles
		from sessions s join users u on u.id = s.user_id
		where s.id = ${id}`;
	if (!row) return null;
	if (!constantTimeEqual(new Uint8Array(row.secretHash), hashSecret(secret))) return null;
	const session: Session = {
		id: row.id,
		userId: row.userId,
		idleTimeoutSeconds: row.idleTimeoutSeconds,
		lastVerifiedAt: row.lastVerifiedAt,
		createdAt: row.createdAt,
		expiresAt: row.expiresAt
	};
	const idleMs = now.getTime() - session.lastVerifiedAt.getTime();
	if (idleMs >= session.idleTimeoutSeconds * 1000 || now >= session.expiresAt) {
		await invalidateSession(sql, id);
		return null;
	}
	if (idleMs >= refreshIntervalMs(session.idleTimeoutSeconds)) {
		session.lastVerifiedAt = now;
		await sql`update sessions set last_verified_at = ${now} where id = ${id}`;
	}
	const user: SessionUser = {
		id: row.userId,
		kind: row.kind,
		name: row.name,
		account: row.account,
		roles: row.roles
	};
	return { session, user };
}

export async function invalidateSession(sql: Sql, sessionId: string): Promise<void> {
	await sql`delete from sessions where id = ${sessionId}`;
}

/** Ends every session of the person (退出所有设备, a new password), but `keep` if given. */
export async function invalidateUserSessions(
	sql: Sql | TransactionSql,
	userId: string,
	keep: string | null = null
): Promise<number> {
	const rows = await sql`delete from sessions
		where user_id = ${userId} and (${keep}::text is null or id <> ${keep}::text) returning id`;
	return rows.length;
}

/** Deletes sessions past their absolute end or idle for longer than their timeout. */
export async function purgeExpiredSessions(sql: Sql, now = new Date()): Promise<number> {
	const rows = await sql`delete from sessions
		where expires_at <= ${now}
			or last_verified_at <= ${now}::timestamptz - make_interval(secs => idle_timeout_seconds)
		returning id`;
	return rows.length;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Secure everywhere but plain-http loopback, where browsers would drop a Secure cookie. */
export function cookieIsSecure(url: URL): boolean {
	return !(url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}

export function sessionCookieName(url: URL): string {
	return cookieIsSecure(url) ? HOST_SESSION_COOKIE : SESSION_COOKIE;
}

/** The token of a request, under the name its origin uses. */
export function sessionTokenOf(cookies: Pick<Cookies, 'get'>, url: URL): string | undefined {
	return cookies.get(sessionCookieName(url));
}

/** The same from a raw Cookie header (the tus server has no SvelteKit cookies). */
export function sessionTokenFromHeader(header: string | null, url: URL): string | null {
	const name = sessionCookieName(url);
	for (const part of (header ?? '').split(';')) {
		const eq = part.indexOf('=');
		if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
	}
	return null;
}

export function setSessionCookie(cookies: Cookies, url: URL, token: string, session: Session) {
	const untilEnd = Math.floor((session.expiresAt.getTime() - Date.now()) / 1000);
	cookies.set(sessionCookieName(url), token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: cookieIsSecure(url),
		maxAge: Math.max(0, Math.min(session.idleTimeoutSeconds, untilEnd))
	});
}

export function deleteSessionCookie(cookies: Cookies, url: URL) {
	cookies.delete(sessionCookieName(url), {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: cookieIsSecure(url)
	});
}
