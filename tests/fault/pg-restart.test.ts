import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSql } from '../../src/server/db/client';
import { buildPresent, freePort, startBuiltApp, type AppProcess } from './app';
import { postgresBin, sleep, startCluster, type Cluster } from './cluster';
import {
	checkAgainstDatabase,
	countOutcomes,
	registerSaver,
	runSaver,
	secondsToFirstApplied,
	type Saver
} from './savers';

/**
 * The built app on a PostgreSQL cluster of its own, with 20 applicants saving through sync.push
 * while the cluster is restarted (fast, immediate), its connections are killed, and it is stopped
 * for 20 s. After each: the same process serves, every applied save is in the database exactly
 * once, the outage answered 503 only, and saves are applied again within 5 s.
 */

const APPLICANTS = 20;
const RECOVERY_LIMIT_S = 5;
const DB = 'zc_fault';

const skip = !buildPresent()
	? 'build/ is missing; run `npm run build` first (CI runs this after the build)'
	: !postgresBin()
		? 'no PostgreSQL server binaries under /usr/lib/postgresql'
		: null;
if (skip) console.warn(`pg-restart fault test skipped: ${skip}`);

let cluster: Cluster;
let app: AppProcess;
const savers: { saver: Saver; cookie: string }[] = [];
let loops: Promise<void>[] = [];
let running = false;

function startSaving(): void {
	running = true;
	loops = savers.map(({ saver, cookie }) => runSaver(app.url, cookie, saver, () => running));
}

async function stopSaving(): Promise<void> {
	running = false;
	await Promise.all(loops);
}

const all = () => savers.map((s) => s.saver);

function recoverySince(since: number): Promise<number> {
	return secondsToFirstApplied(all(), since, app.exited).catch((error: unknown) => {
		const why = error instanceof Error ? error.message : String(error);
		throw new Error(`${why}\napp output:\n${app.log()}\nPostgreSQL log:\n${cluster.log()}`);
	});
}

/** Stops the clients, then checks the process, the answers and the database. */
async function checkAfter(label: string, since: number, recoveries: number[]): Promise<void> {
	await stopSaving();
	expect(app.exited(), `the app process died during ${label}:\n${app.log()}`).toBeNull();
	const health = await fetch(`${app.url}/api/health`);
	const ready = await fetch(`${app.url}/api/ready`);
	const { counts, slowest503 } = countOutcomes(all(), since);
	const surprises = savers.flatMap(({ saver }) => saver.surprises.splice(0));
	const sql = createSql(cluster.url(DB), 1);
	let problems: string[];
	try {
		problems = await checkAgainstDatabase(sql, all());
	} finally {
		await sql.end({ timeout: 5 });
	}
	console.log(
		`${label}: pid ${app.pid} alive; ${counts.applied} saves applied, ${counts['503']} answered 503 ` +
			`(slowest ${Math.round(slowest503)} ms), ${counts['500']} 500, ${counts.timeout} hung, ` +
			`${counts.network + counts['other-status'] + counts.refused} other; ` +
			`recovery ${recoveries.map((s) => s.toFixed(2)).join(', ')} s`
	);
	expect(health.status).toBe(200);
	expect(ready.status).toBe(200);
	expect(surprises.slice(0, 5)).toEqual([]);
	expect(counts['500'] + counts.timeout + counts.network + counts['other-status']).toBe(0);
	expect(problems).toEqual([]);
	for (const s of recoveries) expect(s).toBeLessThanOrEqual(RECOVERY_LIMIT_S);
}

/** Pages, probes and other endpoints while PostgreSQL is down, through the real hooks. */
async function expectOutageAnswers(): Promise<void> {
	const { cookie } = savers[0]!;
	const page = await fetch(`${app.url}/me`, { headers: { cookie, accept: 'text/html' } });
	expect(page.status).toBe(503);
	expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0);
	const html = await page.text();
	expect(html).toContain('服务暂时不可用');
	expect(html).toContain('Service briefly unavailable');
	expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
	const ready = await fetch(`${app.url}/api/ready`);
	expect(ready.status).toBe(503);
	expect(((await ready.json()) as { database: string }).database).toBe('down');
}

describe.skipIf(skip)('the built app on its own PostgreSQL cluster', () => {
	beforeAll(async () => {
		cluster = await startCluster(await freePort());
		const admin = createSql(cluster.url(), 1);
		await admin.unsafe(`create database ${DB}`);
		await admin.end();
		app = await startBuiltApp({ DATABASE_URL: cluster.url(DB) });
		const salt = Date.now() % 10_000;
		for (let i = 0; i < APPLICANTS; i += 5) {
			const batch = Array.from({ length: Math.min(5, APPLICANTS - i) }, (_, k) =>
				registerSaver(app.url, i + k, salt)
			);
			savers.push(...(await Promise.all(batch)));
		}
	}, 180_000);

	afterAll(async () => {
		running = false;
		await Promise.race([Promise.all(loops), sleep(30_000)]);
		await app?.stop();
		cluster?.destroy();
	}, 60_000);

	for (const mode of ['fast', 'immediate'] as const) {
		it(`keeps serving while PostgreSQL restarts five times in a row (-m ${mode})`, async () => {
			const since = performance.now();
			startSaving();
			await recoverySince(since);
			const recoveries: number[] = [];
			for (let i = 0; i < 5; i++) {
				const accepting = await cluster.restart(mode);
				recoveries.push(await recoverySince(accepting));
			}
			await checkAfter(`5 × restart -m ${mode}`, since, recoveries);
		}, 120_000);
	}

	it('keeps serving when every app connection is killed with pg_terminate_backend', async () => {
		const since = performance.now();
		startSaving();
		await recoverySince(since);
		const admin = createSql(cluster.url(), 1);
		const recoveries: number[] = [];
		try {
			for (let i = 0; i < 3; i++) {
				const [row] = await admin<{ n: number }[]>`
					select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
					where datname = ${DB} and pid <> pg_backend_pid()`;
				expect(row!.n).toBeGreaterThan(0);
				recoveries.push(await recoverySince(performance.now()));
				await sleep(500);
			}
		} finally {
			await admin.end({ timeout: 5 });
		}
		await checkAfter('pg_terminate_backend × 3', since, recoveries);
	}, 120_000);

	it('answers 503 while PostgreSQL is stopped for 20 s, then serves again by itself', async () => {
		const since = performance.now();
		startSaving();
		await recoverySince(since);
		await cluster.stop('fast');
		const stopped = performance.now();
		await sleep(10_000);
		await expectOutageAnswers();
		await sleep(10_000);
		const during = countOutcomes(all(), stopped + 1000).counts;
		const accepting = await cluster.start();
		const recovery = await recoverySince(accepting);
		expect(during['503']).toBeGreaterThan(APPLICANTS);
		expect(during.applied).toBe(0);
		await checkAfter('stopped 20 s', since, [recovery]);
	}, 120_000);
});
