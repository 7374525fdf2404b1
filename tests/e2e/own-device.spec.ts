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
	saveState,
	summaryDraft,
	twoDevicesOnOneDraft,
	waitForServiceWorker,
	workSummaryBox
} from './helpers';

/**
 * A device never conflicts with itself (DESIGN §7): its own saves, answered or not, are what its
 * next edit builds on; only another device's change to the same module is a conflict.
 */

/**
 * The next save carrying `words` reaches the server and is applied there; its answer never comes
 * back, because the network drops at that moment (the device is offline from then on).
 * `lost()` resolves once that has happened.
 */
async function loseAnswerOfSave(
	context: BrowserContext,
	words: string
): Promise<{ lost: () => Promise<void> }> {
	let answerLost!: (answer: { status: number; body: string }) => void;
	const done = new Promise<{ status: number; body: string }>((resolve) => (answerLost = resolve));
	await context.route('**/api/trpc/sync.push**', async (route) => {
		if (!route.request().postData()?.includes(JSON.stringify(words).slice(1, -1))) {
			return route.continue();
		}
		const response = await route.fetch();
		const answer = { status: response.status(), body: await response.text() };
		await goOffline(context);
		await route.abort('internetdisconnected');
		answerLost(answer);
	});
	return {
		async lost() {
			const answer = await done;
			// Applied on the server: only the answer is lost.
			expect(answer.status).toBe(200);
			expect(answer.body).toContain('"status":"applied"');
		}
	};
}

/**
 * Whether every save waiting in this device's outbox is due to be sent again (its backoff after
 * the lost answer has passed): as after a while offline, so the first pass online retries it.
 */
function outboxDue(page: Page): Promise<boolean> {
	return page.evaluate(async () => {
		const name = (await indexedDB.databases())
			.map((d) => d.name ?? '')
			.find((n) => n.startsWith('zhicheng-'));
		if (!name) return false;
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const req = indexedDB.open(name);
			req.onsuccess = () => resolve(req.result);
			req.onerror = () => reject(req.error);
		});
		try {
			const items = await new Promise<{ nextAttemptAt: number }[]>((resolve, reject) => {
				const req = db.transaction('outbox').objectStore('outbox').getAll();
				req.onsuccess = () => resolve(req.result as { nextAttemptAt: number }[]);
				req.onerror = () => reject(req.error);
			});
			return items.length > 0 && items.every((i) => i.nextAttemptAt <= Date.now());
		} finally {
			db.close();
		}
	});
}

/** Another device of the same person, signed in afresh, shows the server's 工作总结 of the case. */
async function expectOnAnotherDevice(page: Page, caseUrl: string, words: string) {
	await page.goto('/me');
	await page.getByRole('button', { name: '立即同步' }).click();
	await page.goto(caseUrl);
	await expect(workSummaryBox(page)).toHaveValue(words, { timeout: 20_000 });
	await expect(saveState(page)).toHaveText('已备份');
}

test('保存 whose answer is lost, then offline edits and a reload: online it backs up with no conflict', async ({
	browser
}) => {
	const dir = mkdtempSync(path.join(tmpdir(), 'zc-own-device-'));
	try {
		const context = await launchProfile(dir);
		const page = context.pages()[0] ?? (await context.newPage());
		await login(page, '13800000001');
		await waitForServiceWorker(page);
		const caseUrl = await summaryDraft(page, /南京市工程技术中级/);

		const first = '本人主持完成智慧园区平台建设。';
		const answer = await loseAnswerOfSave(context, first);
		await workSummaryBox(page).fill(first);
		await page.getByRole('button', { name: '保存', exact: true }).click();
		await answer.lost();
		await expect(saveState(page)).toHaveText('仅保存在本设备', { timeout: 20_000 });

		// Still offline: the person keeps writing, then the page is reloaded.
		const final = `${first}\n离线时继续写下的第二段。`;
		await workSummaryBox(page).fill(final);
		await expect(saveState(page)).toHaveText('仅保存在本设备');
		await page.reload();
		await expect(workSummaryBox(page)).toHaveValue(final);
		await expect.poll(() => outboxDue(page), { timeout: 20_000 }).toBe(true);

		await goOnline(context);
		await page.evaluate(() => dispatchEvent(new Event('online')));
		await expect(saveState(page)).toHaveText('已备份', { timeout: 30_000 });
		await expect(page.getByTestId('conflict-view')).toHaveCount(0);
		await expect(workSummaryBox(page)).toHaveValue(final);

		// The server holds the final words: a second device signed in afresh pulls them.
		const other = await browser.newContext();
		await login(await other.newPage(), '13800000001');
		await expectOnAnotherDevice(other.pages()[0]!, caseUrl, final);
		await other.close();
		await context.close();
	} finally {
		killProfile(dir);
		rmSync(dir, { recursive: true, force: true });
	}
});

test('two devices editing the same module offline still get the conflict view with both versions', async ({
	browser
}) => {
	const { a, b, pa, pb } = await twoDevicesOnOneDraft(browser, '13800000002', /苏州市工程技术中级/);

	// Device A's own save is applied with its answer lost; A keeps writing offline.
	const aFirst = '甲设备：负责机械设计';
	const answer = await loseAnswerOfSave(a, aFirst);
	await workSummaryBox(pa).fill(aFirst);
	await pa.getByRole('button', { name: '保存', exact: true }).click();
	await answer.lost();
	const aFinal = `${aFirst}，兼任项目负责人`;
	await workSummaryBox(pa).fill(aFinal);
	await expect(saveState(pa)).toHaveText('仅保存在本设备', { timeout: 20_000 });
	await expect.poll(() => outboxDue(pa), { timeout: 20_000 }).toBe(true);

	// Device B, which never saw A's words, writes the same module offline.
	await goOffline(b);
	const bWords = '乙设备：负责工艺改进';
	await workSummaryBox(pb).fill(bWords);
	await expect(saveState(pb)).toHaveText('仅保存在本设备');

	// A builds on its own save: no conflict for A.
	await goOnline(a);
	await pa.evaluate(() => dispatchEvent(new Event('online')));
	await expect(saveState(pa)).toHaveText('已备份', { timeout: 30_000 });
	await expect(pa.getByTestId('conflict-view')).toHaveCount(0);

	// B meets another device's change: both versions, until the person chooses.
	await goOnline(b);
	await pb.evaluate(() => dispatchEvent(new Event('online')));
	await expect(saveState(pb)).toHaveText('有冲突', { timeout: 30_000 });
	const conflict = pb.getByTestId('conflict-view');
	await expect(conflict).toContainText(bWords);
	await expect(conflict).toContainText(aFinal);
	await conflict.getByRole('button', { name: '保留本设备的版本' }).click();
	await expect(saveState(pb)).toHaveText('已备份', { timeout: 20_000 });
	await expect(workSummaryBox(pb)).toHaveValue(bWords);
	await a.close();
	await b.close();
});
