import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { attachmentBlob, storeFile } from './attachments';
import { ZhichengDB } from './db';
import { foldJournal, journalEdit } from './journal';
import { saveModule } from './writes';
import { isSealed, openValue, VaultError } from './vault';
import { SEAL_PENDING } from './vault-seal';

const SENTENCE = '本人主持完成市级科研项目3项，身份证号320102198001011234。';
const CASE = '5c0a1a8e-2b7e-4a53-9d35-0f8f3c6d1e02';
const names: string[] = [];
let n = 0;

function dbName(): string {
	const name = `vault-test-${process.pid}-${n++}`;
	names.push(name);
	return name;
}

afterEach(async () => {
	for (const name of names.splice(0)) await Dexie.delete(name);
});

/** Every row of a store as IndexedDB holds it, read without Dexie (so without the vault). */
function rawRows(name: string, store: string): Promise<unknown[]> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.open(name);
		req.onerror = () => reject(req.error);
		req.onsuccess = () => {
			const idb = req.result;
			const all = idb.transaction(store).objectStore(store).getAll();
			all.onsuccess = () => {
				idb.close();
				resolve(all.result);
			};
			all.onerror = () => reject(all.error);
		};
	});
}

function rawPut(name: string, store: string, rows: unknown[]): Promise<void> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.open(name);
		req.onerror = () => reject(req.error);
		req.onsuccess = () => {
			const idb = req.result;
			const tx = idb.transaction(store, 'readwrite');
			for (const row of rows) tx.objectStore(store).put(row);
			tx.oncomplete = () => {
				idb.close();
				resolve();
			};
			tx.onerror = () => reject(tx.error);
		};
	});
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
	outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
		for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
		return true;
	}
	return false;
}

/** Whether the text (as a string, or as UTF-8 bytes) is anywhere in a stored value. */
function holds(value: unknown, text: string | Uint8Array): boolean {
	const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
	if (typeof value === 'string') return contains(new TextEncoder().encode(value), bytes);
	if (value instanceof ArrayBuffer) return contains(new Uint8Array(value), bytes);
	if (ArrayBuffer.isView(value))
		return contains(new Uint8Array(value.buffer, value.byteOffset, value.byteLength), bytes);
	if (typeof value === 'object' && value !== null)
		return Object.values(value).some((v) => holds(v, bytes));
	return false;
}

function pdfBytes(): Uint8Array<ArrayBuffer> {
	const text = `%PDF-1.4\n% ${SENTENCE}\n`.repeat(40);
	return new TextEncoder().encode(text);
}

