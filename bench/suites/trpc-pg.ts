import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loginCookie, startApp, type App } from '../lib/app';
import { summarizeCpuProfile } from '../lib/cpu-profile';
import { createBenchDatabase } from '../lib/pg-server';
import { round } from '../lib/results';
import { baselineLoad, checkedTarget, load, type Load } from './trpc';
import type { Suite } from './types';

const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const PROFILE_SECONDS = 10;

/**
 * `CONNECTIONS` split evenly over `urls`, all at once, unpinned: requests per second summed, the
 * worst p99. What a proxy spreading the load over the processes would see, without its own cost.
 */
async function spread(label: string, urls: string[], cookie: string): Promise<Load> {
	const each = Math.floor(CONNECTIONS / urls.length);
	const run = (duration: number) =>
		Promise.all(
			urls.map((url) => autocannon({ url, connections: each, duration, headers: { cookie } }))
		);
	await run(Math.min(3, DURATION));
	const results = await run(DURATION);
	const rps = results.reduce((a, r) => a + r.requests.average, 0);
	const p99 = Math.max(...results.map((r) => r.latency.p99));
	const bad = results.reduce((a, r) => a + r.errors + r.timeouts + r.non2xx, 0);
	console.log(
		`${label}: ${Math.round(rps)} req/s, p99 ${p99} ms over ${urls.length} process(es)` +
			(bad ? ` — WARNING: ${bad} errors, timeouts or non-2xx` : '')
	);
	return { rps, p99 };
}

/**
 * The authenticated tRPC read (trpc.ts) with the app on a real PostgreSQL server instead of the
 * embedded one: one process pinned as the other suites pin it, against the bare node:http
 * handler on the same CPU; then one and two processes on the same database, nothing pinned,
 * the same 50 connections spread over them — how throughput grows with processes on this
 * machine. BENCH_CPU_PROF=1 adds a `node --cpu-prof` run of one process and prints where its
 * CPU time goes.
 */
export const trpcOnPostgres: Suite = {
	name: 'trpc-pg',
	metrics: ['trpc-authed-read-rps-pg', 'trpc-authed-read-pg-p99-ms', 'trpc-authed-read-rps-2proc'],
	targets: {
		'trpc-authed-read-rps-pg': { min: 0.15, on: 'ratio' },
		'trpc-authed-read-pg-p99-ms': { max: 50 }
	},
	async run(ctx) {
		const db = await createBenchDatabase('trpc', 2);
		const apps: App[] = [];
		try {
			const first = await startApp({ cpus: ctx.cpus.server, databaseUrl: db.url });
			apps.push(first);
			const cookie = await loginCookie(first.url);
			const target = await checkedTarget(first.url, cookie);
			const pg = await load(ctx, 'trpc me.profile on PostgreSQL', target, { cookie });
			const base = await baselineLoad(ctx, cookie);
			await first.stop();
			apps.length = 0;

			// One and two processes, unpinned, on the same database and the same session.
			const one = await startApp({ databaseUrl: db.url });
			apps.push(one);
			const single = await spread(
				'1 process, unpinned',
				[await checkedTarget(one.url, cookie)],
				cookie
			);
			const two = await startApp({ databaseUrl: db.url });
			apps.push(two);
			const both = await spread(
				'2 processes, unpinned',
				[await checkedTarget(one.url, cookie), await checkedTarget(two.url, cookie)],
				cookie
			);
			if (process.env.BENCH_CPU_PROF === '1') await profileOneProcess(db.url, cookie);
			return {
				'trpc-authed-read-rps-pg': {
					value: round(pg.rps, 0),
					unit: 'req/s',
					baseline: round(base.rps, 0),
					ratio: round(pg.rps / base.rps, 3)
				},
				'trpc-authed-read-pg-p99-ms': {
					value: pg.p99,
					unit: 'ms',
					baseline: base.p99,
					ratio: round(pg.p99 / Math.max(base.p99, 1), 2)
				},
				'trpc-authed-read-rps-2proc': {
					value: round(both.rps, 0),
					unit: 'req/s',
					baseline: round(single.rps, 0),
					ratio: round(both.rps / single.rps, 3)
				}
			};
		} finally {
			for (const app of apps) await app.stop();
			await db.drop();
		}
	}
};

/** One process under the same load with `--cpu-prof`; the profile is written when it exits. */
async function profileOneProcess(databaseUrl: string, cookie: string): Promise<void> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'zc-cpu-prof-'));
	const app = await startApp({ databaseUrl, args: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
	try {
		const url = await checkedTarget(app.url, cookie);
		await autocannon({
			url,
			connections: CONNECTIONS,
			duration: PROFILE_SECONDS,
			headers: { cookie }
		});
	} finally {
		await app.stop();
	}
	console.log(summarizeCpuProfile(dir));
	if (process.env.BENCH_KEEP_PROFILE !== '1') rmSync(dir, { recursive: true, force: true });
	else console.log(`profile kept in ${dir} (open it in Chrome DevTools → Performance)`);
}
