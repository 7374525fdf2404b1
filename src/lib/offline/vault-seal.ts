import type { ZhichengDB } from './db';
import { SEALED_FIELDS } from './vault';

/** Set by the version 5 upgrade: rows written before encryption existed are still plain. */
export const SEAL_PENDING = 'vaultSealPending';

/** Rows per transaction: attachment pieces are up to 1 MiB each. */
const BATCH = 16;

/**
 * Once, when a database from before version 5 opens: every row of a sealed table is read (a
 * plain one reads as is) and written back sealed. Runs before anything else uses the database;
 * a row is rewritten in the transaction that read it, so nothing typed meanwhile is overwritten.
 */
export async function sealExistingRows(db: ZhichengDB): Promise<void> {
	if (!(await db.meta.get(SEAL_PENDING))) return;
	for (const name of Object.keys(SEALED_FIELDS)) {
		const table = db.table(name);
		const keys = await table.toCollection().primaryKeys();
		for (let i = 0; i < keys.length; i += BATCH) {
			const batch = keys.slice(i, i + BATCH);
			await db.transaction('rw', table, async () => {
				const rows = (await table.bulkGet(batch)).filter((r) => r !== undefined);
				await table.bulkPut(rows);
			});
		}
	}
	await db.meta.delete(SEAL_PENDING);
}
