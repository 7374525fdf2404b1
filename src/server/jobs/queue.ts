import PgBoss from 'pg-boss';
import { log } from '../log';
import { bossDb } from './boss-db';
import { JOBS, QUEUES, type CaseNoticeJob, type JobDeps, type QueueName } from './definitions';

/** Faster settings for tests: polling and retry delays in seconds, retries. */
export interface JobTuning {
	pollingIntervalSeconds?: number;
	retryDelaySeconds?: number;
	retryLimit?: number;
	/** How often each process looks whether a schedule is due (pg-boss: once across all). */
	cronMonitorIntervalSeconds?: number;
	/** Other schedules than the jobs' own (cron, UTC). */
	cron?: Partial<Record<QueueName, string>>;
}

/** Failed jobs stay countable this long (in pg-boss's archive), then go. */
const KEEP_FAILED_DAYS = 7;

/**
 * A job queue (pg-boss) on the app's database, working every job in `JOBS` and keeping their
 * schedules: each process runs one, and PostgreSQL hands each job to exactly one of them.
 */
export async function openJobQueue(deps: JobDeps, tuning: JobTuning = {}): Promise<PgBoss> {
	const boss = new PgBoss({
		db: bossDb(deps.sql),
		deleteAfterDays: KEEP_FAILED_DAYS,
		...(tuning.cronMonitorIntervalSeconds
			? {
					cronMonitorIntervalSeconds: tuning.cronMonitorIntervalSeconds,
					cronWorkerIntervalSeconds: tuning.cronMonitorIntervalSeconds
				}
			: {})
	});
	boss.on('error', (error: unknown) => log.error({ err: error }, 'job queue'));
	await boss.start();
	for (const [name, job] of Object.entries(JOBS) as [QueueName, (typeof JOBS)[QueueName]][]) {
		const queue = {
			name,
			...job.queue,
			...(tuning.retryDelaySeconds ? { retryDelay: tuning.retryDelaySeconds } : {}),
			...(tuning.retryLimit !== undefined ? { retryLimit: tuning.retryLimit } : {})
		};
		await boss.createQueue(name, queue);
		await boss.updateQueue(name, queue); // settings changed since it was made
		const pollingIntervalSeconds = tuning.pollingIntervalSeconds ?? job.pollingIntervalSeconds;
		await boss.work(name, { pollingIntervalSeconds }, async ([one]) => {
			try {
				return await job.run(one!.data, deps, boss);
			} catch (error) {
				log.warn({ err: error, job: name, id: one!.id }, 'job failed; pg-boss retries it');
				throw error;
			}
		});
		const cron = tuning.cron?.[name] ?? job.cron;
		if (cron) await boss.schedule(name, cron);
	}
	return boss;
}

/** Lets running jobs finish (up to `timeoutMs`) and stops asking for work; the pool stays open. */
export async function closeJobQueue(boss: PgBoss, timeoutMs = 8_000): Promise<void> {
	await boss.stop({ graceful: true, close: false, wait: true, timeout: timeoutMs });
}

let current: PgBoss | null = null;

/** The process's job queue, at start-up (after the database and the upload server). */
export async function startJobs(deps: JobDeps, tuning?: JobTuning): Promise<PgBoss> {
	current ??= await openJobQueue(deps, tuning);
	return current;
}

/** At shutdown, before the pool closes. */
export async function stopJobs(): Promise<void> {
	const boss = current;
	current = null;
	if (boss) await closeJobQueue(boss);
}

/**
 * After a reviewer's action committed: its notice is pushed to the applicant's browsers by the
 * queue (retried there). Never fails the action: the notice already travels through sync.pull.
 */
export function enqueueCaseNotice(caseId: string): void {
	if (!current) return; // no queue in this process (a unit test of the router)
	current
		.send(QUEUES.caseNotice, { caseId } satisfies CaseNoticeJob)
		.catch((error: unknown) => log.warn({ err: error, caseId }, 'queueing a case push failed'));
}
