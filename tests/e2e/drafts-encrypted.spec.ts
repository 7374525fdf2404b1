import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import {
	goOffline,
	launchProfile,
	login,
	saveState,
	summaryDraft,
	waitForServiceWorker,
	workSummaryBox
} from './helpers';

const SENTENCE = '加密测试：本人于二〇一九年主持青龙山隧道通风改造，编号ZC-ENC-7731。';

/**
 * The person's database as IndexedDB holds it, read without the app: for each store, how many
 * rows hold the text (as a string anywhere in the row, or as UTF-8 in any bytes), and how many
 * rows hold a sealed field ({vault, iv, ct}).
 */
function rawScan(page: Page, text: string) {
	return page.evaluate(async (text) => {
		const names = (await indexedDB.databases()).map((d) => d.name ?? '');
		const name = names.find((n) => n.startsWith('zhicheng-'));
		if (!name) throw new Error(`no zhicheng- database: ${names.join(', ')}`);
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const req = indexedDB.open(name);
			req.onsuccess = () => resolve(req.result);
			req.onerror = () => reject(req.error);
		});
		const needle = new TextEncoder().encode(text);
		const inBytes = (b: Uint8Array) => {
			outer: for (let i = 0; i + needle.length <= b.length; i++) {
				for (let j = 0; j < needle.length; j++) if (b[i + j] !== needle[j]) continue outer;
				return true;
			}
			return false;
		};
		const holds = (v: unknown): boolean => {
			if (typeof v === 'string') return v.includes(text);
			if (v instanceof ArrayBuffer) return inBytes(new Uint8Array(v));
			if (ArrayBuffer.isView(v))
				return inBytes(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
			if (v instanceof Blob) return false;
			if (typeof v === 'object' && v !== null) return Object.values(v).some(holds);
			return false;
		};
		const sealed = (v: unknown) =>
			typeof v === 'object' &&
			v !== null &&
			Object.values(v).some(
				(f) => typeof f === 'object' && f !== null && 'vault' in f && 'ct' in f
			);
		const stores = ['modules', 'journal', 'outbox', 'meta', 'cases'];
		const rows = await new Promise<Record<string, unknown[]>>((resolve, reject) => {
			const tx = db.transaction(stores, 'readonly');
			const out: Record<string, unknown[]> = {};
			for (const s of stores) {
				const req = tx.objectStore(s).getAll();
				req.onsuccess = () => (out[s] = req.result);
			}
			tx.oncomplete = () => resolve(out);
			tx.onerror = () => reject(tx.error);
		});
		db.close();
		return Object.fromEntries(
			stores.map((s) => [
				s,
				{ plain: rows[s]!.filter(holds).length, sealed: rows[s]!.filter(sealed).length }
			])
		);
	}, text);
}

test('drafts are encrypted at rest: the typed words are nowhere in IndexedDB, yet the editor shows them after reload and offline', async () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'zc-vault-'));
	try {
		const context = await launchProfile(dir);
		const page = context.pages()[0] ?? (await context.newPage());
		await login(page, '13800000001');
		await waitForServiceWorker(page);
		const caseUrl = await summaryDraft(page);

		await workSummaryBox(page).fill(SENTENCE);
		// At once, while the words are still only in the typing journal (or just folded).
		await expect
			.poll(async () => {
				const s = await rawScan(page, SENTENCE);
				return s.journal!.sealed + s.modules!.sealed;
			})
			.toBeGreaterThan(0);
		const early = await rawScan(page, SENTENCE);
		for (const [store, n] of Object.entries(early)) expect(n.plain, store).toBe(0);

		await expect(saveState(page)).toHaveText('已备份', { timeout: 20_000 });
		const scan = await rawScan(page, SENTENCE);
		for (const [store, n] of Object.entries(scan)) expect(n.plain, store).toBe(0);
		// The module row is there, sealed: the scan looked at the words' ciphertext, not at nothing.
		expect(scan.modules!.sealed).toBeGreaterThan(0);

		await page.reload();
		await expect(workSummaryBox(page)).toHaveValue(SENTENCE);

		// Offline, the key is on the device: no session or server is needed to read the draft.
		await goOffline(context);
		await page.goto(caseUrl);
		await expect(workSummaryBox(page)).toHaveValue(SENTENCE);
		await page.reload();
		await expect(workSummaryBox(page)).toHaveValue(SENTENCE);
		await context.close();
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
