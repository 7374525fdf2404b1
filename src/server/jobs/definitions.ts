import type PgBoss from 'pg-boss';
import type { Server } from '@tus/server';
import type { Sql } from '../db/client';
import { purgeAuthRows } from '../auth/purge';
import { deleteAbandonedUploads } from '../files/abandoned-uploads';
import { log } from '../log';
import { caseNoticePush } from '../services/notify/case-push';
import { pushTargets, sendPush, type PushMessage, type PushOptions } from '../services/notify/push';

/** What the jobs work on: the process's database, its upload server and its push settings. */
export interface JobDeps {
	sql: () => Sql;
	/** The upload server whose store the sweep cleans (null: no sweep in this process). */
	uploads: () => Server | null;
	/** Bytes nobody wrote to for this long, and that are no attachment, are swept. */
	abandonedUploadMs: number;
	push?: PushOptions;
}

export const QUEUES = {
	authPurge: 'auth-purge',
	uploadSweep: 'upload-sweep',
	caseNotice: 'case-notice',
	webPush: 'web-push'
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface CaseNoticeJob {
	caseId: string;
}

export interface WebPushJob {
	endpoint: string;
	message: PushMessage;
}

export interface JobDefinition {
	/** pg-boss's queue settings: retries (seconds, doubling with `retryBackoff`), expiry. */
	queue: Omit<PgBoss.Queue, 'name'>;
	/** When it runs by itself (cron, UTC), once across all processes. */
	cron?: string;
	/** How often an idle worker asks for work, seconds. */
	pollingIntervalSeconds: number;
	run(data: unknown, deps: JobDeps, boss: PgBoss): Promise<unknown>;
}

/**
 * Every background job. The two sweeps run hourly at different minutes; a notice fans out into
 * one push per subscription, so a browser whose push service is down is retried on its own and
 * the others are not sent twice.
 */
export const JOBS: Record<QueueName, JobDefinition> = {
	[QUEUES.authPurge]: {
		queue: { policy: 'singleton', retryLimit: 2, retryDelay: 60, retryBackoff: true },
		cron: '7 * * * *',
		pollingIntervalSeconds: 30,
		run: (_data, deps) => purgeAuthRows(deps.sql())
	},
	[QUEUES.uploadSweep]: {
		queue: {
			policy: 'singleton',
			retryLimit: 2,
			retryDelay: 60,
			retryBackoff: true,
			expireInSeconds: 60 * 60
		},
		cron: '37 * * * *',
		pollingIntervalSeconds: 30,
		async run(_data, deps) {
			const uploads = deps.uploads();
			if (!uploads) return { removed: 0 };
			const removed = await deleteAbandonedUploads(uploads, deps.sql(), deps.abandonedUploadMs);
			if (removed.length) log.info({ removed: removed.length }, 'deleted abandoned uploads');
			return { removed: removed.length };
		}
	},
	[QUEUES.caseNotice]: {
		queue: { retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 60 },
		pollingIntervalSeconds: 2,
		async run(data, deps, boss) {
			const { caseId } = data as CaseNoticeJob;
			const push = await caseNoticePush(deps.sql(), caseId);
			if (!push) return { subscriptions: 0 };
			const targets = await pushTargets(deps.sql(), push.userId);
			if (targets.length) {
				await boss.insert(
					targets.map((t) => ({
						name: QUEUES.webPush,
						data: { endpoint: t.endpoint, message: push.message } satisfies WebPushJob
					}))
				);
			}
			return { subscriptions: targets.length };
		}
	},
	[QUEUES.webPush]: {
		queue: { retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 60 },
		pollingIntervalSeconds: 2,
		async run(data, deps) {
			const { endpoint, message } = data as WebPushJob;
			const [target] = await deps.sql()<{ endpoint: string; p256dh: string; auth: string }[]>`
				select endpoint, p256dh, auth from push_subscriptions where endpoint = ${endpoint}`;
			if (!target) return { sent: false }; // unsubscribed meanwhile
			return { sent: await sendPush(deps.sql(), target, message, deps.push) };
		}
	}
};
