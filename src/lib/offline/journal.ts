import Dexie from 'dexie';
import { sameJson } from '$lib/domain/canonical-json';
import type { JournalRow, ZhichengDB } from './db';
import { markedWrite, markUnsynced } from './device-hint';
import { nowIso } from './meta';
import { openRow, sealRow } from './vault';
import { putModuleEdit } from './writes';

/**
 * The typing journal: the one write on every keystroke.
 *
 * Writing the module row itself sets off reads (the editor's save state and the row re-read by
 * their live queries), waits behind them, and costs Dexie two round trips to the storage
 * process. A keystroke instead adds one entry to `journal`, a store no screen watches, with a
 * raw IndexedDB put committed as it is issued. The module's draft folds the newest entry into
 * the module row and its outbox entry after a pause; so do the editor at start, the sync engine
 * before each pass, and a pull before it merges a module.
 *
 * A fold never holds the journal store across a turn of the page's event loop, so it never
 * delays a keystroke: entries are read and deleted by raw requests committed at once, and the
 * module write in between goes through Dexie (so screens follow it) guarded by `journalSeq`, so
 * a slower fold of older words never overwrites newer ones.
 */

type ModuleKey = { caseId: string; module: string };
/** What a fold takes: one module's entries, one case's, or (none given) every one. */
type FoldScope = ModuleKey | { caseId: string; module?: undefined };

let lastSeq = 0;

/** Increases within a tab; across tabs and reloads it follows the clock (microseconds). */
export function nextJournalSeq(): number {
	lastSeq = Math.max(lastSeq + 1, Date.now() * 1000);
	return lastSeq;
}

/** One raw transaction on the journal store, committed as soon as `issue` has made its requests. */
function onJournal(
	db: ZhichengDB,
	mode: IDBTransactionMode,
	issue: (store: IDBObjectStore) => void
): Promise<void> {
	if (!db.isOpen()) {
		// Not open yet: open it, as Dexie would; closed on purpose (logout): refuse, as Dexie does.
		if (db.hasBeenClosed()) return Promise.reject(new Dexie.DatabaseClosedError());
		return db.open().then(() => onJournal(db, mode, issue));
	}
	return new Promise((resolve, reject) => {
		const tx = db.backendDB().transaction(db.journal.name, mode);
		tx.oncomplete = () => resolve();
		tx.onabort = () => reject(tx.error ?? new DOMException('Transaction aborted', 'AbortError'));
		issue(tx.objectStore(db.journal.name));
		tx.commit();
	});
}

function entriesOf(key: ModuleKey, upToSeq = Infinity): IDBKeyRange {
	return IDBKeyRange.bound([key.caseId, key.module, -Infinity], [key.caseId, key.module, upToSeq]);
}

/** Every entry of the scope: a case's keys lie between [caseId] and [caseId, []] (an array sorts after any module name). */
function entriesIn(scope: FoldScope): IDBKeyRange {
	return scope.module === undefined
		? IDBKeyRange.bound([scope.caseId], [scope.caseId, []])
		: entriesOf(scope);
}

/** The database open, so its key is loaded (vault.ts). */
async function openedKey(db: ZhichengDB): Promise<CryptoKey | null> {
	if (!db.isOpen()) {
		if (db.hasBeenClosed()) throw new Dexie.DatabaseClosedError();
		await db.open();
	}
	return db.vaultKey;
}

/** A change's words, durable (and sealed, vault.ts) once this resolves. */
export async function journalEdit(
	db: ZhichengDB,
	caseId: string,
	module: string,
	data: Record<string, unknown>
): Promise<void> {
	const entry: JournalRow = { caseId, module, seq: nextJournalSeq(), data, at: nowIso() };
	const key = await openedKey(db);
	if (!key) throw new Error('vault: no key to seal the journal');
	const sealed = await sealRow(key, db.journal.name, entry);
	return markedWrite(db.name, () => onJournal(db, 'readwrite', (store) => store.put(sealed)));
}

function newestPerModule(entries: JournalRow[]): JournalRow[] {
	const newest = new Map<string, JournalRow>();
	for (const e of entries) {
		const k = JSON.stringify([e.caseId, e.module]);
		const seen = newest.get(k);
		if (!seen || e.seq > seen.seq) newest.set(k, e);
	}
	return [...newest.values()];
}

/**
 * Inside a transaction over cases, modules and outbox: the entry's words become the module's
 * save, unless the row already holds a newer entry.
 */
export async function applyJournalEntry(db: ZhichengDB, entry: JournalRow): Promise<void> {
	const current = await db.modules.get([entry.caseId, entry.module]);
	if ((current?.journalSeq ?? -Infinity) >= entry.seq) return;
	if (current && sameJson(current.data, entry.data)) {
		// Nothing new to send, but an older entry still in flight must not win afterwards.
		await db.modules.put({ ...current, journalSeq: entry.seq });
		return;
	}
	await putModuleEdit(db, entry.caseId, entry.module, entry.data, {
		updatedAt: entry.at,
		journalSeq: entry.seq
	});
}

/** Inside a transaction that includes the journal: the module's newest entry, if any. */
export async function newestEntryInTransaction(
	db: ZhichengDB,
	key: ModuleKey
): Promise<JournalRow | undefined> {
	return db.journal
		.where('[caseId+module+seq]')
		.between([key.caseId, key.module, -Infinity], [key.caseId, key.module, Infinity], true, true)
		.last();
}

/**
 * Turns journaled words into module saves (row and outbox entry), for one module, one case or
 * all, then drops the entries it folded. Safe to run from several places at once.
 */
export async function foldJournal(db: ZhichengDB, scope?: FoldScope): Promise<number> {
	let all: JournalRow[] = [];
	await onJournal(db, 'readonly', (store) => {
		const req = store.getAll(scope ? entriesIn(scope) : undefined);
		req.onsuccess = () => (all = req.result as JournalRow[]);
	});
	const vaultKey = await openedKey(db);
	const newest = await Promise.all(
		newestPerModule(all).map((e) => openRow(vaultKey, db.journal.name, e))
	);
	if (newest.length === 0) return 0;
	await db.transaction('rw', db.cases, db.modules, db.outbox, async () => {
		for (const entry of newest) await applyJournalEntry(db, entry);
	});
	// Marked again as the words move from the journal to the outbox (device-hint.ts).
	markUnsynced(db.name);
	await onJournal(db, 'readwrite', (store) => {
		for (const e of newest) store.delete(entriesOf(e, e.seq));
	});
	return newest.length;
}

/** Modules with journaled words (for the logout check: they are not on the server yet). */
export async function journaledModuleCount(db: ZhichengDB): Promise<number> {
	const keys = await db.journal.toCollection().primaryKeys();
	return new Set(keys.map(([caseId, module]) => JSON.stringify([caseId, module]))).size;
}
