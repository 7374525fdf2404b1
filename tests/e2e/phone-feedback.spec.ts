import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD, login } from './helpers';

/**
 * #21 §3 and §4 on a 390×844 phone: one draft per declaration, and every answer to a button
 * where the person is looking (in the viewport, announced by a live region).
 * 周杰（示例） has only a submitted 评审 case: his 初定 drafts are this file's own.
 */
const APPLICANT = '13900000016';

async function startInitial(page: Page) {
	await page.goto('/declare/initial');
	await page.getByLabel('我已阅读并知晓').check();
	await page.getByRole('button', { name: '开始申报' }).click();
}

test.describe.serial('one draft per declaration, answers in view', () => {
	let caseUrl = '';

	test('开始申报 twice: one draft, and the second visit offers to continue it', async ({
		page
	}) => {
		await login(page, APPLICANT);
		await startInitial(page);
		await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}/);
		caseUrl = page.url().replace(/#.*$/, '');

		await startInitial(page);
		const drafts = page.getByTestId('existing-drafts');
		await expect(drafts).toBeVisible();
		await expect(drafts).toBeInViewport();
		await expect(page.getByRole('button', { name: '新建申报' })).toBeDisabled();
		await drafts.getByRole('button', { name: '继续填写已暂存的申报' }).click();
		await expect(page).toHaveURL(caseUrl);

		await page.goto('/me');
		const initialRows = page
			.getByTestId('case-row')
			.filter({ has: page.getByTestId('case-kind').getByText('职称初定申报') });
		await expect(initialRows).toHaveCount(1);
		await expect(initialRows.getByTestId('case-what')).toHaveText('尚未选择申报级别和专业');
	});

	test('暂存 and a refused 提交 answer inside the viewport, in a live region', async ({ page }) => {
		await login(page, APPLICANT);
		await page.goto(caseUrl);
		await expect(page.getByTestId('module-lock')).toBeVisible();

		const notice = page.getByTestId('editor-notice');
		await expect(notice).toHaveAttribute('aria-live', 'polite');
		await page.getByRole('button', { name: '暂存' }).click();
		await expect(notice).toHaveText(/暂存成功|已保存在本设备/, { timeout: 20_000 });
		await expect(notice).toBeInViewport();

		await page.getByRole('button', { name: '提交', exact: true }).click();
		const issues = page.getByTestId('submit-issues');
		await expect(issues).toBeVisible();
		await expect(issues).toBeInViewport();
		await expect(notice).toContainText('尚未完成');
		await expect(page.getByRole('heading', { name: /尚未完成/ })).toBeFocused();
	});
});

test('logged out, 职称评审申报 asks to log in and comes back to it', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('link', { name: '职称评审申报' }).click();
	await expect(page).toHaveURL(/\/login\?next=%2Fdeclare%2Freview$/);
	await expect(page.getByRole('heading', { name: '没有权限' })).toHaveCount(0);
	await page.getByLabel('身份证号码 / 手机号码 / 账号').fill(APPLICANT);
	await page.getByLabel('密码').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).toHaveURL(/\/declare\/review$/);
	await expect(page.getByRole('heading', { name: '申报须知' })).toBeVisible();
});

test('each role lands on its own first page after 登录', async ({ browser }) => {
	for (const [account, home, heading] of [
		['admin', '/admin', '系统管理'],
		['unit01', '/review', '审核工作台'],
		['committee01', '/review', '审核工作台'],
		[APPLICANT, '/me', '个人中心']
	] as const) {
		const context = await browser.newContext();
		const page = await context.newPage();
		await login(page, account);
		await expect(page).toHaveURL(new RegExp(`${home}$`));
		await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
		await expect(page.getByRole('heading', { name: '没有权限' })).toHaveCount(0);
		await context.close();
	}
});
