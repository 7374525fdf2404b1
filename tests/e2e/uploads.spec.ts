import { createHash } from 'node:crypto';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { login, openModule, startReviewDeclaration } from './helpers';

const MiB = 1024 * 1024;

function sha256(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/** A PDF of `size` bytes: a valid header, a small valid body, space padding, and %%EOF. */
function bigPdf(size: number): Buffer {
	const head = Buffer.from(
		'%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' +
			'2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n',
		'latin1'
	);
	const tail = Buffer.from('\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
	return Buffer.concat([head, Buffer.alloc(size - head.length - tail.length, 0x20), tail]);
}

/** A 职称评审申报 past 暂存, at its 其他材料 module with one material named `name` added. */
async function newMaterial(page: Page, name: string): Promise<string> {
	await startReviewDeclaration(page);
	await openModule(page, /其他材料/);
	await page.getByRole('button', { name: '添加' }).click();
	await page.getByLabel('材料名称').fill(name);
	await page.getByRole('button', { name: '保存' }).click();
	return page.url();
}

/** The attachment id the device gave a file, read from its IndexedDB. */
async function attachmentIdOf(page: Page, fileName: string): Promise<string> {
	return page.evaluate(async (name) => {
		const dbName = (await indexedDB.databases()).find((d) =>
			d.name?.startsWith('zhicheng-')
		)!.name!;
		const db = await new Promise<IDBDatabase>((ok, fail) => {
			const req = indexedDB.open(dbName);
			req.onsuccess = () => ok(req.result);
			req.onerror = () => fail(req.error);
		});
		const all = await new Promise<{ id: string; name: string }[]>((ok) => {
			const req = db.transaction('attachments').objectStore('attachments').getAll();
			req.onsuccess = () => ok(req.result as { id: string; name: string }[]);
		});
		db.close();
		return all.find((a) => a.name === name)!.id;
	}, fileName);
}

const progressValue = (progress: Locator) =>
	progress.evaluate((el) => (el as HTMLProgressElement).value);

const MATERIAL = '业绩证明材料';
const slot = (page: Page) => page.getByTestId('pdf-slot');
const fileInput = (page: Page, name = MATERIAL) => page.getByLabel(`材料上传：${name}`);

test.describe('attachments', () => {
	test('an 8 MB PDF upload cut off by a reload resumes, completes, and the server has the same bytes', async ({
		page
	}) => {
		test.setTimeout(120_000);
		await login(page, '13800000001');
		const caseUrl = await newMaterial(page, MATERIAL);

		// 2 MiB/s: the 8 MB take about 4 s, so the reload lands well before the last byte even
		// on a busy machine.
		const cdp = await page.context().newCDPSession(page);
		await cdp.send('Network.enable');
		await cdp.send('Network.emulateNetworkConditions', {
			offline: false,
			latency: 0,
			downloadThroughput: -1,
			uploadThroughput: 2 * MiB
		});

		const pdf = bigPdf(8 * MiB);
		await fileInput(page).setInputFiles({
			name: '业绩证明.pdf',
			mimeType: 'application/pdf',
			buffer: pdf
		});
		const item = slot(page).filter({ hasText: '业绩证明.pdf' });
		const progress = item.getByRole('progressbar', { name: '业绩证明.pdf 上传进度' });
		await expect(progress).toBeVisible();
		await expect(item.getByText(/上传中 \d+%/)).toBeVisible({ timeout: 30_000 });
		// Cut it off at about half.
		await expect
			.poll(() => progressValue(progress), { timeout: 30_000 })
			.toBeGreaterThanOrEqual(35);
		const attachmentId = await attachmentIdOf(page, '业绩证明.pdf');
		expect(attachmentId).toMatch(/^[0-9a-f-]{36}$/);
		const before = await progressValue(progress);
		expect(before).toBeLessThan(100);

		const tusRequests: string[] = [];
		page.on('request', (r) => {
			if (new URL(r.url()).pathname.startsWith('/files')) tusRequests.push(r.method());
		});
		await page.reload();
		await expect(page).toHaveURL(caseUrl);
		await cdp.send('Network.emulateNetworkConditions', {
			offline: false,
			latency: 0,
			downloadThroughput: -1,
			uploadThroughput: -1
		});

		const after = slot(page).filter({ hasText: '业绩证明.pdf' });
		await expect(after.getByText(/已上传|已附加/)).toBeVisible({ timeout: 60_000 });
		// It resumed where the server stopped (HEAD first), it did not create a second upload.
		expect(tusRequests[0]).toBe('HEAD');
		expect(tusRequests).not.toContain('POST');

		const download = await page.request.get(`/files/download/${attachmentId}`);
		expect(download.status()).toBe(200);
		expect(download.headers()['content-type']).toBe('application/pdf');
		expect(download.headers()['x-content-type-options']).toBe('nosniff');
		expect(download.headers()['content-disposition']).toContain("filename*=UTF-8''");
		expect(sha256(await download.body())).toBe(sha256(pdf));
	});

	test('a JPEG renamed .pdf is refused with a clear message', async ({ page }) => {
		await login(page, '13800000001');
		await newMaterial(page, '身份证');
		const jpeg = Buffer.alloc(20_000);
		jpeg.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
		await fileInput(page, '身份证').setInputFiles({
			name: '身份证.pdf',
			mimeType: 'application/pdf',
			buffer: jpeg
		});
		const item = slot(page).filter({ hasText: '身份证.pdf' });
		await expect(item.getByText('上传失败：文件内容与文件类型不符', { exact: false })).toBeVisible({
			timeout: 30_000
		});
		await expect(item.getByRole('button', { name: '删除 身份证.pdf' })).toBeVisible();
	});

	test('a tus upload without a session is refused with 401', async ({ request, baseURL }) => {
		const res = await request.post('/files', {
			headers: {
				origin: baseURL!,
				'Tus-Resumable': '1.0.0',
				'Upload-Length': '100',
				'Upload-Metadata': `filename ${Buffer.from('a.pdf').toString('base64')}`
			}
		});
		expect(res.status()).toBe(401);
		expect(await res.text()).toBe('请先登录');
	});
});
