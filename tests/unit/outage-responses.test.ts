import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { afterAll, describe, expect, it } from 'vitest';
import { createSql, type Sql } from '../../src/server/db/client';
import { OUTAGE_MESSAGE } from '../../src/server/db/outage';
import type { RequestEvent } from '@sveltejs/kit';
import { outage, outageError, unavailableResponse } from '../../src/server/http/unavailable';
import { appRouter } from '../../src/server/trpc/routers/_app';
import { anonymousContext } from '../helpers/context';

/** Nothing listens on port 1: every query is refused as when PostgreSQL is down. */
const down = createSql('postgres://postgres@127.0.0.1:1/zhicheng', 1);
afterAll(() => down.end({ timeout: 1 }));

function call(sql: Sql, path: string): Promise<Response> {
	return fetchRequestHandler({
		endpoint: '/api/trpc',
		req: new Request(`http://localhost/api/trpc/${path}`),
		router: appRouter,
		createContext: () => anonymousContext(sql)
	});
}

describe('tRPC while the database is down', () => {
	it('answers 503 with the message in both languages, not the driver’s text', async () => {
		const res = await call(down, 'reference.regions');
		const body = await res.text();
		expect(res.status).toBe(503);
		const { error } = JSON.parse(body) as { error: { message: string; data: { code: string } } };
		expect(error.message).toBe(OUTAGE_MESSAGE);
		expect(error.message).toMatch(/数据库.*database/s);
		expect(error.data.code).toBe('SERVICE_UNAVAILABLE');
		expect(body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);
	});

	it('answers 503 for every call of a batch', async () => {
		const res = await call(down, 'reference.regions,reference.series?batch=1&input={}');
		expect(res.status).toBe(503);
		const body = (await res.json()) as { error: { data: { httpStatus: number } } }[];
		expect(body.map((b) => b.error.data.httpStatus)).toEqual([503, 503]);
	});

	it('answers any other failure as a plain 500 that keeps the database’s text to the log', async () => {
		const broken = (() => {
			throw Object.assign(new Error('relation "secret_table" does not exist'), { code: '42P01' });
		}) as unknown as Sql;
		const res = await call(broken, 'reference.regions');
		const body = await res.text();
		expect(res.status).toBe(500);
		expect(body).not.toContain('secret_table');
		expect(body).toContain('Internal server error');
	});
});

describe('the 503 answer outside tRPC', () => {
	const url = (p: string) => new URL(`http://localhost${p}`);

	it('is a page in both languages for a browser navigation, with Retry-After', async () => {
		const res = unavailableResponse(
			url('/me'),
			new Request('http://localhost/me', { headers: { accept: 'text/html' } })
		);
		expect(res.status).toBe(503);
		expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(res.headers.get('content-type')).toContain('text/html');
		const html = await res.text();
		expect(html).toContain('服务暂时不可用');
		expect(html).toContain('Service briefly unavailable');
	});

	it('is tRPC’s envelope on /api/trpc and { message } elsewhere', async () => {
		const trpc = unavailableResponse(
			url('/api/trpc/sync.push'),
			new Request('http://localhost/api/trpc/sync.push', { method: 'POST' })
		);
		expect(((await trpc.json()) as { error: { message: string } }).error.message).toBe(
			OUTAGE_MESSAGE
		);
		const data = unavailableResponse(
			url('/me/__data.json'),
			new Request('http://localhost/me/__data.json', { headers: { accept: '*/*' } })
		);
		expect(await data.json()).toEqual({ message: OUTAGE_MESSAGE });
	});
});

describe('the outage hook', () => {
	const down = Object.assign(new Error('terminating connection due to administrator command'), {
		code: '57P01'
	});
	function pageEvent(): RequestEvent {
		const request = new Request('http://localhost/me', { headers: { accept: 'text/html' } });
		return { url: new URL(request.url), request } as RequestEvent;
	}

	it('turns a page whose load met an outage (handleError saw it) into the 503 page', async () => {
		const event = pageEvent();
		const res = (await outage({
			event,
			resolve: async () => {
				expect(outageError(down, event)).toEqual({ message: OUTAGE_MESSAGE });
				return new Response('<h1>500</h1>', { status: 500 });
			}
		})) as Response;
		expect(res.status).toBe(503);
		expect(await res.text()).toContain('服务暂时不可用');
	});

	it('answers 503 when an earlier hook (the session check) throws an outage', async () => {
		const res = (await outage({
			event: pageEvent(),
			resolve: () => Promise.reject(down)
		})) as Response;
		expect(res.status).toBe(503);
		expect(res.headers.get('retry-after')).toBeTruthy();
	});

	it('leaves other failures alone', async () => {
		const event = pageEvent();
		expect(outageError(new TypeError('a bug'), event)).toBeNull();
		const res = (await outage({
			event,
			resolve: async () => new Response('x', { status: 500 })
		})) as Response;
		expect(res.status).toBe(500);
		await expect(
			outage({ event, resolve: () => Promise.reject(new TypeError('a bug')) })
		).rejects.toThrow('a bug');
	});
});
