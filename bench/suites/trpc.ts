import autocannon from 'autocannon';
import path from 'node:path';
import { loginCookie, ROOT } from '../lib/app';
import { allCpus, cpuSeconds, freePort, pin, startChild, waitForHttp } from '../lib/proc';
import { round } from '../lib/results';
import type { BenchContext, Suite } from './types';

const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const WARMUP = Math.min(3, Math.max(1, Math.round(DURATION / 5)));

export interface Load {
	rps: number;
	p99: number;
	/** The server process's CPU time per answered request (ms), when its pid was given. */
	cpuMs: number | null;
}

export async function load(
	ctx: BenchContext,
	label: string,
	url: string,
	headers: Record<string, string>,
	serverPid?: number
): Promise<Load> {
	const pinned = ctx.cpus.load ? pin(ctx.cpus.load) : false;
	try {
		// Warm-up (JIT, connection pools), not recorded.
		await autocannon({ url, connections: CONNECTIONS, duration: WARMUP, headers });
		const cpu0 = serverPid ? cpuSeconds(serverPid) : null;
		const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers });
		const cpu1 = serverPid ? cpuSeconds(serverPid) : null;
		const cpuMs =
			cpu0 !== null && cpu1 !== null && r.requests.total
				? round((1000 * (cpu1 - cpu0)) / r.requests.total, 3)
				: null;
		const problems = [
			r.errors && `${r.errors} errors`,
			r.timeouts && `${r.timeouts} timeouts`,
			r.non2xx && `${r.non2xx} non-2xx`
		].filter(Boolean);
		console.log(
			`${label}: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, ` +
				`p99 ${r.latency.p99} ms, ${r.requests.total} requests in ${DURATION} s` +
				(cpuMs === null ? '' : `, server CPU ${cpuMs} ms/request`) +
				(problems.length ? ` — WARNING: ${problems.join(', ')}` : '')
		);
		return { rps: r.requests.average, p99: r.latency.p99, cpuMs };
	} finally {
		if (pinned) pin(allCpus());
	}
}

export const EMPTY_BASELINE = 'baseline-server.mjs';

/** A baseline server from bench/ (`env` adds its settings, e.g. DATABASE_URL) on the servers' CPU. */
export async function startBaseline(
	ctx: BenchContext,
	script: string,
	env: NodeJS.ProcessEnv = {}
): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
	const port = await freePort();
	const server = startChild(process.execPath, [path.join(ROOT, 'bench', script)], {
		env: { ...process.env, ...env, PORT: String(port) },
		cpus: ctx.cpus.server
	});
	const url = `http://127.0.0.1:${port}/`;
	try {
		await waitForHttp(url, server, 10_000);
	} catch (err) {
		await server.stop();
		throw err;
	}
	return { url, pid: server.child.pid!, stop: server.stop };
}

/** The bare node:http JSON handler under the same load, on the servers' CPU. */
export async function baselineLoad(ctx: BenchContext, cookie: string): Promise<Load> {
	const baseline = await startBaseline(ctx, EMPTY_BASELINE);
	try {
		return await load(ctx, 'baseline node:http', baseline.url, { cookie }, baseline.pid);
	} finally {
		await baseline.stop();
	}
}

/** The demo applicant's profile read (session lookup + one row) answers 200 with this cookie. */
export async function checkedTarget(url: string, cookie: string): Promise<string> {
	const target = `${url}/api/trpc/me.profile`;
	const check = await fetch(target, { headers: { cookie } });
	const body = await check.text();
	if (!check.ok) throw new Error(`me.profile answered ${check.status}: ${body.slice(0, 300)}`);
	return target;
}

/**
 * Throughput and tail latency of an authenticated tRPC read (session lookup + one row), with
 * autocannon (-c 50) in this process and the servers in child processes. The baseline is a bare
 * node:http JSON handler measured the same way, so the ratio says what the stack costs.
 */
export const trpcAuthedRead: Suite = {
	name: 'trpc',
	metrics: ['trpc-authed-read-rps', 'trpc-authed-read-p99-ms'],
	async run(ctx) {
		const { url } = await ctx.app();
		const cookie = await loginCookie(url);
		const target = await checkedTarget(url, cookie);

		const app = await load(ctx, 'trpc me.profile', target, { cookie });

		const base = await baselineLoad(ctx, cookie);
		return {
			'trpc-authed-read-rps': {
				value: round(app.rps, 0),
				unit: 'req/s',
				baseline: round(base.rps, 0),
				ratio: round(app.rps / base.rps, 3)
			},
			'trpc-authed-read-p99-ms': {
				value: app.p99,
				unit: 'ms',
				baseline: base.p99,
				ratio: round(app.p99 / Math.max(base.p99, 1), 2)
			}
		};
	}
};
