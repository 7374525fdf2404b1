import postgres from 'postgres';
import { MemoryLocker } from '@tus/server';
import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/utils';
import { config } from '../config';

/** Where release requests go: every process LISTENs here for the ids it holds. */
const RELEASE_CHANNEL = 'zhicheng_tus_release';

export interface PgLockerOptions {
	/** A PostgreSQL server (not the embedded one: see `tusLocker`). */
	url: string;
	/** Longest wait for a lock before ERR_LOCK_TIMEOUT (tus's MemoryLocker also waits 30 s). */
	acquireTimeoutMs?: number;
	/** Between two `pg_try_advisory_lock`s while another holds the lock. */
	pollMs?: number;
	/** Between two release requests to a holder that has not let go yet. */
	renotifyMs?: number;
	/** `application_name` of its connections (tests tell two lockers apart by it). */
	name?: string;
}

interface Holder {
	requestRelease: RequestRelease;
	/** The lock session it was taken on; a newer session no longer holds it. */
	session: number;
	/** Set while the advisory lock is still being tried for (no one holds it yet). */
	trying: boolean;
}

/**
 * tus locks across processes, on PostgreSQL session-level advisory locks keyed by the upload id
 * (`hashtextextended('tus:' || id, 0)`). One connection per process holds all of the process's
 * locks: an upload in flight then costs no pooled connection (holding one per request would take
 * the pool from the queries the same request makes, and a connection per upload would run
 * PostgreSQL out of them in a declaration rush). Within the process a map keeps one holder per
 * id, since advisory locks are re-entrant within their session.
 *
 * Waiting is polling with `pg_try_advisory_lock`, not a blocking `pg_advisory_lock`: a blocked
 * statement would stall every other lock of the process behind it on the shared connection, and
 * could not be given up when the request is aborted. A holder in another process learns that
 * someone waits by LISTEN/NOTIFY (tus's `requestRelease`: the holding request stops after tus's
 * `lockDrainTimeout`); in this process the holder is called directly.
 *
 * Session-level locks need a session: DATABASE_URL must reach PostgreSQL directly or through a
 * session-mode pooler, never a transaction-mode one (PgBouncer's `pool_mode = transaction`).
 *
 * A process that dies loses its connection, and PostgreSQL frees its locks with it. When the lock
 * connection drops while this process lives, its holders are asked to release too: the locks
 * were lost with the session.
 */
export class PgLocker implements Locker {
	readonly acquireTimeoutMs: number;
	readonly pollMs: number;
	readonly renotifyMs: number;
	readonly held = new Map<string, Holder>();
	private readonly session: postgres.Sql;
	private sessionNo = 0;
	private listening: Promise<unknown> | null = null;
	private closed = false;

	constructor(opts: PgLockerOptions) {
		this.acquireTimeoutMs = opts.acquireTimeoutMs ?? 30_000;
		this.pollMs = opts.pollMs ?? 50;
		this.renotifyMs = opts.renotifyMs ?? 1000;
		const limits = config.db;
		this.session = postgres(opts.url, {
			max: 1,
			// Never closed while idle or for age: that would drop the locks it holds.
			idle_timeout: null,
			max_lifetime: null,
			connect_timeout: limits.connectTimeoutS,
			onnotice: () => {},
			onclose: () => this.sessionLost(),
			connection: {
				application_name: opts.name ?? 'zhicheng-tus-locks',
				statement_timeout: limits.statementTimeoutMs
			}
		});
	}

	newLock(id: string): Lock {
		return new PgLock(this, id);
	}

	/** The lock session's backend (tests end it to play a crash). */
	async backendPid(): Promise<number> {
		const [row] = await this.session<{ pid: number }[]>`select pg_backend_pid() as pid`;
		return row!.pid;
	}

	/** Closes both connections; PostgreSQL frees whatever locks are still held. */
	async close(): Promise<void> {
		this.closed = true;
		await this.session.end({ timeout: 5 });
	}

	get currentSession(): number {
		return this.sessionNo;
	}

	/** Starts listening for release requests (once; re-listened by postgres.js after a drop). */
	listen(): Promise<unknown> {
		this.listening ??= this.session
			.listen(RELEASE_CHANNEL, (id) => {
				const holder = this.held.get(id);
				if (holder && !holder.trying) void holder.requestRelease();
			})
			.catch((error: unknown) => {
				this.listening = null; // the next lock tries again
				throw error;
			});
		return this.listening;
	}

	async tryLock(id: string): Promise<boolean> {
		const [row] = await this.session<{ ok: boolean }[]>`
			select pg_try_advisory_lock(hashtextextended(${'tus:' + id}, 0)) as ok`;
		return row?.ok === true;
	}

	async unlockSql(id: string): Promise<void> {
		await this.session`select pg_advisory_unlock(hashtextextended(${'tus:' + id}, 0))`;
	}

	async notify(id: string): Promise<void> {
		await this.session`select pg_notify(${RELEASE_CHANNEL}, ${id})`;
	}

	private sessionLost(): void {
		this.sessionNo++;
		if (this.closed) return;
		for (const holder of this.held.values()) {
			if (!holder.trying) void holder.requestRelease();
		}
	}
}

class PgLock implements Lock {
	constructor(
		private readonly locker: PgLocker,
		private readonly id: string
	) {}

	async lock(signal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
		const { locker, id } = this;
		await locker.listen();
		const deadline = Date.now() + locker.acquireTimeoutMs;
		let notifiedAt = 0;
		while (!signal.aborted && Date.now() < deadline) {
			const local = locker.held.get(id);
			if (local) {
				if (!local.trying) await local.requestRelease();
			} else {
				const holder: Holder = { requestRelease, session: locker.currentSession, trying: true };
				locker.held.set(id, holder);
				let ok = false;
				try {
					ok = await locker.tryLock(id);
				} finally {
					if (ok && holder.session === locker.currentSession) holder.trying = false;
					else locker.held.delete(id);
				}
				if (ok && holder.trying) {
					// The session dropped around the try: the lock went with the old one, or was taken
					// on the new one, which must not keep it for nobody.
					await locker.unlockSql(id).catch(() => {});
				}
				if (!holder.trying) {
					if (!signal.aborted) return;
					await this.unlock();
					break;
				}
				if (Date.now() - notifiedAt >= locker.renotifyMs) {
					notifiedAt = Date.now();
					await locker.notify(id);
				}
			}
			await sleep(locker.pollMs, signal);
		}
		throw ERRORS.ERR_LOCK_TIMEOUT;
	}

	async unlock(): Promise<void> {
		const { locker, id } = this;
		const holder = locker.held.get(id);
		if (!holder || holder.trying) throw new Error('Releasing an unlocked lock!');
		try {
			// A dropped session took the lock with it; the new one must not release another's.
			if (holder.session === locker.currentSession) await locker.unlockSql(id);
		} catch {
			// The connection failed: its end frees the lock on the server.
		} finally {
			locker.held.delete(id);
		}
	}
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		const done = () => {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		};
		const timer = setTimeout(done, ms);
		signal.addEventListener('abort', done);
	});
}

/**
 * The app's tus locker: on a PostgreSQL server, `PgLocker`. On the embedded PGlite an in-process
 * one: PGlite is one PostgreSQL session behind every socket connection, so its advisory locks
 * exclude nothing between connections, and its data folder is opened by one process only, which
 * is all an in-process lock must cover.
 */
export function tusLocker(databaseUrl: string | null): Locker & { close?(): Promise<void> } {
	return databaseUrl ? new PgLocker({ url: databaseUrl }) : new MemoryLocker();
}
