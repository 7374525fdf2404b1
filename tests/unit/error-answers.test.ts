import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Sql } from '../../src/server/db/client';
import type { Context } from '../../src/server/trpc/context';
import { appRouter } from '../../src/server/trpc/routers/_app';
import { seedDemoAccounts } from '../../src/server/seed/demo';
import { anonymousContext, contextFor, userIdBy } from '../helpers/context';
import { openTestDatabase, type TestDatabase } from '../helpers/db';

let tdb: TestDatabase;
let wang: Context;

beforeAll(async () => {
	tdb = await openTestDatabase();
	await seedDemoAccounts(tdb.sql);
	wang = await contextFor(tdb.sql, await userIdBy(tdb.sql, '13800000001'));
});
afterAll(() => tdb?.close());

interface ErrorBody {
	error: {
		message: string;
		data: { httpStatus: number; fieldErrors: Record<string, string> | null; requestId?: string };
	};
}

async function call(ctx: Context, path: string, input: unknown, method = 'GET') {
	const url = new URL(`http://localhost/api/trpc/${path}`);
	if (method === 'GET') url.searchParams.set('input', JSON.stringify(input));
	const res = await fetchRequestHandler({
		endpoint: '/api/trpc',
		req: new Request(url, {
			method,
			...(method === 'POST'
				? { body: JSON.stringify(input), headers: { 'content-type': 'application/json' } }
				: {})
		}),
		router: appRouter,
		createContext: () => ctx
	});
	const text = await res.text();
	return { status: res.status, text, body: JSON.parse(text) as ErrorBody };
}

describe('errors that do not leak', () => {
	it('answers an internal error with a generic message and a request id; the detail goes to the log under it', async () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		try {
			const broken = (() => {
				throw new Error('relation "secret_table" does not exist at /srv/app/x.js:12');
			}) as unknown as Sql;
			const { status, text, body } = await call(anonymousContext(broken), 'reference.regions', {});
			expect(status).toBe(500);
			expect(text).not.toMatch(/secret_table|\/srv\/app|stack/);
			const id = body.error.data.requestId!;
			expect(id).toMatch(/^[0-9a-f]{12}$/);
			expect(body.error.message).toContain(`请求编号 ${id}`);
			expect(body.error.message).toContain(`request id ${id}`);
			const logged = log.mock.calls.map((args) => args.map(String).join(' ')).join('\n');
			expect(logged).toContain(`[request ${id}]`);
			expect(logged).toContain('secret_table');
		} finally {
			log.mockRestore();
		}
	});

	it("answers sync.pull's cursor beyond the column's range with 400 naming the field", async () => {
		const { status, text, body } = await call(wang, 'sync.pull', { since: '9999999999999999999' });
		expect(status).toBe(400);
		expect(text).not.toMatch(/out of range for type|bigint/);
		expect(body.error.data.fieldErrors).toEqual({ since: '数值超出允许范围' });
		// The largest cursor the column holds is a cursor like any other.
		const max = await call(wang, 'sync.pull', { since: '9223372036854775807' });
		expect(max.status).toBe(200);
	});

	it("answers a revision beyond the column's range with 400 naming the field", async () => {
		const mutation = {
			id: randomUUID(),
			caseId: randomUUID(),
			op: 'module.save',
			module: 'work_summary',
			baseRevision: 3_000_000_000,
			payload: { data: { text: 'x' } }
		};
		const { status, body } = await call(
			wang,
			'sync.push',
			{ clientId: randomUUID(), mutations: [mutation] },
			'POST'
		);
		expect(status).toBe(400);
		expect(body.error.data.fieldErrors).toEqual({
			'mutations.0.baseRevision': '数值超出允许范围'
		});
	});

	it('answers any other value the database cannot take with 400, not an internal error', async () => {
		const outOfRange = (() => {
			throw Object.assign(new Error('value "99999999999" is out of range for type integer'), {
				code: '22003'
			});
		}) as unknown as Sql;
		const { status, text } = await call(anonymousContext(outOfRange), 'reference.regions', {});
		expect(status).toBe(400);
		expect(text).toContain('数值超出允许范围');
		expect(text).not.toContain('out of range for type');
	});
});
