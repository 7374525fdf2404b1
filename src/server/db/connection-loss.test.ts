import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../tests/helpers/db';
import { createSql, type Sql } from './client';
import { EMBEDDED_POOL_SIZE } from './embedded';
import { isDatabaseUnavailable } from './outage';

/** A TCP relay in front of the test database whose connections can be cut at any moment. */
async function relay(target: URL): Promise<{ url: string; cut(): number; close(): Promise<void> }> {
	const open = new Set<Socket>();
	const server: Server = createServer((client) => {
		const upstream = createConnection({ host: target.hostname, port: Number(target.port) });
		for (const s of [client, upstream]) {
			open.add(s);
			s.on('close', () => open.delete(s));
			s.on('error', () => {});
		}
		client.pipe(upstream).pipe(client);
		client.on('close', () => upstream.destroy());
		upstream.on('close', () => client.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const url = new URL(target);
	url.host = `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
	return {
		url: url.toString(),
		cut() {
			const n = open.size;
			for (const s of open) s.destroy();
			return n;
		},
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}

let db: TestDatabase;
let proxy: Awaited<ReturnType<typeof relay>>;
let sql: Sql;
const uncaught: unknown[] = [];
const record = (error: unknown) => uncaught.push(error);

beforeAll(async () => {
	db = await openTestDatabase();
	proxy = await relay(new URL(db.url));
	sql = createSql(proxy.url, db.kind === 'embedded' ? EMBEDDED_POOL_SIZE : 4);
	process.on('uncaughtException', record);
	process.on('unhandledRejection', record);
});

afterAll(async () => {
	process.off('uncaughtException', record);
	process.off('unhandledRejection', record);
	await sql.end({ timeout: 1 });
	await proxy.close();
	await db.close();
});

/** Settles every promise and lets pending immediates and timers run (where 3.4's write crashed). */
async function settle(promises: Promise<unknown>[]): Promise<PromiseSettledResult<unknown>[]> {
	const results = await Promise.allSettled(promises);
	await new Promise((r) => setTimeout(r, 50));
	return results;
}

describe('a connection closed under a query', () => {
	it('rejects the query with a catchable outage error, and the pool serves again', async () => {
		await sql`select 1`;
		const pending = sql`select pg_sleep(0.3)`;
		await new Promise((r) => setTimeout(r, 50));
		expect(proxy.cut()).toBeGreaterThan(0);
		const [result] = await settle([pending]);
		expect(result?.status).toBe('rejected');
		expect(isDatabaseUnavailable((result as PromiseRejectedResult).reason)).toBe(true);
		const [row] = await sql<{ n: number }[]>`select 1 as n`;
		expect(row?.n).toBe(1);
		expect(uncaught).toEqual([]);
	});

	it('rejects a transaction cut between its statements; nothing of it is kept', async () => {
		await sql`create table if not exists loss_probe (id int primary key)`;
		const tx = sql.begin(async (t) => {
			await t`insert into loss_probe values (1)`;
			proxy.cut();
			await new Promise((r) => setTimeout(r, 20));
			await t`insert into loss_probe values (2)`;
		});
		const [result] = await settle([tx]);
		expect(result?.status).toBe('rejected');
		const rows = await sql`select id from loss_probe`;
		expect(rows).toHaveLength(0);
		expect(uncaught).toEqual([]);
	});

	it('survives cuts in the middle of many small pipelined queries and transactions', async () => {
		for (let round = 0; round < 20; round++) {
			const work: Promise<unknown>[] = Array.from({ length: 30 }, (_, i) =>
				i % 3 === 0
					? sql.begin(async (t) => {
							await t`select ${i}::int as i`;
							await t`select ${i + 1}::int as i`;
						})
					: sql`select ${i}::int as i`
			);
			// Cut after a random number of event-loop turns: the race is in what runs after close.
			setTimeout(() => proxy.cut(), Math.floor(Math.random() * 5));
			const results = await settle(work);
			for (const r of results) {
				if (r.status === 'rejected') expect(isDatabaseUnavailable(r.reason)).toBe(true);
			}
		}
		const [row] = await sql<{ n: number }[]>`select 2 as n`;
		expect(row?.n).toBe(2);
		expect(uncaught).toEqual([]);
	});
});
