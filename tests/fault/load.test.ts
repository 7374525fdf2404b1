import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSql } from '../../src/server/db/client';
import { buildPresent, freePort, startBuiltApp, type AppProcess } from './app';
import { postgresBin, sleep, startCluster, type Cluster } from './cluster';
import {
	pullLoop,
	pushLoop,
	queueLoop,
	uploadLoop,
	type Account,
	type Control
} from './load-clients';
import { checkWrites } from './load-check';
import { newLog } from './load-log';
import { errorSample, summarize, table, type OutageWindow, type Phase } from './load-report';
import { registerSaver } from './savers';

/**
 * The built app on a PostgreSQL cluster of its own under LOAD_CONNECTIONS (200) concurrent
 * clients for LOAD_SECONDS (60): applicants saving through sync.push and pulling, uploading small
 * PDFs through tus, reviewers reading their queue. A third of the way in PostgreSQL is restarted
 * (-m fast); two thirds in the app process is killed with SIGKILL and started again on the same
 * port and files. Every write a client was told succeeded must then be in the database exactly
 * once (and an upload's stored bytes its SHA-256), and no answer other than the outage's own may
 * come: see load-report.ts for the windows. Latencies are printed, never asserted.
 */

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 200);
/** The app's DB_QUEUE_TIMEOUT_S: a request queued for a connection in the outage answers 503 up to that late. */
const GRACE_MS = 10_000;
const APPLICANTS = 20;
/** Saves acknowledged since the last fault before the next one, and before the end. */
const WRITES_BEFORE_FAULT = 20;
/** Demo reviewers (src/server/seed/demo.ts, seeded with DEMO_DATA=1) and their password. */
const REVIEWERS = ['unit01', 'dept01', 'hr01', 'committee01'];
const DEMO_PASSWORD = 'Zhicheng#2026';
const DB = 'zc_load';

const skip = !buildPresent()
	? 'build/ is missing; run `npm run build` first (CI runs this after the build)'
	: !postgresBin()
		? 'no PostgreSQL server binaries under /usr/lib/postgresql'
		: null;
if (skip) console.warn(`load fault test skipped: ${skip}`);

let cluster: Cluster;
let app: AppProcess;
let dataDir: string;
let env: NodeJS.ProcessEnv;