describe('drafts encrypted at rest', () => {
	it('seals module data, conflicts, the journal, the outbox and files; reads them back', async () => {
		const name = dbName();
		const db = new ZhichengDB(name);
		await saveModule(db, CASE, 'work_summary', { text: SENTENCE });
		await db.modules.update([CASE, 'work_summary'], {
			conflict: { serverData: { text: `服务器：${SENTENCE}` }, serverRevision: 2, at: 'now' }
		});
		await journalEdit(db, CASE, 'self_review', { text: SENTENCE });
		const pdf = pdfBytes();
		const file = Object.assign(new Blob([pdf], { type: 'application/pdf' }), {
			name: '工作证明.pdf'
		});
		const attachmentId = await storeFile(db, {
			caseId: CASE,
			module: 'work_summary',
			slot: 'proof',
			file
		});
		await db.outbox.update(1, { frozen: { baseRevision: 0, payload: { text: SENTENCE } } });
		await db.certificateFiles.put({
			id: 'c1',
			version: 1,
			bytes: pdf.slice().buffer,
			savedAt: 'x'
		});
		await db.meta.put({ key: 'declarant', value: { name: '王芳', idNumber: SENTENCE } });

		// Each field as the app reads it.
		const row = await db.modules.get([CASE, 'work_summary']);
		expect(row?.data).toEqual({ text: SENTENCE });
		expect(row?.conflict?.serverData).toEqual({ text: `服务器：${SENTENCE}` });
		expect((await db.journal.toArray()).map((e) => e.data)).toEqual([{ text: SENTENCE }]);
		expect((await db.outbox.toArray()).map((i) => i.frozen?.payload)).toContainEqual({
			text: SENTENCE
		});
		const blob = await attachmentBlob(db, attachmentId);
		expect(new Uint8Array(await blob!.arrayBuffer())).toEqual(pdf);
		const cert = await db.certificateFiles.get('c1');
		expect(new Uint8Array(cert!.bytes)).toEqual(pdf);
		expect((await db.meta.get('declarant'))?.value).toEqual({ name: '王芳', idNumber: SENTENCE });
		// Read through a cursor (a filter) too.
		const filtered = await db.modules.filter((m) => m.module === 'work_summary').toArray();
		expect(filtered.map((m) => m.data)).toEqual([{ text: SENTENCE }]);
		// The journal folds into the module row.
		await foldJournal(db);
		expect((await db.modules.get([CASE, 'self_review']))?.data).toEqual({ text: SENTENCE });
		db.close();

		// As stored: not a word of it, in any store.
		const needle = new TextEncoder().encode('市级科研项目');
		for (const store of ['modules', 'journal', 'chunks', 'outbox', 'meta']) {
			const rows = await rawRows(name, store);
			for (const r of rows) expect(holds(r, needle), `${store}: ${JSON.stringify(r)}`).toBe(false);
		}
		const chunks = await rawRows(name, 'chunks');
		expect(chunks.length).toBeGreaterThan(0);
		for (const c of chunks) expect(holds(c, pdf.slice(0, 64))).toBe(false);
		for (const c of await rawRows(name, 'certificateFiles')) expect(holds(c, needle)).toBe(false);
		const [module] = (await rawRows(name, 'modules')) as { data: unknown; dirty: boolean }[];
		expect(isSealed(module!.data)).toBe(true);
		// Indexed fields stay plain: the queries still work.
		expect(module!.dirty).toBe(true);
	});

	it('opens a version 4 database with plain rows, keeps its words and seals them', async () => {
		const name = dbName();
		const v4 = new Dexie(name);
		v4.version(4).stores({
			cases: 'id, status, updatedAt',
			modules: '[caseId+module], caseId, dirty',
			attachments: 'id, caseId, state',
			chunks: '[attachmentId+index], attachmentId',
			outbox: '++seq, &mutationId, caseId, state',
			meta: 'key',
			uploadUrls: 'key, fingerprint',
			journal: '[caseId+module+seq]',
			reviewEvents: 'id, caseId',
			notices: 'id, caseId, readAt, unread, readUnsent',
			certificates: 'id, caseId, status',
			certificateFiles: 'id'
		});
		const bytes = pdfBytes().slice().buffer;
		await v4.table('modules').put({
			caseId: CASE,
			module: 'work_summary',
			data: { text: SENTENCE },
			baseRevision: 3,
			dirty: true,
			queued: true,
			conflict: null,
			updatedAt: 'then'
		});
		await v4.table('journal').put({
			caseId: CASE,
			module: 'work_summary',
			seq: 7,
			data: { text: `${SENTENCE}又` },
			at: 'then'
		});
		await v4.table('chunks').put({ attachmentId: 'a1', index: 0, data: bytes });
		v4.close();

		const db = new ZhichengDB(name);
		expect((await db.modules.get([CASE, 'work_summary']))?.data).toEqual({ text: SENTENCE });
		expect((await db.modules.get([CASE, 'work_summary']))?.conflict).toBeNull();
		expect((await db.journal.toArray())[0]?.data).toEqual({ text: `${SENTENCE}又` });
		expect(new Uint8Array((await db.chunks.toArray())[0]!.data)).toEqual(new Uint8Array(bytes));
		expect(await db.meta.get(SEAL_PENDING)).toBeUndefined();
		await foldJournal(db);
		expect((await db.modules.get([CASE, 'work_summary']))?.data).toEqual({
			text: `${SENTENCE}又`
		});
		db.close();
		for (const store of ['modules', 'journal', 'chunks'])
			for (const r of await rawRows(name, store)) expect(holds(r, '市级科研项目')).toBe(false);
		const [chunk] = (await rawRows(name, 'chunks')) as { data: unknown }[];
		expect(isSealed(chunk!.data)).toBe(true);
	});

	it('deleting the database destroys its key: what was copied before cannot be opened', async () => {
		const name = dbName();
		const db = new ZhichengDB(name);
		await saveModule(db, CASE, 'work_summary', { text: SENTENCE });
		db.close();
		const [copied] = (await rawRows(name, 'modules')) as { data: unknown }[];
		expect(await rawRows(name, 'vault')).toHaveLength(1);

		await Dexie.delete(name); // what 退出 does (wipe.ts → deleteLocalDb)
		expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(name);

		const again = new ZhichengDB(name);
		await again.open();
		await expect(openValue(again.vaultKey, copied!.data)).rejects.toThrow(VaultError);
		again.close();
	});

	it('refuses clearly, and keeps the rows, when the key is gone but sealed rows remain', async () => {
		const name = dbName();
		const db = new ZhichengDB(name);
		await saveModule(db, CASE, 'work_summary', { text: SENTENCE });
		db.close();
		const sealed = await rawRows(name, 'modules');
		// Another key than the one that sealed them (the stored one replaced behind the app's back).
		const other = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
			'encrypt',
			'decrypt'
		]);
		await rawPut(name, 'vault', [{ id: 'data', key: other, createdAt: 'x' }]);

		const reopened = new ZhichengDB(name);
		await expect(reopened.modules.get([CASE, 'work_summary'])).rejects.toThrow(
			/无法用本机密钥解密.*does not open with this device's key/
		);
		reopened.close();
		expect(await rawRows(name, 'modules')).toEqual(sealed);
		await expect(openValue(null, (sealed[0] as { data: unknown }).data)).rejects.toThrow(
			/加密密钥缺失.*key is missing/
		);
	});
});
