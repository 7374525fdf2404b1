import type { DBCore, DBCoreCursor, DBCoreTable, Middleware } from 'dexie';
import { hasSealed, needsSealing, openRow, SEALED_FIELDS, sealRow } from './vault';

/**
 * Seals the fields of vault.ts on their way into IndexedDB and opens them on the way out, for
 * every Dexie read and write (the typing journal's raw requests do the same in journal.ts).
 *
 * WebCrypto answers in a later task, and an IndexedDB transaction left without a pending request
 * for a task commits: while a row is being sealed or opened the transaction is kept alive by
 * back-to-back reads of nothing (as Dexie.waitFor does), and the answer is delivered from one of
 * their success events, where the transaction accepts the next request.
 */

function whileAlive<T>(trans: IDBTransaction, work: Promise<T>): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		let outcome: { ok: true; value: T } | { ok: false; error: unknown } | null = null;
		work.then(
			(value) => (outcome = { ok: true, value }),
			(error: unknown) => (outcome = { ok: false, error })
		);
		const failed = (error: unknown) =>
			reject(error instanceof Error ? error : new Error(String(error)));
		const spin = () => {
			if (outcome) {
				if (outcome.ok) resolve(outcome.value);
				else failed(outcome.error);
				return;
			}
			try {
				const req = trans.objectStore(trans.objectStoreNames[0]!).get(-Infinity);
				req.onsuccess = spin;
				req.onerror = () => failed(req.error);
			} catch (error) {
				failed(error); // the transaction ended (aborted): nothing more can be read in it
			}
		};
		spin();
	});
}

/** A cursor whose rows are read opened; the rows were opened before it started. */
function openedCursor(cursor: DBCoreCursor, opened: Map<string, unknown>): DBCoreCursor {
	return new Proxy(cursor, {
		get(target, prop) {
			if (prop === 'value') {
				const id = JSON.stringify(target.primaryKey);
				return opened.has(id) ? opened.get(id) : target.value;
			}
			return Reflect.get(target, prop, target) as unknown;
		}
	});
}

function sealedTable(down: DBCoreTable, key: () => CryptoKey | null): DBCoreTable {
	const name = down.name;
	const open = <T>(row: T) => openRow(key(), name, row);
	const alive = <T>(trans: unknown, work: Promise<T>) => whileAlive(trans as IDBTransaction, work);
	const openAll = <T>(trans: unknown, rows: T[]): T[] | Promise<T[]> =>
		rows.some((r) => hasSealed(name, r)) ? alive(trans, Promise.all(rows.map(open))) : rows;
	const extractKey = down.schema.primaryKey.extractKey;
	return {
		...down,
		mutate(req) {
			if (req.type !== 'add' && req.type !== 'put') return down.mutate(req);
			if (!req.values.some((v) => needsSealing(name, v))) return down.mutate(req);
			const k = key();
			if (!k) return Promise.reject(new Error(`vault: no key to seal ${name} (database not open)`));
			const sealing = Promise.all(req.values.map((v) => sealRow(k, name, v)));
			return alive(req.trans, sealing).then((values) => down.mutate({ ...req, values }));
		},
		get(req) {
			return down
				.get(req)
				.then((row) => (hasSealed(name, row) ? alive(req.trans, open(row)) : row));
		},
		getMany(req) {
			return down.getMany(req).then((rows) => openAll(req.trans, rows));
		},
		query(req) {
			if (!req.values) return down.query(req);
			return down
				.query(req)
				.then(async (res) => ({ ...res, result: await openAll(req.trans, res.result) }));
		},
		openCursor(req) {
			if (!req.values || !extractKey) return down.openCursor(req);
			const all = down.query({ trans: req.trans, query: req.query, values: true });
			const opening = all.then((res) =>
				alive(
					req.trans,
					Promise.all(
						res.result.map(async (row): Promise<[string, unknown]> => [
							JSON.stringify(extractKey(row)),
							await open(row)
						])
					)
				)
			);
			return opening.then((rows) =>
				down.openCursor(req).then((cursor) => cursor && openedCursor(cursor, new Map(rows)))
			);
		}
	};
}

/** Installed beneath Dexie's own middlewares, so its caches and hooks see opened rows. */
export function vaultMiddleware(key: () => CryptoKey | null): Middleware<DBCore> {
	return {
		stack: 'dbcore',
		name: 'vault',
		level: -10,
		create: (down) => ({
			...down,
			table: (tableName) => {
				const table = down.table(tableName);
				return SEALED_FIELDS[tableName] ? sealedTable(table, key) : table;
			}
		})
	};
}
