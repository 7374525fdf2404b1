import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
	goOffline,
	goOnline,
	killProfile,
	launchProfile,
	login,
	openModule,
	saveState,
	summaryDraft,
	twoDevicesOnOneDraft,
	waitForServiceWorker,
	workSummaryBox
} from './helpers';

/** The browser dies (SIGKILL) and is started again on the same profile, offline, at `url`. */
async function killAndReopenOffline(
	context: BrowserContext,
	dir: string,
	url: string
): Promise<{ context: BrowserContext; page: Page }> {
	killProfile(dir);
	await context.close().catch(() => {});
	const reopened = await launchProfile(dir);
	await goOffline(reopened);
	const page = reopened.pages()[0] ?? (await reopened.newPage());
	await page.goto(url);
	return { context: reopened, page };
}

/**
 * This device's stored 工作总结 of a case: the newest typing-journal entry and (unless
 * `journalOnly`) the module row.
 */
function storedSummary(
	page: Page,
	caseId: string,
	journalOnly = false
): Promise<{ journal: string | null; row?: string | null }> {
	return page.evaluate(
		async ({ caseId, journalOnly }) => {
			const names = (await indexedDB.databases()).map((d) => d.name ?? '');
			const name = names.find((n) => n.startsWith('zhicheng-'));
			if (!name) return { journal: null, row: null };
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const req = indexedDB.open(name);
				req.onsuccess = () => resolve(req.result);
				req.onerror = () => reject(req.error);
			});
			type Stored = { data?: unknown } | undefined;
			type Sealed = { vault: 1; iv: Uint8Array<ArrayBuffer>; ct: ArrayBuffer };
			// Module data and the journal are sealed on the device (vault.ts): open them with its key.
			const textOf = async (stored: Stored, key: CryptoKey | undefined) => {
				const data = stored?.data as Sealed | { text?: string } | undefined;
				if (!data) return null;
				if (!('vault' in data)) return data.text ?? null;
				const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: data.iv }, key!, data.ct);
				return (JSON.parse(new TextDecoder().decode(plain)) as { text?: string }).text ?? null;
			};
			try {
				const raw = await new Promise<{ journal: Stored; row?: Stored; key?: CryptoKey }>(
					(resolve, reject) => {
						const stores = journalOnly ? ['journal', 'vault'] : ['journal', 'modules', 'vault'];
						const tx = db.transaction(stores, 'readonly');
						const entries = IDBKeyRange.bound(
							[caseId, 'work_summary', -Infinity],
							[caseId, 'work_summary', Infinity]
						);
						const journal = tx.objectStore('journal').openCursor(entries, 'prev');
						const row = journalOnly
							? null
							: tx.objectStore('modules').get([caseId, 'work_summary']);
						const key = tx.objectStore('vault').get('data');
						tx.oncomplete = () =>
							resolve({
								journal: journal.result?.value as Stored,
								...(row ? { row: row.result as Stored } : {}),
								key: (key.result as { key?: CryptoKey } | undefined)?.key
							});
						tx.onerror = () => reject(tx.error);
					}
				);
				return {
					journal: await textOf(raw.journal, raw.key),
					...(journalOnly ? {} : { row: await textOf(raw.row, raw.key) })
				};
			} finally {
				db.close();
			}
		},
		{ caseId, journalOnly }
	);
}

/**
 * Holds the `modules` store with a readwrite transaction kept alive by one request after another,
 * so no module save can commit until the page dies: as if the browser were killed in the moment
 * between a keystroke and its fold.
 */
async function holdModuleSaves(page: Page): Promise<void> {
	await page.evaluate(async () => {
		const names = (await indexedDB.databases()).map((d) => d.name ?? '');
		const name = names.find((n) => n.startsWith('zhicheng-'))!;
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const req = indexedDB.open(name);
			req.onsuccess = () => resolve(req.result);
			req.onerror = () => reject(req.error);
		});
		const store = db.transaction('modules', 'readwrite').objectStore('modules');
		const spin = () => (store.count().onsuccess = spin);
		spin();
	});
}

