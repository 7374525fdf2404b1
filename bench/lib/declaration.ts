import type { Page } from '@playwright/test';

/**
 * A 职称评审申报 started the manual's way (申报须知 → 开始申报 → level, series, specialty, committee
 * → 暂存 「暂存成功」), then the module `module` opened from the module list. Returns the case id.
 */
export async function startDeclaration(page: Page, url: string, module: RegExp): Promise<string> {
	await page.goto(`${url}/declare/review`);
	await page.getByLabel('我已阅读并知晓').check();
	await page.getByRole('button', { name: '开始申报' }).click();
	// A person who already has a draft of this kind is offered it; the bench wants a new one.
	const drafts = page.getByTestId('existing-drafts');
	await drafts.or(page.getByTestId('module-lock')).waitFor({ timeout: 15_000 });
	if (await drafts.isVisible()) {
		await drafts.getByLabel('我要申报另一个系列，需要新建一份申报').check();
		await drafts.getByRole('button', { name: '新建申报' }).click();
	}
	await page.waitForURL(/\/cases\/[0-9a-f-]{36}/, { timeout: 15_000 });
	const caseId = /\/cases\/([0-9a-f-]{36})/.exec(page.url())![1]!;
	await page.getByLabel('申报级别').selectOption('C');
	await page.getByLabel('申报系列').selectOption('engineering');
	await page.getByLabel('申报专业').selectOption('电子信息');
	await page.getByRole('button', { name: /南京市工程技术中级/ }).click();
	await page.getByRole('alertdialog').getByRole('button', { name: '确定' }).click();
	await page.getByRole('button', { name: '暂存' }).click();
	await page.getByText('暂存成功').waitFor({ state: 'visible', timeout: 20_000 });
	await page
		.getByRole('navigation', { name: '申报信息模块' })
		.getByRole('link', { name: module })
		.click();
	return caseId;
}
