import { expect, test, type Browser, type Page } from '@playwright/test';
import { login } from './helpers';

/**
 * 审核工作台 at a desk (1280×800). Each test works on its own demo cases (src/server/seed/
 * demo-cases.ts), picked by name: 赵敏 and 钱伟 wait at 王芳's work unit (unit01), 陈刚 and 褚红 at
 * the 苏州 unit (unit02). No other spec acts on them.
 */
test.use({ viewport: { width: 1280, height: 800 } });

const MASKED_ID = /^\d{6}\*{8}\d{3}[\dX]$/;

async function reviewerPage(browser: Browser, account: string): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const page = await context.newPage();
	await login(page, account);
	return page;
}

function queueRow(page: Page, name: string) {
	return page.getByTestId('queue-row').filter({ hasText: name });
}

async function openCase(page: Page, name: string): Promise<string> {
	await page.goto('/review');
	const row = queueRow(page, name);
	const caseId = (await row.getAttribute('data-case-id'))!;
	await row.getByRole('link', { name }).click();
	await expect(page).toHaveURL(`/review/cases/${caseId}`);
	await expect(page.getByTestId('claim-status')).toContainText('已锁定，至');
	return caseId;
}

test.describe('审核工作台', () => {
	test('unit01 passes a case with Alt+1: it leaves 待审核 for 已处理 and reaches dept01; unit02 cannot open it', async ({
		page,
		browser
	}) => {
		await login(page, 'unit01');
		await page.goto('/review');
		await expect(page.getByTestId('review-scopes')).toContainText('南京智造科技有限公司');
		const rows = page.getByTestId('queue-row');
		await expect(rows.first()).toBeVisible();
		const ids = await rows.locator('td.id').allTextContents();
		expect(ids.length).toBeGreaterThan(0);
		for (const id of ids) expect(id.trim()).toMatch(MASKED_ID);
		await expect(page.getByText('快捷键')).toBeVisible();

		const caseId = await openCase(page, '赵敏（示例）');
		await expect(page.getByTestId('full-id-number')).toHaveText(/^32010219920415002[\dX]$/);
		await expect(page.getByTestId('case-header')).toContainText('13900000011');
		const modules = page.getByTestId('module-view');
		await expect(modules.first()).toBeVisible();
		expect(await modules.count()).toBeGreaterThan(3);
		await expect(page.locator('[data-module="basic_info"]')).toContainText('南京智造科技有限公司');
		// Read-only: nothing in the modules can be typed into or chosen.
		await expect(
			modules.locator(
				'input:not([type=hidden]):not([readonly]):not([disabled]), textarea:not([readonly]):not([disabled]), select:not([disabled])'
			)
		).toHaveCount(0);
		await expect(
			page.getByTestId('case-header').getByRole('link', { name: '预览' })
		).toHaveAttribute('href', `/cases/${caseId}/form.pdf`);
		await expect(page.getByRole('button', { name: /通过\s*Alt\+1/ })).toBeVisible();

		await page.keyboard.press('Alt+1');
		await expect(page).toHaveURL(/\/review$/);
		await expect(page.getByText('赵敏（示例）：已通过，办件已转至下一审核环节')).toBeVisible();
		await expect(page.locator(`[data-case-id="${caseId}"]`)).toHaveCount(0);
		await page.getByRole('link', { name: /已处理/ }).click();
		await expect(page).toHaveURL(/queue=done/);
		await expect(page.locator(`[data-case-id="${caseId}"]`)).toBeVisible();

		const dept = await reviewerPage(browser, 'dept01');
		await dept.goto('/review');
		await expect(dept.locator(`[data-case-id="${caseId}"]`)).toContainText('赵敏（示例）');
		await dept.context().close();

		const other = await reviewerPage(browser, 'unit02');
		const response = await other.goto(`/review/cases/${caseId}`);
		expect(response?.status()).toBe(404);
		await expect(other.getByRole('heading', { name: '页面不存在' })).toBeVisible();
		await expect(other.getByText('赵敏')).toHaveCount(0);
		await other.context().close();
	});

	test('a 退回 without a reason is refused with the server’s message; nothing changes and nothing typed is lost', async ({
		page
	}) => {
		await login(page, 'unit01');
		await page.goto('/review');
		// j / ↓ move the selection down to the case, k / ↑ back up; Enter opens it.
		const rows = page.getByTestId('queue-row');
		const target = queueRow(page, '钱伟（示例）');
		const caseId = (await target.getAttribute('data-case-id'))!;
		const count = await rows.count();
		for (let i = 0; i < count && !(await target.getAttribute('class'))?.includes('current'); i++) {
			await page.keyboard.press(i % 2 ? 'ArrowDown' : 'j');
		}
		await expect(target).toHaveClass(/current/);
		if ((await rows.first().getAttribute('data-case-id')) !== caseId) {
			await page.keyboard.press('k');
			await expect(target).not.toHaveClass(/current/);
			await page.keyboard.press('j');
		}
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(`/review/cases/${caseId}`);
		await expect(page.getByTestId('claim-status')).toContainText('已锁定，至');

		await page.getByRole('button', { name: '添加意见' }).click();
		const note = page.getByTestId('note-editor');
		await note.getByLabel('模块').selectOption({ label: '工作总结' });
		await note.getByLabel('意见', { exact: true }).fill('请补充项目中的本人职责');

		const alert = page.getByTestId('action-panel').getByRole('alert');
		await page.getByRole('button', { name: /退回\s*Alt\+2/ }).click();
		await expect(alert).toHaveText('退回或不通过必须填写理由');
		await expect(page).toHaveURL(`/review/cases/${caseId}`);
		await expect(note.getByLabel('意见', { exact: true })).toHaveValue('请补充项目中的本人职责');
		await expect(page.getByTestId('history-event').filter({ hasText: '退回' })).toHaveCount(0);

		// The same refusal by keyboard; then the case is still waiting here, untouched.
		const sent = page.waitForRequest((r) => r.url().includes('review.act'));
		await page.keyboard.press('Alt+2');
		await sent;
		await expect(alert).toHaveText('退回或不通过必须填写理由');
		await page.getByRole('link', { name: '返回审核队列' }).click();
		await expect(queueRow(page, '钱伟（示例）')).toBeVisible();
		// Leaving the case let go of its claim.
		await expect(queueRow(page, '钱伟（示例）').getByTestId('claim-marker')).toHaveCount(0);
		await page.goto(`/review/cases/${caseId}`);
		await expect(page.getByTestId('route-step').first()).toContainText('审核中');
		await expect(page.getByTestId('history-event').filter({ hasText: '退回' })).toHaveCount(0);
		// What was typed is still there after the reload.
		await expect(page.getByTestId('note-editor').getByLabel('意见', { exact: true })).toHaveValue(
			'请补充项目中的本人职责'
		);
	});

	test('批量通过 of two cases lists both before passing them, picked with the keyboard', async ({
		page
	}) => {
		await login(page, 'unit02');
		await page.goto('/review');
		const names = ['陈刚（示例）', '褚红（示例）'];
		const ids: string[] = [];
		for (const name of names) {
			const row = queueRow(page, name);
			ids.push((await row.getAttribute('data-case-id'))!);
			await row.getByRole('link', { name }).focus();
			await page.keyboard.press('x');
			await expect(row.getByRole('checkbox')).toBeChecked();
		}
		await page.getByRole('button', { name: '批量通过' }).click();
		const dialog = page.getByTestId('batch-pass-dialog');
		await expect(dialog.getByRole('heading')).toHaveText('确定通过以下 2 件办件吗？');
		for (const name of names) await expect(dialog.getByTestId('batch-chosen')).toContainText(name);

		await dialog.getByRole('button', { name: '确定通过' }).click();
		await expect(dialog.getByText('已通过 2 件')).toBeVisible();
		for (const name of names) await expect(dialog.getByTestId('batch-passed')).toContainText(name);
		await dialog.getByRole('button', { name: '关闭' }).click();
		for (const id of ids) await expect(page.locator(`[data-case-id="${id}"]`)).toHaveCount(0);
		await page.getByRole('link', { name: /已处理/ }).click();
		for (const id of ids) await expect(page.locator(`[data-case-id="${id}"]`)).toBeVisible();
	});
});
