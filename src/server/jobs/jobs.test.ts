import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import { Upload } from '@tus/utils';
import ece from 'http_ece';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { callerFor, userIdBy } from '../../../tests/helpers/context';
import { submittedReviewCase } from '../../../tests/helpers/cases';
import { openTestDatabase, type TestDatabase } from '../../../tests/helpers/db';
import { startPushService, type PushService } from '../../../tests/helpers/push-service';
import { createTusServer } from '../files/tus';
import { seedDemoAccounts } from '../seed/demo';
import { subscribe } from '../services/notify/push';
import { QUEUES, type JobDeps } from './definitions';
import { closeJobQueue, openJobQueue, startJobs, stopJobs, type JobTuning } from './queue';

/**
 * The job queue (pg-boss) on the app's own pool, on PostgreSQL (TEST_DATABASE_URL) and on the
 * embedded database. Two queue instances stand for two app processes on one database. The push
 * service is the one outside part, served on loopback (tests/helpers/push-service.ts).
 */
const DAY = 24 * 60 * 60 * 1000;
const QUICK: JobTuning = {
	pollingIntervalSeconds: 0.5,
	retryDelaySeconds: 1,
	retryLimit: 2,
	cronMonitorIntervalSeconds: 1
};

let tdb: TestDatabase;
let dir: string;
let push: PushService;
const agent = new Agent({ rejectUnauthorized: false });

function deps(extra: Partial<JobDeps> = {}): JobDeps {
	return {
		sql: () => tdb.sql,
		uploads: () => null,
		abandonedUploadMs: 7 * DAY,
		push: { agent },
		...extra
	};
}

/** Every job of a queue pg-boss holds, archived or not. */
async function jobsOf(name: string) {
	return tdb.sql<{ state: string; retryCount: number; output: Record<string, unknown> | null }[]>`
		select state, retry_count, output from pgboss.job where name = ${name}
		union all
		select state, retry_count, output from pgboss.archive where name = ${name}`;
}

beforeAll(async () => {
	tdb = await openTestDatabase();
	await seedDemoAccounts(tdb.sql);
	dir = mkdtempSync(path.join(tmpdir(), 'zc-jobs-'));
	push = await startPushService();
});

afterAll(async () => {
	await stopJobs();
	await push?.close();
	rmSync(dir, { recursive: true, force: true });
	await tdb?.close();
});

describe('a scheduled job in two app processes', () => {
	it('runs once across both', { timeout: 60_000 }, async () => {
		// A schedule fires once per minute: stay clear of a minute's end, so one is due.
		const second = new Date().getUTCSeconds();
		if (second > 45) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
		const everyMinute = { ...QUICK, cron: { [QUEUES.authPurge]: '* * * * *' } };
		const a = await openJobQueue(deps(), everyMinute);
		const b = await openJobQueue(deps(), everyMinute);
		try {
			await vi.waitFor(
				async () =>
					expect((await jobsOf(QUEUES.authPurge)).map((j) => j.state)).toContain('completed'),
				{ timeout: 20_000, interval: 250 }
			);
			// Both looked for due schedules several times more meanwhile (every second).
			await new Promise((r) => setTimeout(r, 4000));
			const runs = await jobsOf(QUEUES.authPurge);
			expect(runs).toHaveLength(1);
			expect(runs[0]!.output).toMatchObject({ sessions: expect.any(Number) });
		} finally {
			await a.unschedule(QUEUES.authPurge);
			await closeJobQueue(a, 1000);
			await closeJobQueue(b, 1000);
		}
	});
});

