import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD, login, openModule } from './helpers';

/**
 * #21 §3 and §4 on a 390×844 phone: one draft per declaration (an empty one is not a case), and
 * every answer to a button where the person is looking (in the viewport, announced by a live
 * region).
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
	const initialRows = (page: Page) =>
		page
			.getByTestId('case-row')
			.filter({ has: page.getByTestId('case-kind').getByText('职称初定申报') });

	test('开始申报 twice without writing anything: the same draft, and no case yet', async ({
		page
	}) => {
		await login(page, APPLICANT);
		await startInitial(page);
		await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}/);
		await expect(page.getByTestId('module-lock')).toBeVisible();
		caseUrl = page.url().replace(/#.*$/, '');

		// Nothing typed: the draft lives on this device only, is opened again, and is in no list.
		await startInitial(page);
		await expect(page).toHaveURL(caseUrl);
		await expect(page.getByTestId('existing-drafts')).toHaveCount(0);
		await page.goto('/me');
		await expect(page.getByRole('heading', { name: '我的办件' })).toBeVisible();
		await expect(initialRows(page)).toHaveCount(0);
	});

	test('暂存 and a refused 提交 answer inside the viewport, in a live region', async ({ page }) => {
		// Another browser: the empty draft of the test before stayed on its device, so this one
		// starts its own, and 暂存 makes it a case.
		await login(page, APPLICANT);
		await startInitial(page);
		await expect(page.getByTestId('existing-drafts')).toHaveCount(0);
		await expect(page.getByTestId('module-lock')).toBeVisible();
		caseUrl = page.url().replace(/#.*$/, '');

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
		// The next test opens this case on another device: the server must hold it first.
		await expect(page.getByTestId('save-state')).toHaveText('已备份', { timeout: 20_000 });
	});

	test('a typed 工作单位 fragment is kept by 暂存 but refused until chosen or given with its code', async ({
		page
	}) => {
		await login(page, APPLICANT);
		await page.goto(caseUrl);
		const unit = page.locator('#bi-unit');
		await unit.fill('昆山');
		const refusal = '工作单位须点击蓝色搜索按钮从结果中选择';
		await expect(page.getByText(refusal)).toBeVisible();
		// Not in the register: the 统一社会信用代码 can be entered with the full name.
		await expect(page.getByLabel('统一社会信用代码')).toBeVisible();
		await page.getByRole('button', { name: '暂存' }).click();
		await expect(page.getByTestId('editor-notice')).toHaveText(/暂存成功|已保存在本设备/, {
			timeout: 20_000
		});
		await page.reload();
		await expect(unit).toHaveValue('昆山');
		await page.getByRole('button', { name: '提交', exact: true }).click();
		await expect(page.getByTestId('submit-issues')).toContainText(refusal);

		// A wrong code is named; the register's unit, chosen from the search, is accepted.
		await unit.fill('昆山精工机械有限公司');
		await page.getByLabel('统一社会信用代码').fill('91320583MA1MB7HD2D');
		await expect(page.getByText('统一社会信用代码不正确，请核对').first()).toBeVisible();
		await page.getByRole('button', { name: '搜索工作单位' }).click();
		await page.getByRole('button', { name: /昆山精工机械有限公司/ }).click();
		await expect(unit).toHaveValue('昆山精工机械有限公司');
		await expect(page.getByText(refusal)).toHaveCount(0);
		await expect(page.getByLabel('统一社会信用代码')).toHaveCount(0);
		await expect(page.getByText('统一社会信用代码：91320583MA1MB7HD2C')).toBeVisible();
	});

	test('开始申报 after 暂存: one draft, and the second visit offers to continue it', async ({
		page
	}) => {
		await login(page, APPLICANT);
		await startInitial(page);
		const drafts = page.getByTestId('existing-drafts');
		await expect(drafts).toBeVisible();
		await expect(drafts).toBeInViewport();
		await expect(drafts.getByRole('button', { name: '继续填写已暂存的申报' })).toHaveCount(1);
		await expect(page.getByRole('button', { name: '新建申报' })).toBeDisabled();
		await drafts.getByRole('button', { name: '继续填写已暂存的申报' }).click();
		await expect(page).toHaveURL(caseUrl);

		await page.goto('/me');
		await expect(initialRows(page)).toHaveCount(1);
		await expect(initialRows(page).getByTestId('case-what')).toHaveText('尚未选择申报级别和专业');
	});

	test('the only 报送受理部门 is still a visible choice, shown as chosen once chosen', async ({
		page
	}) => {
		await login(page, APPLICANT);
		await page.goto(caseUrl);
		// 中级, before any education is entered: nothing rules it out yet.
		await page.getByLabel('申报级别').selectOption('C');
		await page.getByLabel('申报系列').selectOption('engineering');
		await page.getByLabel('申报专业').selectOption('机械工程');
		const owner = page.locator('fieldset[data-field="acceptingDepartmentId"]');
		const only = owner.getByRole('button');
		// Drawn as a choice (a bordered button with an empty mark), not as plain text.
		const looks = () =>
			only.evaluate((el) => ({
				border: getComputedStyle(el).borderTopWidth,
				mark: getComputedStyle(el.querySelector('.mark')!).backgroundColor
			}));
		await expect(only).toHaveCount(1);
		await expect(only).toHaveAttribute('aria-pressed', 'false');
		await expect(only.getByTestId('owner-state')).toHaveText('点击选择');
		const before = await looks();
		expect(before.border).not.toBe('0px');
		expect(before.mark).toBe('rgb(255, 255, 255)');
		await only.click();
		await page.getByRole('alertdialog').getByRole('button', { name: '确定' }).click();
		await expect(only).toHaveAttribute('aria-pressed', 'true');
		await expect(only.getByTestId('owner-state')).toHaveText('已选择');
		// Chosen and 暂存, the module list opens; back in 申报基本信息 its mark is filled.
		await page.getByRole('button', { name: '暂存' }).click();
		await openModule(page, /申报基本信息/);
		await expect(only.getByTestId('owner-state')).toHaveText('已选择');
		expect((await looks()).mark).not.toBe('rgb(255, 255, 255)');
	});

	test('a level the facts rule out is marked and not selectable; a chosen one is kept but refused at 提交', async ({
		page
	}) => {
		test.setTimeout(120_000);
		await login(page, APPLICANT);
		await page.goto(caseUrl);
		await page.getByRole('button', { name: '暂存' }).click();
		await openModule(page, /学历学位信息/);
		await page.getByRole('button', { name: '添加', exact: true }).click();
		const form = page.locator('#edu-form');
		await form.getByLabel('毕业院校').fill('南京工业大学');
		await form.getByLabel('所学专业').fill('机械工程');
		await form.getByRole('combobox', { name: '学历', exact: true }).selectOption('本科');
		await form.getByRole('combobox', { name: '学位', exact: true }).selectOption('学士');
		await form.getByLabel('毕业时间').fill('2015-06-30');
		await form.getByLabel('学习形式').selectOption('全日制');
		await form.getByLabel('学历证书编号').fill('102911201505001234');
		await form.getByLabel('上传学历证书').setInputFiles({
			name: '学历证书.pdf',
			mimeType: 'application/pdf',
			buffer: Buffer.from(
				'%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' +
					'2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n' +
					'trailer\n<< /Root 1 0 R >>\n%%EOF\n',
				'latin1'
			)
		});
		await expect(form).toContainText('学历证书.pdf');
		await form.getByRole('button', { name: '保存' }).click();
		await expect(form).toBeHidden();

		// 本科 may be determined at 助理级 only: 中级 and 员级 are marked and cannot be picked.
		await openModule(page, /申报基本信息/);
		const level = page.getByLabel('申报级别');
		await expect(level.locator('option[value="C"]')).toBeDisabled();
		await expect(level.locator('option[value="C"]')).toContainText('按已填写的学历和年限不可初定');
		await expect(level.locator('option[value="E"]')).toBeDisabled();
		await expect(level.locator('option[value="D"]')).toBeEnabled();
		// The 中级 chosen before is kept (nothing is lost), and 提交 names why it cannot go.
		await expect(level).toHaveValue('C');
		await page.getByRole('button', { name: '提交', exact: true }).click();
		await expect(page.getByTestId('submit-issues')).toContainText(
			'该学历不能初定中级，可初定的层级为：助理级'
		);
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
		['unit02', '/review', '审核工作台'],
		['dept01', '/review', '审核工作台'],
		['hr01', '/review', '审核工作台'],
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
