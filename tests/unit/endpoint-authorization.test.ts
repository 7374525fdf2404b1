import { readdirSync } from 'node:fs';
import path from 'node:path';
import { isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDb } from '../../src/server/db/client';
import { createSession, type Session } from '../../src/server/auth/session';
import { loadSessionUser, type SessionUser } from '../../src/server/auth/users';
import { seedDemoAccounts } from '../../src/server/seed/demo';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { userIdBy } from '../helpers/context';

/**
 * Every endpoint and server load of the route tree, with who may reach it. Each role that may
 * not is sent in and must be turned away (403, or 登录 for a page when nobody is signed in) with
 * no row written. A route file that is not listed here fails the test: a new endpoint must say
 * who it is for. Procedures behind /api/trpc have their own matrix (trpc-authorization.test).
 */

type Who = 'admin' | 'applicant' | 'reviewer';
type Access =
	| { who: Who; params?: Record<string, string>; method?: 'GET' | 'POST' }
	| { public: string }
	| { coveredBy: string };

const ROUTES: Record<string, Access> = {
	'+layout.server.ts': { public: 'the shell: who is signed in, and the language' },
	'admin/+page.server.ts': { who: 'admin' },
	'admin/audit/+page.server.ts': { who: 'admin' },
	'admin/audit/export/+server.ts': { who: 'admin' },
	'admin/export/+server.ts': { who: 'admin', method: 'POST' },
	'admin/exports/+page.server.ts': { who: 'admin' },
	'admin/module-sets/+page.server.ts': { who: 'admin' },
	'admin/reference/+page.server.ts': { who: 'admin' },
	'admin/reviewers/+page.server.ts': { who: 'admin' },
	'api/health/+server.ts': { public: 'liveness probe, no data' },
	'api/ready/+server.ts': { public: 'readiness probe, no data' },
	'api/trpc/[...trpc]/+server.ts': {
		coveredBy: 'tests/unit/trpc-authorization.test.ts, review-authorization.test.ts'
	},
	'cases/[id]/+page.server.ts': {
		who: 'applicant',
		params: { id: '00000000-0000-4000-8000-000000000000' }
	},
	'cases/[id]/form.pdf/+server.ts': { coveredBy: 'tests/unit/review-authorization.test.ts' },
	'certificates/[id]/certificate.pdf/+server.ts': {
		coveredBy: 'tests/unit/certificates.test.ts (certificate download matrix)'
	},
	'files/[...path]/+server.ts': { coveredBy: 'src/server/files/tus.test.ts (uploads)' },
	'files/download/[id]/+server.ts': {
		coveredBy: 'tests/unit/review-authorization.test.ts (file download matrix)'
	},
	'me/+page.server.ts': { who: 'applicant' },
	'review/+page.server.ts': { who: 'reviewer' },
	'review/cases/[id]/+page.server.ts': {
		who: 'reviewer',
		params: { id: '00000000-0000-4000-8000-000000000000' }
	},
	'templates/[name]/+server.ts': { who: 'applicant', params: { name: 'unit-consent' } },
	'verify/+page.server.ts': { public: '职称证书查询 (masked, rate limited: certificates.test)' },
	'verify/[token]/+page.server.ts': { public: 'the QR code’s page (certificates.test)' },
	'verify/keys.json/+server.ts': { public: 'the public signing keys' },
	'verify/public-key.pem/+server.ts': { public: 'the public signing key' }
};

const ROUTES_DIR = path.resolve('src/routes');
/** Route file (relative to src/routes) → its module, loaded on use. */
const FILES: Record<string, () => Promise<unknown>> = Object.fromEntries(
	readdirSync(ROUTES_DIR, { recursive: true, encoding: 'utf8' })
		.filter((f) => /(^|\/)\+(server|page\.server|layout\.server)\.ts$/.test(f))
		.map((f) => [f, () => import(/* @vite-ignore */ path.join(ROUTES_DIR, f))])
);
const routeOf = (file: string) => file;

const LOGIN_OF: Record<Who, string> = {
	admin: 'admin',
	applicant: '13800000001',
	reviewer: 'dept01'
};

