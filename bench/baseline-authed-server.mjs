// Like-for-like baseline for the authenticated tRPC read (bench/suites/trpc-pg.ts): a node:http
// server doing the work `me.profile` must do, and nothing of the framework around it. Per request:
// read the session cookie, hash the token's secret as src/server/auth/session.ts does (SHA-256 from
// @oslojs/crypto, constant-time compare), the same session + person + roles query, the same idle
// and absolute expiry rule (and the same hourly `last_verified_at` refresh), the applicant role
// check, the same profile query and masking, the session cookie set again (sliding renewal) and
// the same static security headers; the answer in tRPC's envelope. postgres.js with the app's pool
// size and connection settings (src/server/db/client.ts, connect.ts). Env: PORT, DATABASE_URL.
// Keep the SQL in step with session.ts and services/profile.ts: the suite counts the statements
// and index scans per request of both and prints them side by side.
import { createServer } from 'node:http';
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import postgres from 'postgres';

const POOL_SIZE = 10; // SERVER_POOL_SIZE in src/server/db/connect.ts
const STATEMENT_TIMEOUT_MS = 15_000;
const sql = postgres(process.env.DATABASE_URL, {
	max: POOL_SIZE,
	idle_timeout: 30,
	connect_timeout: 5,
	queue_timeout: 10,
	query_timeout: STATEMENT_TIMEOUT_MS / 1000 + 5,
	onnotice: () => {},
	connection: {
		application_name: 'zhicheng-baseline',
		statement_timeout: STATEMENT_TIMEOUT_MS,
		lock_timeout: 5_000,
		idle_in_transaction_session_timeout: 30_000
	},
	transform: { column: { from: postgres.toCamel, to: postgres.fromCamel } }
});

const COOKIE = 'zc_session'; // plain-http loopback name (sessionCookieName)
const SECURITY_HEADERS = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'strict-origin-when-cross-origin',
	'x-frame-options': 'DENY',
	'permissions-policy': 'camera=(self), microphone=(), geolocation=()',
	'cross-origin-opener-policy': 'same-origin',
	'content-security-policy':
		"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
};

function tokenFrom(header) {
	for (const part of (header ?? '').split(';')) {
		const eq = part.indexOf('=');
		if (eq > 0 && part.slice(0, eq).trim() === COOKIE) return part.slice(eq + 1).trim() || null;
	}
	return null;
}

const hashSecret = (secret) => sha256(new TextEncoder().encode(secret));
const refreshIntervalMs = (idleS) => Math.min(3600, idleS / 30) * 1000;

async function validate(token, now) {
	const [id, secret, extra] = token.split('.');
	if (!id || !secret || extra !== undefined) return null;
	const [row] = await sql`
		select s.id, s.user_id, s.secret_hash, s.idle_timeout_seconds, s.last_verified_at, s.created_at, s.expires_at,
			u.kind, u.name, u.account,
			coalesce((select json_agg(json_build_object('role', r.role, 'scopeType', r.scope_type, 'scopeId', r.scope_id) order by r.id)
				from user_roles r where r.user_id = u.id), '[]') as roles
		from sessions s join users u on u.id = s.user_id
		where s.id = ${id}`;
	if (!row) return null;
	if (!constantTimeEqual(new Uint8Array(row.secretHash), hashSecret(secret))) return null;
	const idleMs = now.getTime() - row.lastVerifiedAt.getTime();
	if (idleMs >= row.idleTimeoutSeconds * 1000 || now >= row.expiresAt) {
		await sql`delete from sessions where id = ${id}`;
		return null;
	}
	if (idleMs >= refreshIntervalMs(row.idleTimeoutSeconds)) {
		await sql`update sessions set last_verified_at = ${now} where id = ${id}`;
	}
	return row;
}

const maskIdNumber = (id) =>
	id.length === 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : '*'.repeat(id.length);
const maskMobile = (m) =>
	m.length === 11 ? `${m.slice(0, 3)}****${m.slice(7)}` : '*'.repeat(m.length);

async function profileOf(userId) {
	const [row] = await sql`
		select id, name, id_number, mobile from users where id = ${userId} and kind = 'applicant'`;
	if (!row) return null;
	return {
		id: row.id,
		name: row.name,
		idNumberMasked: maskIdNumber(row.idNumber),
		mobileMasked: maskMobile(row.mobile)
	};
}

function answer(res, status, body, extra = {}) {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		...SECURITY_HEADERS,
		...extra,
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text)
	});
	res.end(text);
}

async function handle(req, res) {
	req.resume();
	const now = new Date();
	const token = tokenFrom(req.headers.cookie);
	const session = token ? await validate(token, now) : null;
	if (!session || !session.roles.some((r) => r.role === 'applicant')) {
		return answer(res, session ? 403 : 401, { error: { message: 'login_required' } });
	}
	const profile = await profileOf(session.userId);
	if (!profile) return answer(res, 404, { error: { message: 'forbidden' } });
	const untilEnd = Math.floor((session.expiresAt.getTime() - Date.now()) / 1000);
	const maxAge = Math.max(0, Math.min(session.idleTimeoutSeconds, untilEnd));
	answer(
		res,
		200,
		{ result: { data: profile } },
		{ 'set-cookie': `${COOKIE}=${token}; Max-Age=${maxAge}; Path=/; HttpOnly; SameSite=Lax` }
	);
}

const server = createServer((req, res) => {
	handle(req, res).catch((err) => {
		console.error(err);
		if (!res.headersSent) answer(res, 500, { error: { message: 'internal' } });
	});
});

server.listen(Number(process.env.PORT), '127.0.0.1', () => {
	console.log(`authed baseline listening on ${process.env.PORT}`);
});
process.on('SIGTERM', () => {
	server.close();
	void sql.end({ timeout: 5 }).finally(() => process.exit(0));
});
