import type { Sql } from '../db/client';

/**
 * Attempt limits kept in PostgreSQL, so they hold across processes and restarts. An attempt is
 * reserved before the costly or guessable work (a password hash, an SMS): the row of every key is
 * locked, the attempt is counted, and only then does the caller go on. Concurrent attempts thus
 * queue on the rows instead of all passing a check before any of them is recorded.
 */

/** At most `max` attempts within `windowSeconds` (a fixed window from the first one). */
export interface WindowLimit {
	kind: 'window';
	key: string;
	max: number;
	windowSeconds: number;
}

/**
 * `free` attempts at once, then each one waits `baseSeconds`·2^(n−free), at most `maxSeconds`;
 * the count is forgotten `memorySeconds` after the last attempt.
 */
export interface BackoffLimit {
	kind: 'backoff';
	key: string;
	free: number;
	baseSeconds: number;
	maxSeconds: number;
	memorySeconds: number;
	/** Stricter steps while another key (one of the same reservation) holds at least `atLeast`. */
	strict?: { key: string; atLeast: number; free: number; baseSeconds: number };
}

export type Limit = WindowLimit | BackoffLimit;

export type Reservation = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Row {
	key: string;
	count: number;
	windowStart: Date;
	nextAt: Date;
	expiresAt: Date;
}

export function backoffSeconds(limit: Omit<BackoffLimit, 'strict'>, attempts: number): number {
	if (attempts < limit.free) return 0;
	return Math.min(limit.maxSeconds, limit.baseSeconds * 2 ** (attempts - limit.free));
}

/** The count a key holds now (0 once its window or memory has passed). */
function current(row: Row | undefined, now: Date): number {
	if (!row || row.expiresAt <= now) return 0;
	return row.count;
}

/**
 * Counts one attempt against every limit, in one transaction. Refused when any limit is spent;
 * a refused attempt still counts in the window limits (an attacker's refused tries are tries)
 * but does not push a backoff further out (a person waiting it out is not punished for looking).
 */
export async function reserve(sql: Sql, limits: Limit[], now = new Date()): Promise<Reservation> {
	const sorted = [...limits].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	return sql.begin(async (tx) => {
		for (const l of sorted) {
			await tx`insert into throttles (key, count, window_start, next_at, expires_at)
				values (${l.key}, 0, ${now}, ${now}, ${now}) on conflict (key) do nothing`;
		}
		const rows = await tx<Row[]>`
			select key, count, window_start, next_at, expires_at from throttles
			where key in ${tx(sorted.map((l) => l.key))} order by key for update`;
		const byKey = new Map(rows.map((r) => [r.key, r]));
		const steps = (l: BackoffLimit): BackoffLimit =>
			l.strict && current(byKey.get(l.strict.key), now) >= l.strict.atLeast
				? { ...l, free: l.strict.free, baseSeconds: l.strict.baseSeconds }
				: l;
		let wait = 0;
		for (const l of sorted) {
			const row = byKey.get(l.key);
			const count = current(row, now);
			if (l.kind === 'window' && count >= l.max) {
				wait = Math.max(wait, secondsUntil(row!.expiresAt, now));
			}
			if (l.kind === 'backoff' && count > 0) {
				// The wait is measured from the last attempt with today's steps, so a pair that
				// failed before an attack began waits the stricter steps too.
				const due = new Date(row!.windowStart.getTime() + backoffSeconds(steps(l), count) * 1000);
				if (due > now) wait = Math.max(wait, secondsUntil(due, now));
			}
		}
		const ok = wait === 0;
		for (const l of sorted) {
			const row = byKey.get(l.key);
			const count = current(row, now);
			const fresh = count === 0;
			if (l.kind === 'window') {
				const windowStart = fresh ? now : row!.windowStart;
				const expiresAt = new Date(windowStart.getTime() + l.windowSeconds * 1000);
				await tx`update throttles set count = ${count + 1}, window_start = ${windowStart},
					expires_at = ${expiresAt} where key = ${l.key}`;
			} else if (ok) {
				const nextAt = new Date(now.getTime() + backoffSeconds(steps(l), count + 1) * 1000);
				const expiresAt = new Date(
					Math.max(nextAt.getTime(), now.getTime() + l.memorySeconds * 1000)
				);
				await tx`update throttles set count = ${count + 1}, window_start = ${now},
					next_at = ${nextAt}, expires_at = ${expiresAt} where key = ${l.key}`;
			}
		}
		return ok ? ({ ok: true } as const) : ({ ok: false, retryAfterSeconds: wait } as const);
	});
}

/** One window limit in one statement (the row lock is the upsert's): for every-request limits. */
export async function reserveOne(
	sql: Sql,
	limit: WindowLimit,
	now = new Date()
): Promise<Reservation> {
	const end = new Date(now.getTime() + limit.windowSeconds * 1000);
	const [row] = await sql<{ count: number; expiresAt: Date }[]>`
		insert into throttles (key, count, window_start, next_at, expires_at)
		values (${limit.key}, 1, ${now}, ${now}, ${end})
		on conflict (key) do update set
			count = case when throttles.expires_at <= ${now} then 1 else throttles.count + 1 end,
			window_start = case when throttles.expires_at <= ${now} then ${now} else throttles.window_start end,
			expires_at = case when throttles.expires_at <= ${now} then ${end} else throttles.expires_at end
		returning count, expires_at`;
	return row!.count <= limit.max
		? { ok: true }
		: { ok: false, retryAfterSeconds: secondsUntil(row!.expiresAt, now) };
}

function secondsUntil(at: Date, now: Date): number {
	return Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000));
}

/** Gives back a reserved attempt that turned out right (a correct password, a valid code). */
export async function release(sql: Sql, keys: string[]): Promise<void> {
	await sql`update throttles set count = greatest(count - 1, 0) where key in ${sql(keys)}`;
}

/** Forgets a key (a backoff after the right password). */
export async function forget(sql: Sql, keys: string[]): Promise<void> {
	await sql`delete from throttles where key in ${sql(keys)}`;
}

/** What a key holds now, for tests and the account's own view. */
export async function countOf(sql: Sql, key: string, now = new Date()): Promise<number> {
	const [row] = await sql<{ count: number }[]>`
		select count from throttles where key = ${key} and expires_at > ${now}`;
	return row?.count ?? 0;
}

export async function purgeThrottles(sql: Sql, now = new Date()): Promise<number> {
	const rows = await sql`delete from throttles where expires_at <= ${now} returning key`;
	return rows.length;
}
