import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../tests/helpers/db';
import { config } from '../config';
import { lockChangesForWrite } from '../services/sync/changes-lock';
import { outageCode } from './outage';

// PGlite runs one statement at a time with no timers: no wait to bound, no setting applied.
const onServer = !!process.env.TEST_DATABASE_URL;

describe.skipIf(!onServer)('every connection’s waits are bounded', () => {
	let db: TestDatabase;
	beforeAll(async () => {
		db = await openTestDatabase();
	});
	afterAll(() => db.close());

	it('has statement, lock and idle-in-transaction timeouts from the start', async () => {
		const [row] = await db.sql<Record<string, string>[]>`
			select current_setting('statement_timeout') as statement,
				current_setting('lock_timeout') as lock,
				current_setting('idle_in_transaction_session_timeout') as idle_tx,
				current_setting('application_name') as app`;
		const ms = (v: number) => `${v / 1000}s`;
		expect(row).toEqual({
			statement: ms(config.db.statementTimeoutMs),
			lock: ms(config.db.lockTimeoutMs),
			idleTx: ms(config.db.idleInTransactionTimeoutMs),
			app: 'zhicheng'
		});
	});

	it('gives up on an advisory lock held elsewhere after lock_timeout, as an outage', async () => {
		const applicant = '00000000-0000-4000-8000-00000000abcd';
		let release!: () => void;
		let locked!: () => void;
		const isLocked = new Promise<void>((r) => (locked = r));
		const holder = db.sql.begin(async (tx) => {
			await lockChangesForWrite(tx, applicant);
			locked();
			await new Promise<void>((r) => (release = r));
		});
		await isLocked;
		const t0 = performance.now();
		const waiter = db.sql.begin((tx) => lockChangesForWrite(tx, applicant));
		const error = await waiter.then(
			() => null,
			(e: unknown) => e
		);
		const waited = performance.now() - t0;
		release();
		await holder;
		expect(outageCode(error)).toBe('55P03');
		expect(waited).toBeGreaterThan(config.db.lockTimeoutMs * 0.9);
		expect(waited).toBeLessThan(config.db.lockTimeoutMs + 3000);
	});
});