describe('Web Push of a reviewer’s action, through the queue', () => {
	let boss: PgBoss;
	const browser = createECDH('prime256v1');
	browser.generateKeys();
	const auth = randomBytes(16);
	const endpoint = () => `${push.url}wang`;
	beforeAll(async () => {
		boss = await startJobs(deps(), QUICK);
		const wang = await userIdBy(tdb.sql, '13800000001');
		await subscribe(tdb.sql, wang, {
			endpoint: endpoint(),
			keys: {
				p256dh: browser.getPublicKey().toString('base64url'),
				auth: auth.toString('base64url')
			}
		});
	});
	afterAll(() => stopJobs());

	const act = async (login: string, caseId: string, ordinal: number) =>
		(await callerFor(tdb.sql, login)).review.act({
			mutationId: randomUUID(),
			caseId,
			ordinal,
			action: 'pass'
		});

	it('delivers the notice to the applicant’s browser', { timeout: 30_000 }, async () => {
		expect(boss).toBeTruthy();
		const c = await submittedReviewCase(tdb.sql);
		const before = push.received.length;
		await act('unit01', c.caseId, 1);
		await vi.waitFor(() => expect(push.received.length).toBe(before + 1), {
			timeout: 15_000,
			interval: 200
		});
		const got = push.received.at(-1)!;
		expect(got.path).toBe('/push/wang');
		const plain = ece.decrypt(got.body, {
			version: 'aes128gcm',
			privateKey: browser,
			authSecret: auth.toString('base64url')
		});
		expect(JSON.parse(plain.toString())).toMatchObject({
			body: expect.stringContaining('已通过'),
			url: `/cases/${c.caseId}`
		});
		await vi.waitFor(
			async () => expect((await jobsOf(QUEUES.webPush)).map((j) => j.state)).toEqual(['completed']),
			{ timeout: 5000, interval: 100 }
		);
	});

	it(
		'retries a push the service refuses, then counts it as failed on the admin home',
		{
			timeout: 45_000
		},
		async () => {
			const admin = await callerFor(tdb.sql, 'admin');
			expect((await admin.admin.stats()).failedJobs).toBe(0);
			push.answer = 503;
			const c = await submittedReviewCase(tdb.sql);
			const before = push.received.length;
			await act('unit01', c.caseId, 1);
			await vi.waitFor(
				async () => expect((await jobsOf(QUEUES.webPush)).map((j) => j.state)).toContain('failed'),
				{ timeout: 30_000, interval: 250 }
			);
			// The first try and its two retries, each reaching the push service.
			expect(push.received.length - before).toBe(3);
			const failed = (await jobsOf(QUEUES.webPush)).filter((j) => j.state === 'failed');
			expect(failed.map((j) => j.retryCount)).toEqual([2]);
			expect((await admin.admin.stats()).failedJobs).toBe(1);
			push.answer = 201;
		}
	);
});

describe('the abandoned-upload sweep, as a job', () => {
	it('deletes an upload idle for longer than the limit', { timeout: 30_000 }, async () => {
		const files = path.join(dir, 'files');
		const store = new FileStore({ directory: files });
		const uploads = createTusServer({
			sql: () => tdb.sql,
			config: {
				filesDir: files,
				maxFileBytes: 64 * 1024,
				maxCaseBytes: 100 * 1024,
				maxApplicantBytes: 1024 * 1024,
				s3: null
			},
			origin: null,
			datastore: store
		});
		const stale = await store.create(new Upload({ id: randomUUID(), size: 6000, offset: 0 }));
		await store.write(Readable.from([Buffer.alloc(2500)]), stale.id, 0);
		const fresh = await store.create(new Upload({ id: randomUUID(), size: 6000, offset: 0 }));
		await store.write(Readable.from([Buffer.alloc(2500)]), fresh.id, 0);
		const old = new Date(Date.now() - 8 * DAY);
		utimesSync(path.join(files, stale.id), old, old);

		const boss = await openJobQueue(deps({ uploads: () => uploads }), QUICK);
		try {
			await boss.send(QUEUES.uploadSweep, {});
			await vi.waitFor(
				async () =>
					expect((await jobsOf(QUEUES.uploadSweep)).map((j) => j.output)).toContainEqual({
						removed: 1
					}),
				{ timeout: 20_000, interval: 250 }
			);
		} finally {
			await closeJobQueue(boss, 1000);
		}
		expect(existsSync(path.join(files, stale.id))).toBe(false);
		expect(existsSync(path.join(files, fresh.id))).toBe(true);
	});
});
