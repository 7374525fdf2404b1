import { createSql } from '../../src/server/db/client';
import { freePort, startBuiltApp, type AppProcess } from '../../tests/fault/app';
import { startCluster, sleep, type Cluster } from '../../tests/fault/cluster';
import {
	countOutcomes,
	registerSaver,
	runSaver,
	secondsToFirstApplied,
	type Saver
} from '../../tests/fault/savers';
import { allCpus, pin } from '../lib/proc';
import { round, type Results } from '../lib/results';
import { percentile } from '../lib/stats';
import type { BenchContext, Suite } from './types';

const APPLICANTS = 40;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 20);
const WARMUP_S = 2;
const OUTAGE_S = 10;

interface Load {
	savers: Saver[];
	stop(): Promise<void>;
}

async function startLoad(url: string, salt: number): Promise<Load> {
	const registered: { saver: Saver; cookie: string }[] = [];
	for (let i = 0; i < APPLICANTS; i += 8) {
		const batch = Array.from({ length: Math.min(8, APPLICANTS - i) }, (_, k) =>
			registerSaver(url, i + k, salt)
		);
		registered.push(...(await Promise.all(batch)));
	}
	let running = true;
	const loops = registered.map(({ saver, cookie }) => runSaver(url, cookie, saver, () => running));
	return {
		savers: registered.map((r) => r.saver),
		async stop() {
			running = false;
			await Promise.all(loops);
		}
	};
}

/** 40 applicants saving back to back (one mutation a request); applied saves per second, latency. */
async function savesPerSecond(ctx: BenchContext, label: string, load: Load): Promise<Results> {
	await sleep(WARMUP_S * 1000);
	const pinned = ctx.cpus.load ? pin(ctx.cpus.load) : false;
	const from = performance.now();
	await sleep(DURATION_S * 1000);
	const to = performance.now();
	if (pinned) pin(allCpus());
	const ms = load.savers.flatMap((s) =>
		s.attempts.filter((a) => a.at >= from && a.at <= to && a.outcome === 'applied').map((a) => a.ms)
	);
	const perS = ms.length / ((to - from) / 1000);
	const p50 = percentile(ms, 50);
	const p99 = percentile(ms, 99);
	console.log(
		`${label}: ${Math.round(perS)} saves/s, p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms ` +
			`(${APPLICANTS} applicants, ${ms.length} saves in ${DURATION_S} s)`
	);
	const suffix = label === 'embedded' ? '-embedded' : '';
	return {
		[`sync-saves-per-s${suffix}`]: { value: round(perS, 0), unit: 'saves/s' },
		[`sync-saves-p50-ms${suffix}`]: { value: round(p50, 1), unit: 'ms' },
		[`sync-saves-p99-ms${suffix}`]: { value: round(p99, 1), unit: 'ms' }
	};
}

/** A fast restart, then 10 s stopped: seconds to the first applied save, answers meanwhile. */
async function outage(cluster: Cluster, app: AppProcess, load: Load): Promise<Results> {
	const died = () => app.exited();
	const restartAccepting = await cluster.restart('fast');
	const restart = await secondsToFirstApplied(load.savers, restartAccepting, died);
	await cluster.stop('fast');
	const stopped = performance.now();
	await sleep(OUTAGE_S * 1000);
	const accepting = await cluster.start();
	const recovery = await secondsToFirstApplied(load.savers, accepting, died);
	const { counts, slowest503 } = countOutcomes(load.savers, stopped, accepting + recovery * 1000);
	const other = counts.network + counts['other-status'] + counts.refused;
	console.log(
		`pg outage: restart -m fast → first applied save ${restart.toFixed(2)} s; stopped ${OUTAGE_S} s → ` +
			`${recovery.toFixed(2)} s after accepting; answers meanwhile: ${counts['503']} × 503 ` +
			`(slowest ${Math.round(slowest503)} ms), ${counts['500']} × 500, ${counts.timeout} hung, ${other} other`
	);
	return {
		'pg-restart-recovery-s': { value: round(restart, 2), unit: 's' },
		'pg-outage-recovery-s': { value: round(recovery, 2), unit: 's' },
		'pg-outage-errors-503': { value: counts['503'], unit: 'requests' },
		'pg-outage-errors-500': { value: counts['500'], unit: 'requests' },
		'pg-outage-errors-hung': { value: counts.timeout, unit: 'requests' },
		'pg-outage-errors-other': { value: other, unit: 'requests' }
	};
}

/**
 * Sync saves per second on the embedded database (the run's shared app) and on a PostgreSQL
 * cluster of the suite's own (initdb on a free port, so it can be restarted), then how the
 * built app rides out a restart and a 10 s stop of that cluster.
 */
export const pgResilience: Suite = {
	name: 'pg-resilience',
	metrics: [
		'sync-saves-per-s',
		'sync-saves-p50-ms',
		'sync-saves-p99-ms',
		'sync-saves-per-s-embedded',
		'sync-saves-p50-ms-embedded',
		'sync-saves-p99-ms-embedded',
		'pg-restart-recovery-s',
		'pg-outage-recovery-s',
		'pg-outage-errors-503',
		'pg-outage-errors-500',
		'pg-outage-errors-hung',
		'pg-outage-errors-other'
	],
	async run(ctx) {
		const results: Results = {};
		const salt = Date.now() % 10_000;
		const embedded = await ctx.app();
		const embeddedLoad = await startLoad(embedded.url, salt);
		try {
			Object.assign(results, await savesPerSecond(ctx, 'embedded', embeddedLoad));
		} finally {
			await embeddedLoad.stop();
		}

		const cluster = await startCluster(await freePort());
		let app: AppProcess | undefined;
		let load: Load | undefined;
		try {
			const admin = createSql(cluster.url(), 1);
			await admin.unsafe('create database zc_bench');
			await admin.end();
			app = await startBuiltApp({ DATABASE_URL: cluster.url('zc_bench') }, ctx.cpus.server);
			load = await startLoad(app.url, salt + 1);
			Object.assign(results, await savesPerSecond(ctx, 'PostgreSQL', load));
			Object.assign(results, await outage(cluster, app, load));
		} finally {
			await load?.stop();
			await app?.stop();
			cluster.destroy();
		}
		return results;
	}
};