let db: TestDatabase;
const users = new Map<Who, { user: SessionUser; session: Session }>();
beforeAll(async () => {
	db = await openTestDatabase();
	await seedDemoAccounts(db.sql);
	setDb(db.sql);
	for (const who of Object.keys(LOGIN_OF) as Who[]) {
		const user = (await loadSessionUser(db.sql, await userIdBy(db.sql, LOGIN_OF[who])))!;
		users.set(who, { user, session: (await createSession(db.sql, user)).session });
	}
});
afterAll(async () => {
	setDb(null);
	await db.close();
});

function eventFor(
	route: string,
	signedIn: { user: SessionUser; session: Session } | null,
	access: { params?: Record<string, string>; method?: string }
) {
	const path = '/' + route.replace(/\/?\+[a-z.]+\.ts$/, '');
	const url = new URL(`http://localhost${path}`);
	const request = new Request(url, {
		method: access.method ?? 'GET',
		...(access.method === 'POST'
			? { body: new URLSearchParams({ source: 'queue', key: 'x', format: 'csv' }) }
			: {})
	});
	return {
		locals: { user: signedIn?.user ?? null, session: signedIn?.session ?? null },
		params: access.params ?? {},
		url,
		request,
		route: { id: path },
		cookies: { get: () => undefined, set: () => {}, delete: () => {}, getAll: () => [] },
		getClientAddress: () => '127.0.0.1',
		setHeaders: () => {},
		parent: async () => ({}),
		depends: () => {},
		untrack: <T>(fn: () => T) => fn(),
		fetch
	} as unknown as RequestEvent;
}

/** What the handler answered: 403, a redirect to 登录, or something that let the caller in. */
async function outcome(run: () => unknown): Promise<string> {
	try {
		const result = await run();
		return result instanceof Response ? `response ${result.status}` : 'loaded';
	} catch (e) {
		if (isHttpError(e)) return `error ${e.status}`;
		if (isRedirect(e)) return e.location.startsWith('/login') ? 'login' : `redirect ${e.location}`;
		return `threw ${String(e)}`;
	}
}

async function rowCounts() {
	const [row] = await db.sql`
		select (select count(*) from audit_log)::int as audit, (select count(*) from cases)::int as cases,
			(select count(*) from users)::int as users`;
	return row;
}

describe('authorization matrix of the endpoints and server loads', () => {
	it('lists every route file of src/routes', () => {
		const files = Object.keys(FILES).map(routeOf).sort();
		expect(
			files.filter((f) => !(f in ROUTES)),
			'route files without a line here'
		).toEqual([]);
		expect(
			Object.keys(ROUTES).filter((r) => !files.includes(r)),
			'lines for no file'
		).toEqual([]);
	});

	it('turns away everyone but the role a route is for, and writes nothing', async () => {
		let calls = 0;
		const leaks: string[] = [];
		const before = await rowCounts();
		for (const [file, load] of Object.entries(FILES)) {
			const route = routeOf(file);
			const access = ROUTES[route];
			if (!access || !('who' in access)) continue;
			const mod = (await load()) as Record<string, (e: RequestEvent) => unknown>;
			const handler = mod.load ?? mod[access.method ?? 'GET'];
			expect(handler, route).toBeTypeOf('function');
			const isPage = route.endsWith('+page.server.ts');
			for (const who of [null, ...(['admin', 'applicant', 'reviewer'] as Who[])]) {
				if (who === access.who) continue;
				const got = await outcome(() =>
					handler!(eventFor(route, who ? users.get(who)! : null, access))
				);
				const expected = who === null && isPage ? 'login' : 'error 403';
				calls++;
				if (got !== expected) leaks.push(`${route} as ${who ?? 'nobody'}: ${got}`);
			}
		}
		console.log(`endpoint authorization matrix: ${calls} calls, ${leaks.length} leaks`);
		expect(leaks).toEqual([]);
		expect(await rowCounts()).toEqual(before);
	});

	it('lets the right role in (the matrix is not refusing everyone)', async () => {
		for (const [file, load] of Object.entries(FILES)) {
			const route = routeOf(file);
			const access = ROUTES[route];
			if (!access || !('who' in access) || access.method === 'POST' || access.params) continue;
			const mod = (await load()) as Record<string, (e: RequestEvent) => unknown>;
			const handler = mod.load ?? mod.GET;
			const got = await outcome(() => handler!(eventFor(route, users.get(access.who)!, access)));
			expect(['loaded', 'response 200', 'error 400'], `${route} as ${access.who}`).toContain(got);
		}
	});
});
