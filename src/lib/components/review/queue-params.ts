import * as z from 'zod/mini';
import { queueInput, type QueueInput } from '$lib/domain/review';

/** What the queue's load depends on: a released claim refreshes a queue on screen. */
export const QUEUE_DEPENDENCY = 'review:queue';

/** The queue's choices as they live in the page's address (tab, filters, search, sort). */
export type QueueQuery = Omit<QueueInput, 'after' | 'limit'>;

const KEYS = [
	'queue',
	'kind',
	'seriesId',
	'level',
	'periodId',
	'submittedFrom',
	'submittedTo',
	'search',
	'sort'
] as const satisfies readonly (keyof QueueQuery)[];

/** Reads the address; a value the queue would refuse is dropped, not an error page. */
export function queueQueryOf(params: URLSearchParams): QueueQuery {
	const query: Record<string, unknown> = {};
	for (const key of KEYS) {
		const value = params.get(key)?.trim();
		if (!value) continue;
		const parsed = z.safeParse(queueInput.shape[key], value);
		if (parsed.success) query[key] = parsed.data;
	}
	return { queue: 'pending', ...query } as QueueQuery;
}

/** The address of a queue view: only what differs from the defaults. */
export function queueSearch(query: QueueQuery): string {
	const params = new URLSearchParams();
	for (const key of KEYS) {
		const value = query[key];
		if (value === undefined || value === '') continue;
		if (key === 'queue' && value === 'pending') continue;
		if (key === 'sort' && value === 'waiting') continue;
		params.set(key, String(value));
	}
	const s = params.toString();
	return s ? `?${s}` : '';
}
