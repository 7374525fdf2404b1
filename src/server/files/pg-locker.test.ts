import { ERRORS, type Lock, type Locker } from '@tus/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../tests/helpers/db';
import { createSql, type Sql } from '../db/client';
import { startEmbeddedDatabase } from '../db/embedded';
import { PgLocker, tusLocker } from './pg-locker';

const never = () => new AbortController().signal;

/** Resolves with the lock once held, or with the error that ended the wait. */
function attempt(lock: Lock, onRelease: () => void = () => {}): Promise<unknown> {
	return lock.lock(never(), onRelease).then(
		() => 'locked',
		(error: unknown) => error
	);
}

/** Waits until `check` holds (the holder acts on a notification from another connection). */
async function until(check: () => boolean): Promise<void> {
	for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
	expect(check()).toBe(true);
}

function lockerContract(name: string, make: () => Locker) {
	describe(name, () => {
		it('excludes a second request until the first unlocks, asking the holder to let go', async () => {
			const locker = make();
			const first = locker.newLock('upload-a');
			let asked = 0;
			await first.lock(never(), () => void asked++);
			const second = locker.newLock('upload-a');
			const waiting = attempt(second);
			await until(() => asked > 0);
			await first.unlock();
			expect(await waiting).toBe('locked');
			// Another id was never held.
			const other = locker.newLock('upload-b');
			expect(await attempt(other)).toBe('locked');
			await other.unlock();
			await second.unlock();
		});
	});
}

describe('the embedded database', () => {
	let embedded: { url: string; sql: Sql; close(): Promise<void> };
	beforeAll(async () => {
		// The test database when it is the embedded one (quick to load); else a fresh PGlite.
		if (!process.env.TEST_DATABASE_URL) {
			embedded = await openTestDatabase();
			return;
		}
		const fresh = await startEmbeddedDatabase(null);
		const sql = createSql(fresh.url, 1);
		embedded = {
			url: fresh.url,
			sql,
			close: async () => {
				await sql.end();
				await fresh.stop();
			}
		};
	});
	afterAll(async () => {
		await embedded.close();
	});

	it('shares one session between socket connections, so its advisory locks exclude nothing', async () => {
		// Two connections through the socket (it takes two: the test's own and one more).
		const a = embedded.sql;
		const b = createSql(embedded.url, 1);
		try {
			const [ra] = await a<{ ok: boolean }[]>`select pg_try_advisory_lock(42) as ok`;
			const [rb] = await b<{ ok: boolean }[]>`select pg_try_advisory_lock(42) as ok`;
			// Both "hold" it: why the embedded default is an in-process locker (one process by
			// construction: PGlite's data folder is opened by one process only).
			expect([ra?.ok, rb?.ok]).toEqual([true, true]);
			await a`select pg_advisory_unlock_all()`;
		} finally {
			await b.end();
		}
	});

	lockerContract('its locker (in-process)', () => tusLocker(null));
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('PgLocker on PostgreSQL', () => {
	let tdb: TestDatabase;
	const lockers: PgLocker[] = [];
	function locker(opts: { acquireTimeoutMs?: number } = {}): PgLocker {
		const made = new PgLocker({ url: tdb.url, name: `zc-lock-test-${lockers.length}`, ...opts });
		lockers.push(made);
		return made;
	}

	beforeAll(async () => {
		tdb = await openTestDatabase();
	});
	afterAll(async () => {
		await Promise.all(lockers.map((l) => l.close()));
		await tdb.close();
	});

	lockerContract('one process', () => locker());

	it('two lockers on two connections exclude each other; a holder that ignores the request keeps it', async () => {
		const a = locker();
		const b = locker({ acquireTimeoutMs: 800 });
		const held = a.newLock('cross-1');
		let asked = 0;
		await held.lock(never(), () => void asked++);
		expect(await attempt(b.newLock('cross-1'))).toBe(ERRORS.ERR_LOCK_TIMEOUT);
		// The request reached the holder in the other "process" (LISTEN/NOTIFY).
		expect(asked).toBeGreaterThan(0);
		await held.unlock();
		const next = b.newLock('cross-1');
		expect(await attempt(next)).toBe('locked');
		await next.unlock();
	});

	it('a release request makes the holder in another process let go', async () => {
		const a = locker();
		const b = locker();
		const held = a.newLock('cross-2');
		let released = false;
		await held.lock(never(), async () => {
			if (released) return;
			released = true;
			await held.unlock();
		});
		expect(await attempt(b.newLock('cross-2'))).toBe('locked');
		expect(released).toBe(true);
		expect(a.held.has('cross-2')).toBe(false);
	});

	it("a crashed holder's connection frees the lock, and the holder is told it lost it", async () => {
		const a = locker();
		const b = locker();
		const held = a.newLock('cross-3');
		let told = 0;
		await held.lock(never(), () => void told++);
		const pid = await a.backendPid();
		await tdb.sql`select pg_terminate_backend(${pid})`;
		const taken = b.newLock('cross-3');
		expect(await attempt(taken)).toBe('locked');
		await until(() => told > 0);
		// The old holder's unlock must not free the lock the new session never had, nor B's.
		await held.unlock();
		const third = locker({ acquireTimeoutMs: 300 });
		expect(await attempt(third.newLock('cross-3'))).toBe(ERRORS.ERR_LOCK_TIMEOUT);
		await taken.unlock();
		// A's new session takes locks again.
		const again = a.newLock('cross-3');
		expect(await attempt(again)).toBe('locked');
		await again.unlock();
	});

	it('an aborted wait gives up without taking the lock', async () => {
		const a = locker();
		const b = locker();
		const held = a.newLock('cross-4');
		await held.lock(never(), () => {});
		const stop = new AbortController();
		const waiting = b.newLock('cross-4').lock(stop.signal, () => {});
		stop.abort();
		await expect(waiting).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
		expect(b.held.has('cross-4')).toBe(false);
		await held.unlock();
	});
});
