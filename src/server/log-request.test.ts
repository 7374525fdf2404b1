import { Writable } from 'node:stream';
import type { RequestEvent } from '@sveltejs/kit';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { requestLogger } from './log-request';

function capture() {
	const lines: Record<string, unknown>[] = [];
	let raw = '';
	const stream = new Writable({
		write(chunk: Buffer, _enc, done) {
			raw += chunk.toString();
			lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
			done();
		}
	});
	return { logger: pino({ level: 'info' }, stream), lines, raw: () => raw };
}

function event(url: string, headers: Record<string, string>, userId: string | null) {
	return {
		request: new Request(url, { method: 'PATCH', headers }),
		route: { id: '/files/[...path]' },
		locals: { user: userId ? { id: userId } : null }
	} as unknown as RequestEvent;
}

describe('the request log', () => {
	it('logs id, method, route pattern, status, duration and user id; never the path, query or cookie', async () => {
		const { logger, lines, raw } = capture();
		const handle = requestLogger(logger);
		const response = await handle({
			event: event(
				'http://localhost/files/320102199003070025-a1?token=secret-token',
				{ cookie: 'zc_session=session-token', 'x-request-id': 'proxy-id-1234' },
				'user-1'
			),
			resolve: async () => new Response(null, { status: 204 })
		});
		expect(response.headers.get('x-request-id')).toBe('proxy-id-1234');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatchObject({
			requestId: 'proxy-id-1234',
			method: 'PATCH',
			route: '/files/[...path]',
			status: 204,
			userId: 'user-1',
			msg: 'request'
		});
		expect(typeof lines[0]!.ms).toBe('number');
		for (const secret of ['secret-token', 'session-token', '320102199003070025']) {
			expect(raw()).not.toContain(secret);
		}
	});

	it('makes its own id for a missing or odd one, and logs a request that threw as 500', async () => {
		const { logger, lines } = capture();
		const handle = requestLogger(logger);
		const failing = handle({
			event: event('http://localhost/files/x', { 'x-request-id': 'bad id {"x":1}' }, null),
			resolve: async () => {
				throw new Error('boom');
			}
		});
		await expect(failing).rejects.toThrow('boom');
		expect(lines[0]).toMatchObject({ status: 500, userId: null, level: 50 });
		expect(lines[0]!.requestId).toMatch(/^[0-9a-f-]{36}$/);
	});
});