test.describe('nothing typed is lost', () => {
	test('typed offline, browser killed, reopened offline: the words are there; online they sync and another device pulls them', async ({
		browser
	}) => {
		const dir = mkdtempSync(path.join(tmpdir(), 'zc-profile-'));
		try {
			let context = await launchProfile(dir);
			let page = context.pages()[0] ?? (await context.newPage());
			await login(page, '13800000001');
			await waitForServiceWorker(page);
			// Signed in some time ago: the browser has written its cookies to disk.
			await context.close();
			context = await launchProfile(dir);
			page = context.pages()[0] ?? (await context.newPage());
			const caseUrl = await summaryDraft(page);

			await goOffline(context);
			const words =
				'本人自2012年参加工作以来，主持完成智慧园区平台建设。\n\n第二段：离线时写下的内容。';
			await workSummaryBox(page).fill(words);
			await expect(saveState(page)).toHaveText('仅保存在本设备');
			({ context, page } = await killAndReopenOffline(context, dir, caseUrl));
			await expect(workSummaryBox(page)).toHaveValue(words);
			await expect(page.getByTestId('offline-indicator')).toBeVisible();
			await expect(saveState(page)).toHaveText('仅保存在本设备');

			// Words typed the moment before the browser dies: journaled at once; it dies before the
			// editor's fold into the module's save can commit.
			const caseId = /\/cases\/([0-9a-f-]{36})/.exec(caseUrl)![1]!;
			const more = `${words}\n补充：浏览器关闭前一刻写下的字。`;
			await holdModuleSaves(page);
			await workSummaryBox(page).fill(more);
			await expect.poll(async () => (await storedSummary(page, caseId, true)).journal).toBe(more);
			// Past the fold's 300 ms: the fold is waiting for the held store, not yet committed.
			await page.waitForTimeout(600);
			({ context, page } = await killAndReopenOffline(context, dir, caseUrl));
			await expect(workSummaryBox(page)).toHaveValue(more);
			await expect(saveState(page)).toHaveText('仅保存在本设备');

			await goOnline(context);
			await page.evaluate(() => dispatchEvent(new Event('online')));
			await expect(saveState(page)).toHaveText('已备份', { timeout: 20_000 });
			expect(await storedSummary(page, caseId)).toEqual({ journal: null, row: more });

			// Another device of the same person pulls it.
			const other = await browser.newContext();
			const otherPage = await other.newPage();
			await login(otherPage, '13800000001');
			await otherPage.goto('/me');
			await otherPage.getByRole('link', { name: '修改' }).first().click();
			await openModule(otherPage, /工作总结/);
			await expect(workSummaryBox(otherPage)).toHaveValue(more);
			await other.close();
			await context.close();
		} finally {
			killProfile(dir);
			rmSync(dir, { recursive: true, force: true });
		}
	});

	test('the same module edited on two devices offline shows both versions; keeping one syncs it', async ({
		browser
	}) => {
		const { a, b, pa, pb } = await twoDevicesOnOneDraft(
			browser,
			'13800000002',
			/苏州市工程技术中级/
		);

		await a.setOffline(true);
		await b.setOffline(true);
		await workSummaryBox(pa).fill('甲设备：负责机械设计');
		await workSummaryBox(pb).fill('乙设备：负责工艺改进');
		await expect(saveState(pa)).toHaveText('仅保存在本设备');
		await expect(saveState(pb)).toHaveText('仅保存在本设备');

		await a.setOffline(false);
		await pa.evaluate(() => dispatchEvent(new Event('online')));
		await expect(saveState(pa)).toHaveText('已备份', { timeout: 20_000 });

		await b.setOffline(false);
		await pb.evaluate(() => dispatchEvent(new Event('online')));
		await expect(saveState(pb)).toHaveText('有冲突', { timeout: 20_000 });
		const conflict = pb.getByTestId('conflict-view');
		await expect(conflict).toContainText('乙设备：负责工艺改进');
		await expect(conflict).toContainText('甲设备：负责机械设计');
		await conflict.getByRole('button', { name: '保留本设备的版本' }).click();
		await expect(saveState(pb)).toHaveText('已备份', { timeout: 20_000 });
		await expect(workSummaryBox(pb)).toHaveValue('乙设备：负责工艺改进');

		await pa.getByRole('button', { name: '暂存' }).click();
		await expect(workSummaryBox(pa)).toHaveValue('乙设备：负责工艺改进', { timeout: 20_000 });
		await a.close();
		await b.close();
	});
});

test('logging out with unsynced changes warns and keeps them unless they are discarded', async ({
	page,
	context
}) => {
	await login(page, '13800000002');
	await summaryDraft(page, /苏州市工程技术中级/);
	await goOffline(context);
	await workSummaryBox(page).fill('尚未同步的内容');
	await expect(saveState(page)).toHaveText('仅保存在本设备');
	await page.getByRole('button', { name: '退出' }).click();
	const dialog = page.getByRole('dialog', { name: '有未同步的内容' });
	await expect(dialog).toBeVisible();
	await dialog.getByRole('button', { name: '取消，先同步' }).click();
	await expect(dialog).toBeHidden();
	await expect(workSummaryBox(page)).toHaveValue('尚未同步的内容');

	await goOnline(context);
	await page.evaluate(() => dispatchEvent(new Event('online')));
	await expect(saveState(page)).toHaveText('已备份', { timeout: 20_000 });
	await page.getByRole('button', { name: '退出' }).click();
	await expect(page.getByRole('link', { name: '您好！请登录' })).toBeVisible();
	// A clean logout leaves nothing of this person on the device.
	const names = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
	expect(names.filter((n) => n?.startsWith('zhicheng-'))).toEqual([]);
});
