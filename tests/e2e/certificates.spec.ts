import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { computeIdCheckChar } from '../../src/lib/domain/id-number';
import { goOffline, login, registerByApi, waitForServiceWorker } from './helpers';

/**
 * The manual's chapters 4–6 end to end: 历史职称数据登记 (2 PDFs) → hr01 通过 → 补办 查询 finds it
 * (历史登记) → 证书补办(换发) 补办 (3 PDFs, region → 申报点) → hr01 通过 → 在线领取: 下载 (pdftotext,
 * QR → the verification page: 有效, signature verified), 预览 in the page, offline after one 预览;
 * 换发 marks the old one 已换发 with its successor. A new applicant of this spec's own.
 */
test.describe.configure({ mode: 'serial' });
test.setTimeout(300_000);
test.use({ actionTimeout: 20_000 });

// A test identity (born 1900-01-01: the development 实名核验 knows it as 测试用户).
const first17 = '32010219000101006';
const person = {
	name: '测试用户',
	idNumber: first17 + computeIdCheckChar(first17),
	mobile: '13611116666',
	password: 'Cert#2026abc'
};

function tinyPdf(note: string): Buffer {
	return Buffer.from(
		'%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' +
			'2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n' +
			`% ${note}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
		'latin1'
	);
}

/** A real JPEG drawn in the page (a phone photo's bytes). */
async function jpeg(page: Page): Promise<Buffer> {
	const bytes = await page.evaluate(async () => {
		const canvas = document.createElement('canvas');
		canvas.width = 300;
		canvas.height = 400;
		const g = canvas.getContext('2d')!;
		g.fillStyle = '#dde6f0';
		g.fillRect(0, 0, 300, 400);
		g.fillStyle = '#333';
		g.beginPath();
		g.arc(150, 160, 70, 0, Math.PI * 2);
		g.fill();
		const blob = await new Promise<Blob>((ok) => canvas.toBlob((b) => ok(b!), 'image/jpeg', 0.85));
		return [...new Uint8Array(await blob.arrayBuffer())];
	});
	return Buffer.from(bytes);
}

const pdfSlot = (page: Page, label: string) =>
	page.getByTestId('pdf-slot').filter({ has: page.getByText(label, { exact: true }) });

async function upload(page: Page, label: string, file: { name: string; buffer: Buffer }) {
	const slot = pdfSlot(page, label);
	const replace = slot.getByLabel(`替换：${label}`);
	const input = (await replace.count()) > 0 ? replace : slot.getByLabel(`材料上传：${label}`);
	await input.setInputFiles({ ...file, mimeType: 'application/pdf' });
	return slot;
}

async function expectUploaded(slot: Locator, fileName: string) {
	await expect(slot).toContainText(fileName);
	await expect(slot.getByText(/已上传|已附加/)).toBeVisible({ timeout: 30_000 });
}

async function openModule(page: Page, title: string) {
	const list = page.getByRole('navigation', { name: '申报信息模块' });
	const back = page.getByRole('link', { name: '返回模块列表' });
	await expect(list.or(back).first()).toBeVisible();
	if (await back.isVisible()) await back.click();
	await list.getByRole('link', { name: new RegExp(title) }).click();
}

async function chooseRegion(page: Page, codes: string[]) {
	const levels = ['省', '设区市 / 省本级', '市本级 / 区县'];
	for (const [i, code] of codes.entries())
		await page.getByLabel(`所属行政区划 · ${levels[i]}`).selectOption(code);
}

/** 提交 → 确定 → 已提交 (or the list of what stops it). */
async function submit(page: Page) {
	await page.getByRole('button', { name: '提交', exact: true }).click();
	const issues = page.getByTestId('submit-issues');
	const dialog = page.getByRole('alertdialog');
	await expect(dialog.or(issues)).toBeVisible();
	if (await issues.isVisible()) throw new Error(`提交 refused: ${await issues.innerText()}`);
	await dialog.getByRole('button', { name: '确定' }).click();
	await expect(page.getByRole('status').filter({ hasText: '已提交' })).toBeVisible({
		timeout: 30_000
	});
}

/** hr01 (南京 申报点) passes the case at a desk. */
async function hrPasses(browser: Browser, caseId: string) {
	const desk = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const page = await desk.newPage();
	await login(page, 'hr01');
	await page.goto('/review');
	const row = page.locator(`[data-testid="queue-row"][data-case-id="${caseId}"]`);
	await expect(row).toBeVisible({ timeout: 20_000 });
	await row.getByRole('link').first().click();
	await expect(page).toHaveURL(`/review/cases/${caseId}`);
	await expect(page.getByTestId('module-view').first()).toBeVisible();
	await page.getByRole('button', { name: /通过\s*Alt\+1/ }).click();
	const confirm = page.getByRole('alertdialog');
	if (await confirm.isVisible().catch(() => false))
		await confirm.getByRole('button', { name: /确定/ }).click();
	await expect(page).toHaveURL(/\/review$/, { timeout: 20_000 });
	await desk.close();
}

const caseIdOf = (page: Page) => new URL(page.url()).pathname.split('/').at(-1)!;

function decodeQr(pdf: Buffer): string {
	const dir = mkdtempSync(join(tmpdir(), 'cert-qr-'));
	writeFileSync(join(dir, 'c.pdf'), pdf);
	execFileSync('pdftoppm', [
		'-png',
		'-r',
		'150',
		'-f',
		'1',
		'-l',
		'1',
		join(dir, 'c.pdf'),
		join(dir, 'p')
	]);
	const png = PNG.sync.read(readFileSync(join(dir, 'p-1.png')));
	const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
	if (!code) throw new Error('no QR code found on the e-certificate');
	return code.data;
}

/** 证书补办(换发)'s form: the 证件照, the choices, 3 PDFs (2 refused). */
async function fillReissue(page: Page, business: 'reissue' | 'replace') {
	await openModule(page, '申报信息');
	await expect(page.getByLabel('申报类型')).toBeVisible();
	const photo = page.getByTestId('photo-field');
	// A photo that is not an image (a PDF, or text named .jpg) is refused and changes nothing.
	for (const notImage of [
		{ name: 'photo.pdf', mimeType: 'application/pdf', buffer: tinyPdf('photo') },
		{ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a picture at all') }
	]) {
		await page.getByLabel('选择证件照').setInputFiles(notImage);
		await expect(photo).toContainText('请选择 JPG 或 PNG 图片');
		await expect(photo.getByRole('img')).toHaveCount(0);
	}
	await page.getByLabel('选择证件照').setInputFiles({
		name: 'photo.jpg',
		mimeType: 'image/jpeg',
		buffer: await jpeg(page)
	});
	await page.getByRole('button', { name: '使用此照片' }).click();
	await expect(photo.getByRole('img')).toBeVisible();
	await page.getByLabel('申报类型').selectOption('review');
	await page.getByLabel('业务类别').selectOption(business);
	await expect(page.getByLabel('所属申报点')).toBeDisabled();
	await chooseRegion(page, ['320000', '320100', '320100-BJ']);
	await page.getByLabel('所属申报点').selectOption('dp-nj');

	await openModule(page, '材料上传');
	for (const label of ['原申报表/老证书/批文', '证书作废登报声明'])
		await expectUploaded(
			await upload(page, label, {
				name: `${label.replaceAll('/', '-')}.pdf`,
				buffer: tinyPdf(label)
			}),
			`${label.replaceAll('/', '-')}.pdf`
		);
	// Two PDFs: the third is named.
	await page.getByRole('button', { name: '提交', exact: true }).click();
	await expect(page.getByTestId('submit-issues')).toContainText('证书补办（换发）申请表');
	await page
		.getByRole('button', { name: '关闭' })
		.click()
		.catch(() => {});
	await expectUploaded(
		await upload(page, '证书补办（换发）申请表', { name: '申请表.pdf', buffer: tinyPdf('req') }),
		'申请表.pdf'
	);
}

test('历史职称数据登记 → 补办 → 在线领取 → verification, offline after one 预览; 换发', async ({
	page,
	context,
	browser
}) => {
	await registerByApi(page.request, person);
	await login(page, person.mobile, person.password);

	// 第四章: the entry, the form as on the old certificate, 材料上传 (at least 2 of 3 PDFs).
	await page.goto('/');
	await page.getByRole('link', { name: '历史职称数据登记' }).click();
	await expect(page).toHaveURL('/certificates/historical');
	await page.getByRole('button', { name: '职称证书信息补录申报入口' }).click();
	await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
	const historicalId = caseIdOf(page);
	await openModule(page, '证书信息');
	await page.getByLabel('职称系列').selectOption('engineering');
	await page.getByLabel('职称级别').selectOption('C');
	await expect(page.getByLabel('资格名称')).toHaveValue('工程师');
	await page.getByRole('textbox', { name: '专业', exact: true }).fill('机械工程');
	await page.getByLabel('取得资格时间').fill('2012-12-20');
	await page.getByLabel('批准文号').fill('宁职称〔2012〕45号');
	await page.getByLabel('评委会名称').fill('南京市工程技术人员中级职务评审委员会');
	await page.getByLabel('发证机关').fill('南京市人力资源和社会保障局');
	await page.getByLabel('原证书编号').fill('NJ2012-C-0457');
	await chooseRegion(page, ['320000', '320100', '320100-BJ']);

	await openModule(page, '材料上传');
	await expectUploaded(
		await upload(page, '申报表', { name: '申报表.pdf', buffer: tinyPdf('form') }),
		'申报表.pdf'
	);
	// One PDF: 提交 lists the manual's reason; nothing typed is lost.
	await page.getByRole('button', { name: '提交', exact: true }).click();
	await expect(page.getByTestId('submit-issues')).toContainText(
		'申报表、老证书、批文至少上传2项材料，文件格式为PDF格式'
	);
	await page
		.getByRole('button', { name: '关闭' })
		.click()
		.catch(() => {});
	// A JPEG renamed .pdf is refused at upload, with the reason.
	const old = await upload(page, '老证书', { name: '老证书.pdf', buffer: await jpeg(page) });
	await expect(old).toContainText('文件内容与文件类型不符', { timeout: 30_000 });
	await expectUploaded(
		await upload(page, '老证书', { name: '老证书扫描.pdf', buffer: tinyPdf('old') }),
		'老证书扫描.pdf'
	);
	await openModule(page, '证书信息');
	await expect(page.getByLabel('原证书编号')).toHaveValue('NJ2012-C-0457');
	await submit(page);

	await page.goto('/certificates/historical');
	const record = page.getByTestId('application-record').first();
	await expect(record).toContainText('办理中');
	await expect(record.getByRole('link', { name: '查看审核进度' })).toHaveAttribute(
		'href',
		`/cases/${historicalId}`
	);

	await hrPasses(browser, historicalId);

	// 第五章: 查询 finds it as 历史登记 → 证书补办(换发) → the form, 3 PDFs.
	await page.goto('/certificates/reissue');
	await page.getByRole('button', { name: '查询' }).click();
	const registered = page.getByTestId('certificate').filter({ hasText: '历史登记' });
	await expect(registered).toBeVisible({ timeout: 20_000 });
	await expect(registered).toContainText('工程师');
	await registered.getByRole('button', { name: '证书补办(换发)' }).click();
	await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
	const reissueId = caseIdOf(page);
	await fillReissue(page, 'reissue');
	await submit(page);

	await hrPasses(browser, reissueId);

	// 第六章: 在线领取 lists the e-certificate; 下载 gives the PDF.
	await page.goto('/certificates/receive');
	await page.getByRole('button', { name: '查询' }).click();
	const issued = page.getByTestId('certificate').filter({ hasText: '有效' });
	await expect(issued).toHaveCount(1, { timeout: 20_000 });
	const download = page.waitForEvent('download');
	await issued.getByRole('button', { name: '下载' }).click();
	const file = await (await download).path();
	const pdf = readFileSync(file);
	expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
	expect(text).toContain(person.name);
	expect(text).toContain('工程师');
	await expect(issued.getByTestId('cert-kept')).toBeVisible();

	// Its QR code opens the verification page: 有效, signature verified.
	const url = decodeQr(pdf);
	expect(url).toMatch(/^http:\/\/[^/]+\/verify\/[A-Za-z0-9._~-]+$/);
	const verify = await context.newPage();
	await verify.goto(new URL(new URL(url).pathname, page.url()).href);
	await expect(verify.getByText('此证书有效。')).toBeVisible();
	await expect(verify.getByText(/SM2 签名验证通过/)).toBeVisible();
	await verify.close();

	// 预览 in the page; then offline, the page and the 预览 still work.
	await issued.getByRole('button', { name: '预览' }).click();
	await expect(page.getByTestId('cert-preview')).toContainText(person.name);
	await expect(
		page.getByTestId('cert-preview').getByRole('img', { name: '证书核验二维码' })
	).toBeVisible();
	await waitForServiceWorker(page);
	await goOffline(context);
	await page.reload();
	await page.getByRole('button', { name: '查询' }).click();
	const offlineRow = page.getByTestId('certificate').filter({ hasText: '有效' });
	await expect(offlineRow.getByTestId('cert-kept')).toHaveText('已保存在本设备，无网络时也可查看');
	await offlineRow.getByRole('button', { name: '预览' }).click();
	await expect(page.getByTestId('cert-preview')).toContainText('工程师');
});

test('换发 of the e-certificate: the old one reads 已换发 with its successor', async ({
	page,
	browser
}) => {
	await login(page, person.mobile, person.password);
	await page.goto('/certificates/reissue');
	await page.getByRole('button', { name: '查询' }).click();
	const valid = page.getByTestId('certificate').filter({ hasText: '有效' });
	await expect(valid).toHaveCount(1, { timeout: 20_000 });
	const oldNo = (await valid.getAttribute('data-cert-no'))!;
	await valid.getByRole('button', { name: '证书补办(换发)' }).click();
	await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
	const caseId = caseIdOf(page);
	await fillReissue(page, 'replace');
	await submit(page);
	await hrPasses(browser, caseId);

	await page.goto('/certificates/reissue');
	await page.getByRole('button', { name: '查询' }).click();
	const old = page.locator(`[data-testid="certificate"][data-cert-no="${oldNo}"]`);
	await expect(old.getByTestId('cert-status')).toContainText('已换发', { timeout: 20_000 });
	await expect(old.getByTestId('cert-status')).toContainText(/新证书：JS\d{4}-C-/);
	await expect(old.getByRole('button', { name: '证书补办(换发)' })).toHaveCount(0);
	await expect(page.getByTestId('certificate').filter({ hasText: '有效' })).toHaveCount(1);
});
