import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loginCookie, startApp, type App } from '../lib/app';
import { monotonicUs, summarizeCpuProfile, type ProfileWindow } from '../lib/cpu-profile';
import { formatCounts, countPerRequest } from '../lib/pg-counts';
import { createBenchDatabase } from '../lib/pg-server';
import type { Sql } from '../../src/server/db/client';
import { round } from '../lib/results';
import { baselineLoad, checkedTarget, load, startBaseline, type Load } from './trpc';
import type { BenchContext, Suite } from './types';

const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const PROFILE_SECONDS = 10;
const AUTHED_BASELINE = 'baseline-authed-server.mjs';

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
	return { rps, p99, cpuMs: null };
}

const COUNTED_REQUESTS = 500;

/** Statements and table scans per request of `url` with `cookie`, printed under `label`. */
async function queriesPerRequest(sql: Sql, label: string, url: string, cookie: string) {
	const counts = await countPerRequest(sql, COUNTED_REQUESTS, async () => {
		const r = await autocannon({
			url,
			connections: 10,
			amount: COUNTED_REQUESTS,
			headers: { cookie }
		});
		if (r.non2xx || r.errors) throw new Error(`${label}: ${r.non2xx + r.errors} failed requests`);
	});
	console.log(`${label}, per request: ${formatCounts(counts)}`);
	return counts;
}

/** The like-for-like server answers what the app answers (else it is not doing the same work). */
async function sameAnswer(appUrl: string, baselineUrl: string, cookie: string): Promise<void> {
	const read = async (url: string) => (await fetch(url, { headers: { cookie } })).json();
	const [app, base] = [await read(appUrl), await read(baselineUrl)];
	if (JSON.stringify(app) !== JSON.stringify(base)) {
		throw new Error(`baseline answers ${JSON.stringify(base)}, the app ${JSON.stringify(app)}`);
	}
}

/**
 * The authenticated tRPC read (trpc.ts) with the app on a real PostgreSQL server instead of the
 * embedded one, one process pinned as the other suites pin it, set against two baselines on the
 * same CPU in the same run: `bench/baseline-authed-server.mjs`, node:http doing the same required
 * work on the same database (cookie, SHA-256 of the token, the same session and profile queries
 * and rules, masking, JSON; checked: the same answer and the same statements and index scans per
 * request), and the empty node:http handler. Then the framework's ceiling: the same app answering
 * a tRPC query that touches no database (`auth.session` without a cookie) and `/api/health`, against
 * the empty handler. Then one and two processes on the same database, nothing pinned, the same 50
 * connections spread over them — how throughput grows with processes on this machine.
 * BENCH_CPU_PROF=1 adds a `node --cpu-prof` run of one process and prints where its CPU time goes.
 */
export const trpcOnPostgres: Suite = {
	name: 'trpc-pg',
	metrics: [
		'trpc-authed-read-rps-pg',
		'trpc-authed-read-rps-pg-vs-empty',
		'trpc-authed-read-pg-p99-ms',
		'trpc-authed-read-pg-statements',
		'trpc-no-db-read-rps',
		'trpc-authed-read-rps-2proc'
	],
	targets: {
		'trpc-authed-read-rps-pg-vs-empty': { min: 0.15, on: 'ratio' },
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
			const appCounts = await queriesPerRequest(db.sql, 'app me.profile', target, cookie);
			const pg = await load(ctx, 'trpc me.profile on PostgreSQL', target, { cookie }, first.pid);
			const noDb = await load(
				ctx,
				'trpc auth.session, no cookie (no database)',
				`${first.url}/api/trpc/auth.session`,
				{},
				first.pid
			);
			const health = await load(
				ctx,
				'SvelteKit /api/health (no tRPC, no database)',
				`${first.url}/api/health`,
				{},
				first.pid
			);

			const authed = await startBaseline(ctx, AUTHED_BASELINE, { DATABASE_URL: db.url });
			let like: Load;
			let likeCounts: Awaited<ReturnType<typeof queriesPerRequest>>;
			try {
				await sameAnswer(target, authed.url, cookie);
				likeCounts = await queriesPerRequest(db.sql, 'like-for-like baseline', authed.url, cookie);
				like = await load(
					ctx,
					'like-for-like node:http + postgres.js',
					authed.url,
					{ cookie },
					authed.pid
				);
			} finally {
				await authed.stop();
			}
			const empty = await baselineLoad(ctx, cookie);
			await first.stop();
			apps.length = 0;
			console.log(
				`ratios: me.profile / like-for-like ${round(pg.rps / like.rps, 3)}, / empty ${round(pg.rps / empty.rps, 3)}; ` +
					`like-for-like / empty ${round(like.rps / empty.rps, 3)}; ceiling (auth.session, no database) / empty ` +
					`${round(noDb.rps / empty.rps, 3)}; /api/health / empty ${round(health.rps / empty.rps, 3)}`
			);

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
			if (process.env.BENCH_CPU_PROF === '1') await profileOneProcess(ctx, db.url, cookie);
			return {
				'trpc-authed-read-rps-pg': {
					value: round(pg.rps, 0),
					unit: 'req/s',
					baseline: round(like.rps, 0),
					ratio: round(pg.rps / like.rps, 3)
				},
				'trpc-authed-read-rps-pg-vs-empty': {
					value: round(pg.rps, 0),
					unit: 'req/s',
					baseline: round(empty.rps, 0),
					ratio: round(pg.rps / empty.rps, 3)
				},
				'trpc-authed-read-pg-p99-ms': {
					value: pg.p99,
					unit: 'ms',
					baseline: like.p99,
					ratio: round(pg.p99 / Math.max(like.p99, 1), 2)
				},
				'trpc-authed-read-pg-statements': {
					value: appCounts.statements ?? 0,
					unit: 'per request',
					baseline: likeCounts.statements ?? 0,
					ratio: round((appCounts.statements ?? 0) / Math.max(likeCounts.statements ?? 0, 0.01), 2)
				},
				'trpc-no-db-read-rps': {
					value: round(noDb.rps, 0),
					unit: 'req/s',
					baseline: round(empty.rps, 0),
					ratio: round(noDb.rps / empty.rps, 3)
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

/**
 * One process, pinned as the measured one, with `--cpu-prof`: `me.profile`, then `auth.session`
 * without a cookie (no database), each under the same load; the profile (written when the process
 * exits) is summarized per load, start-up left out.
 */
async function profileOneProcess(
	ctx: BenchContext,
	databaseUrl: string,
	cookie: string
): Promise<void> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'zc-cpu-prof-'));
	const app = await startApp({
		cpus: ctx.cpus.server,
		databaseUrl,
		args: ['--cpu-prof', `--cpu-prof-dir=${dir}`]
	});
	const windows: ProfileWindow[] = [];
	const profiled = async (label: string, url: string, headers: Record<string, string>) => {
		await autocannon({ url, connections: CONNECTIONS, duration: 2, headers });
		const fromUs = monotonicUs();
		await autocannon({ url, connections: CONNECTIONS, duration: PROFILE_SECONDS, headers });
		windows.push({ label, fromUs, toUs: monotonicUs() });
	};
	try {
		await profiled('me.profile', await checkedTarget(app.url, cookie), { cookie });
		await profiled('auth.session without a cookie', `${app.url}/api/trpc/auth.session`, {});
	} finally {
		await app.stop();
	}
	console.log(summarizeCpuProfile(dir, 20, windows));
	if (process.env.BENCH_KEEP_PROFILE !== '1') rmSync(dir, { recursive: true, force: true });
	else console.log(`profile kept in ${dir} (open it in Chrome DevTools → Performance)`);
}
