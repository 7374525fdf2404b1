import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { expect, test, type Page } from '@playwright/test';
import { login } from './helpers';

/**
 * A 评审 case approved by the committee issues an e-certificate; its PDF's QR code opens the public
 * verification page, which answers without login, masked; a wrong name answers exactly as a
 * number that does not exist; an altered token says so.
 */
test.describe.configure({ mode: 'serial' });

const APPLICANT = '吴静（示例）';
const APPLICANT_MOBILE = '13900000015';
let certNo = '';
let qrUrl = '';

/** A tRPC call from inside the page (same origin, the session cookie): the reviewer's own API. */
async function trpc<T>(page: Page, pathName: string, input: unknown, mutation = false): Promise<T> {
	return page.evaluate(
		async ({ pathName, input, mutation }) => {
			const url = `/api/trpc/${pathName}`;
			const response = mutation
				? await fetch(url, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify(input)
					})
				: await fetch(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`);
			const body = await response.json();
			if (!response.ok) throw new Error(JSON.stringify(body));
			return body.result.data;
		},
		{ pathName, input, mutation }
	) as Promise<T>;
}

test('the committee’s 通过 issues an e-certificate whose QR opens 有效 with a verified signature', async ({
	page,
	browser
}) => {
	await login(page, 'committee01');
	const queue = await trpc<{ rows: { caseId: string; applicantName: string; ordinal: number }[] }>(
		page,
		'review.queue',
		{ queue: 'pending' }
	);
	const row = queue.rows.find((r) => r.applicantName === APPLICANT)!;
	expect(row).toBeTruthy();
	const outcome = await trpc<{ caseStatus: string }>(
		page,
		'review.act',
		{
			mutationId: crypto.randomUUID(),
			caseId: row.caseId,
			ordinal: row.ordinal,
			action: 'pass',
			approvalNo: '宁职称〔2026〕99号'
		},
		true
	);
	expect(outcome.caseStatus).toBe('approved');

	// The holder's own list (certificates.mine) has it; the PDF comes from its pdfUrl.
	const holder = await browser.newContext();
	const own = await holder.newPage();
	await login(own, APPLICANT_MOBILE);
	const [cert] = await trpc<{ certNo: string; pdfUrl: string; status: string }[]>(
		own,
		'certificates.mine',
		{}
	);
	expect(cert!.status).toBe('valid');
	certNo = cert!.certNo;
	const pdf = await own.request.get(`${cert!.pdfUrl}?download=1`);
	expect(pdf.status()).toBe(200);
	expect(pdf.headers()['content-type']).toBe('application/pdf');

	const dir = mkdtempSync(path.join(tmpdir(), 'zc-e2e-cert-'));
	try {
		const file = path.join(dir, 'cert.pdf');
		writeFileSync(file, await pdf.body());
		const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
		expect(text).toContain(APPLICANT);
		expect(text).toContain('工程师');
		expect(text).toContain('宁职称〔2026〕99号');
		execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', file, path.join(dir, 'page')]);
		const png = PNG.sync.read(readFileSync(path.join(dir, 'page.png')));
		qrUrl = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)!.data;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	expect(qrUrl).toMatch(/^http:\/\/localhost:\d+\/verify\/[A-Za-z0-9_-]{34}$/);

	// Someone else, signed in or not: the public page.
	const visitor = await browser.newContext();
	const scan = await visitor.newPage();
	await scan.goto(qrUrl);
	await expect(scan.getByText('此证书有效。')).toBeVisible();
	await expect(scan.getByText(/SM2 签名验证通过/)).toBeVisible();
	await expect(scan.locator('dl')).toContainText(certNo);
	await expect(scan.locator('dl')).toContainText('320114********0066');
	await expect(scan.locator('body')).not.toContainText('19930317');
	// The holder's PDF is not the visitor's.
	expect((await scan.request.get(cert!.pdfUrl)).status()).toBe(403);
	await visitor.close();
	await holder.close();
});

test('职称证书查询: a wrong name answers as a number that does not exist; an altered token says so', async ({
	page
}) => {
	// The home page's card leads to it, without signing in.
	await page.goto('/');
	await page.getByRole('link', { name: '职称证书查询' }).click();
	await expect(page).toHaveURL(/\/verify$/);
	await expect(page.getByRole('heading', { name: '职称证书查询' })).toBeVisible();
	const ask = async (name: string, no: string) => {
		await page.getByLabel('姓名').fill(name);
		await page.getByLabel('证书编号').fill(no);
		await page.getByRole('button', { name: '查询' }).click();
		await page.waitForURL('**/verify');
		return page.locator('[data-status], [data-outcome]').first();
	};
	await expect(await ask(APPLICANT, certNo)).toContainText('此证书有效');
	const wrongName = await (await ask('王芳', certNo)).textContent();
	const noSuch = await (await ask(APPLICANT, certNo.replace(/\d{6}$/, '999999'))).textContent();
	expect(wrongName).toContain('未查询到');
	expect(noSuch).toBe(wrongName);
	// The page fits a 390 px phone: nothing wider than the viewport.
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
	expect(overflow).toBeLessThanOrEqual(0);

	const token = qrUrl.split('/').at(-1)!;
	const altered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
	const response = await page.goto(`/verify/${altered}`);
	expect(response!.status()).toBe(200);
	await expect(page.locator('[data-outcome="bad_token"]')).toContainText(
		'核验码无效：二维码内容已被篡改或不完整'
	);
});