afterAll(async () => {
	await app?.stop();
	cluster?.destroy();
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

async function trpcPost(
	base: string,
	proc: string,
	body: unknown,
	headers: Record<string, string>
) {
	const res = await fetch(`${base}/api/trpc/${proc}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: base, ...headers },
		body: JSON.stringify(body)
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`${proc}: HTTP ${res.status} ${text.slice(0, 300)}`);
	return res;
}

async function reviewerLogin(base: string, account: string, i: number): Promise<Account> {
	const res = await trpcPost(
		base,
		'auth.login',
		{ identifier: account, password: DEMO_PASSWORD },
		{ 'x-forwarded-for': `10.78.0.${i + 1}` }
	);
	const cookie = res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0] ?? '')
		.find((c) => c.startsWith('zc_session='));
	if (!cookie) throw new Error(`login ${account}: no session cookie`);
	return { cookie };
}

async function newCase(base: string, cookie: string): Promise<string> {
	const caseId = randomUUID();
	const mutation = { id: randomUUID(), caseId, op: 'case.create', payload: { kind: 'review' } };
	await trpcPost(base, 'sync.push', { clientId: randomUUID(), mutations: [mutation] }, { cookie });
	return caseId;
}

/** `count` connections split: 40 % saving, 10 % uploading, 25 % pulling, the rest reviewers. */
function split(count: number) {
	const push = Math.max(1, Math.round(count * 0.4));
	const upload = Math.max(1, Math.round(count * 0.1));
	const pull = Math.max(1, Math.round(count * 0.25));
	return { push, upload, pull, queue: Math.max(1, count - push - upload - pull) };
}

/** Resolves once `count` saves were acknowledged after `since` (writes flow again). */
async function savesAfter(log: ReturnType<typeof newLog>, since: number, count: number) {
	const deadline = performance.now() + 120_000;
	for (;;) {
		let n = 0;
		for (let i = log.saves.length - 1; i >= 0 && log.saves[i]!.at > since; i--) n++;
		if (n >= count) return;
		if (performance.now() > deadline) throw new Error(`fewer than ${count} saves in 120 s`);
		await sleep(50);
	}
}

/** The first wanted answer after `since`, polled while the clients run. */
async function firstServedAfter(log: ReturnType<typeof newLog>, since: number): Promise<number> {
	const deadline = performance.now() + 120_000;
	for (;;) {
		let first = Infinity;
		for (let i = log.attempts.length - 1; i >= 0 && log.attempts[i]!.at > since; i--) {
			if (log.attempts[i]!.ok) first = log.attempts[i]!.at;
		}
		if (first !== Infinity) return first;
		if (performance.now() > deadline) throw new Error('nothing served within 120 s of the fault');
		await sleep(50);
	}
}

describe.skipIf(skip)(
	'the built app under load while PostgreSQL restarts and the app is killed',
	() => {
		const log = newLog();
		const control: Control = { running: false, stoppedAt: Infinity };
		const applicants: { cookie: string; cases: string[] }[] = [];
		const reviewers: Account[] = [];
		const shares = split(CONNECTIONS);

		beforeAll(async () => {
			cluster = await startCluster(await freePort());
			const admin = createSql(cluster.url(), 1);
			await admin.unsafe(`create database ${DB}`);
			await admin.end();
			dataDir = mkdtempSync(path.join(os.tmpdir(), 'zc-load-data-'));
			env = {
				DATABASE_URL: cluster.url(DB),
				DATA_DIR: dataDir,
				PORT: String(await freePort()),
				DEMO_DATA: '1',
				// The app keeps idle connections longer than its clients do (as it must behind nginx,
				// whose upstream keep-alive is 60 s): with the default 5 s, a client whose timers lag
				// on a loaded machine reuses a socket the app just closed, and that is not the app's
				// answer to anything.
				KEEP_ALIVE_TIMEOUT: '65'
			};
			app = await startBuiltApp(env);
			const salt = Date.now() % 10_000;
			const casesEach = Math.ceil((shares.push + shares.upload) / APPLICANTS);
			for (let i = 0; i < APPLICANTS; i += 5) {
				const batch = Array.from({ length: Math.min(5, APPLICANTS - i) }, async (_, k) => {
					const { saver, cookie } = await registerSaver(app.url, i + k, salt);
					const cases = [saver.caseId];
					while (cases.length < casesEach) cases.push(await newCase(app.url, cookie));
					return { cookie, cases };
				});
				applicants.push(...(await Promise.all(batch)));
			}
			for (const [i, account] of REVIEWERS.entries()) {
				reviewers.push(await reviewerLogin(app.url, account, i));
			}
		}, 240_000);

		it(
			`keeps every acknowledged write through a PostgreSQL restart and a SIGKILL (${CONNECTIONS} connections, ${SECONDS} s)`,
			async () => {
				const base = app.url;
				const cases = applicants.flatMap((a) =>
					a.cases.map((caseId) => ({ cookie: a.cookie, caseId }))
				);
				control.running = true;
				const loops = [
					...cases.slice(0, shares.push).map((c) => pushLoop(base, log, c, control)),
					...cases
						.slice(shares.push, shares.push + shares.upload)
						.map((c) => uploadLoop(base, log, c, control)),
					...Array.from({ length: shares.pull }, (_, i) =>
						pullLoop(base, log, applicants[i % applicants.length]!, control)
					),
					...Array.from({ length: shares.queue }, (_, i) =>
						queueLoop(base, log, reviewers[i % reviewers.length]!, control)
					)
				];
				const t0 = performance.now();
				const at = (fraction: number) =>
					sleep(Math.max(0, t0 + fraction * SECONDS * 1000 - performance.now()));

				await at(1 / 3);
				const pgFault = performance.now();
				const accepting = await cluster.restart('fast');
				const pgBack = await firstServedAfter(log, accepting);

				// The kill lands while saves are being acknowledged, whatever the restart took.
				await at(2 / 3);
				await savesAfter(log, pgBack, WRITES_BEFORE_FAULT);
				const killed = performance.now();
				const oldApp = app;
				oldApp.child.kill('SIGKILL');
				await new Promise((r) => oldApp.child.once('exit', r));
				await oldApp.stop();
				app = await startBuiltApp(env);
				const appBack = await firstServedAfter(log, performance.now());

				await at(1);
				await savesAfter(log, appBack, WRITES_BEFORE_FAULT);
				control.running = false;
				control.stoppedAt = performance.now();
				await Promise.all(loops);
				const end = performance.now();

				const windows: OutageWindow[] = [
					{ label: 'PostgreSQL restart', from: pgFault, to: pgBack + GRACE_MS, processDown: false },
					{ label: 'SIGKILL', from: killed, to: appBack + GRACE_MS, processDown: true }
				];
				const s = (t: number) => ((t - t0) / 1000).toFixed(1);
				const phases: Phase[] = [
					{ label: `steady ${s(t0)}–${s(pgFault)} s`, from: t0, to: pgFault },
					{ label: `PG restart ${s(pgFault)}–${s(killed)} s`, from: pgFault, to: killed },
					{ label: `SIGKILL ${s(killed)}–${s(end)} s`, from: killed, to: Infinity }
				];

				const sql = createSql(cluster.url(DB), 1);
				let check: Awaited<ReturnType<typeof checkWrites>>;
				try {
					check = await checkWrites(sql, path.join(dataDir, 'files'), log);
				} finally {
					await sql.end({ timeout: 5 });
				}
				const rows = summarize(log, phases, windows, check.found);
				console.log(
					[
						`load: ${CONNECTIONS} connections (${shares.push} sync.push, ${shares.upload} tus uploads, ` +
							`${shares.pull} sync.pull, ${shares.queue} reviewer queue reads), ${SECONDS} s`,
						`outage windows: PostgreSQL restart ${s(pgFault)}–${s(windows[0]!.to)} s ` +
							`(accepting at ${s(accepting)} s, served again at ${s(pgBack)} s); SIGKILL ` +
							`${s(killed)}–${s(windows[1]!.to)} s (served again at ${s(appBack)} s); each + ${GRACE_MS / 1000} s grace`,
						table(rows),
						`stored but never acknowledged (abandoned at the end): ${check.unacknowledged}`
					].join('\n')
				);

				const total = rows.at(-1)!;
				const errors = errorSample(log, windows, t0);
				if (errors.length)
					console.log(`errors (kind answer ×count: first detail):\n${errors.join('\n')}`);
				// Acknowledged writes first: the failure that matters most is reported first.
				expect(check.problems.slice(0, 10)).toEqual([]);
				expect(total.found).toBe(total.acked);
				expect(log.surprises.slice(0, 5)).toEqual([]);
				expect(errors).toEqual([]);
				expect(total.errors).toBe(0);
				expect(app.exited(), `the restarted app died:\n${app.log()}`).toBeNull();
				expect((await fetch(`${app.url}/api/ready`)).status).toBe(200);
				// Each kind of work was served, and writes were acknowledged after the kill.
				for (const kind of ['push', 'pull', 'upload', 'queue']) {
					expect(rows.find((r) => r.label === `all: ${kind}`)!.ok).toBeGreaterThan(0);
				}
				expect(rows[2]!.acked).toBeGreaterThan(0);
			},
			(SECONDS + 240) * 1000
		);
	}
);
