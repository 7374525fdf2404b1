import { expect, test, type Page } from '@playwright/test';
import { registerByApi, smsCode } from './helpers';

const PASSWORD = 'Zhicheng#2026';

/** Signed out: 个人中心 sends the visitor to 登录 (and back afterwards). */
async function expectSignedOut(page: Page) {
	await page.goto('/me');
	await expect(page).toHaveURL(/\/login\?next=%2Fme$/);
	await expect(page.getByRole('heading', { name: '我的办件' })).toHaveCount(0);
}

test.describe('accounts', () => {
	test('registering refuses a wrong ID check digit and creates nothing, then a valid one signs in', async ({
		page
	}) => {
		await page.goto('/register');
		await page.getByLabel('真实姓名').fill('赵敏');
		await page.getByLabel('居民身份证号码').fill('320707198705210011');
		await page.getByLabel('手机号码').fill('13611112222');
		// The code reaches the phone (the server log here), never the page.
		const since = Date.now() - 1000;
		await page.getByRole('button', { name: '获取验证码' }).click();
		await expect(page.getByText('验证码已发送至您的手机，5分钟内有效')).toBeVisible();
		const code = await smsCode('13611112222', 'register', since);
		await expect(page.locator('body')).not.toContainText(code);
		await expect(page.getByRole('button', { name: /秒后重新获取/ })).toBeDisabled();
		await page.getByLabel('短信验证码').fill(code);
		await page.locator('#password').fill('Secret#2026');
		await page.getByLabel('确认密码').fill('Secret#2026');
		await page.getByRole('button', { name: '注册', exact: true }).click();
		await expect(page.getByText('居民身份证号码校验位不正确，请核对')).toBeVisible();
		await expect(page).toHaveURL(/\/register$/);

		// The server refuses it too (the browser check can be bypassed), and no account exists.
		const direct = await page.request.post('/api/trpc/auth.register', {
			headers: { origin: new URL(page.url()).origin },
			data: {
				name: '赵敏',
				idNumber: '320707198705210011',
				mobile: '13611112222',
				password: 'Secret#2026',
				code: '123456'
			}
		});
		expect(direct.status()).toBe(400);
		expect((await direct.json()).error.data.fieldErrors).toEqual({
			idNumber: '居民身份证号码校验位不正确，请核对'
		});
		const login = await page.request.post('/api/trpc/auth.login', {
			headers: { origin: new URL(page.url()).origin },
			data: { identifier: '13611112222', password: 'Secret#2026' }
		});
		expect(login.status()).toBe(401);

		// Nothing typed was lost; the same code still works.
		await expect(page.getByLabel('短信验证码')).toHaveValue(code);
		await page.getByLabel('居民身份证号码').fill('320707198705210010');
		await page.getByRole('button', { name: '注册', exact: true }).click();
		await expect(page).toHaveURL(/\/me$/);
		await expect(page.getByText('您好，赵敏')).toBeVisible();
		await expect(page.getByText('320707********0010')).toBeVisible();
	});

	test('an applicant logs in with the mobile number and logs out', async ({ page }) => {
		await page.goto('/');
		await page.getByRole('link', { name: '您好！请登录' }).click();
		await page.getByLabel('身份证号码 / 手机号码 / 账号').fill('13800000001');
		await page.getByLabel('密码').fill(PASSWORD);
		await page.getByRole('button', { name: '登录' }).click();
		await expect(page).toHaveURL(/\/me$/);
		await expect(page.getByRole('heading', { name: '个人中心' })).toBeVisible();
		await expect(page.getByRole('heading', { name: '我的办件' })).toBeVisible();
		await expect(page.getByRole('heading', { name: '我的证照' })).toBeVisible();
		await page.getByRole('button', { name: '退出' }).click();
		await expect(page.getByRole('link', { name: '您好！请登录' })).toBeVisible();
		await expectSignedOut(page);
	});

	test('a wrong password gets one generic message', async ({ page }) => {
		await page.goto('/login');
		await page.getByLabel('身份证号码 / 手机号码 / 账号').fill('13800000002');
		await page.getByLabel('密码').fill('not-the-password');
		await page.getByRole('button', { name: '登录' }).click();
		await expect(page.getByRole('alert')).toHaveText('账号或密码错误');
	});

	test('dept01 reaches the reviewer area; an applicant gets 403 there and at the admin area', async ({
		page,
		browser
	}) => {
		await page.goto('/login');
		await page.getByLabel('身份证号码 / 手机号码 / 账号').fill('dept01');
		await page.getByLabel('密码').fill(PASSWORD);
		await page.getByRole('button', { name: '登录' }).click();
		await expect(page).toHaveURL(/\/review$/);
		await expect(page.getByRole('heading', { name: '审核工作台' })).toBeVisible();
		await expect(page.getByText('南京市工业和信息化局')).toBeVisible();
		expect((await page.goto('/admin'))?.status()).toBe(403);

		const applicant = await browser.newPage();
		await applicant.goto('/login');
		await applicant.getByLabel('身份证号码 / 手机号码 / 账号').fill('13800000001');
		await applicant.getByLabel('密码').fill(PASSWORD);
		await applicant.getByRole('button', { name: '登录' }).click();
		await expect(applicant).toHaveURL(/\/me$/);
		const review = await applicant.goto('/review');
		expect(review?.status()).toBe(403);
		await expect(applicant.getByRole('heading', { name: '没有权限' })).toBeVisible();
		expect((await applicant.goto('/admin'))?.status()).toBe(403);
		const api = await applicant.request.get('/api/trpc/review.scopes');
		expect(api.status()).toBe(403);
		await applicant.close();
	});

	test('the English switch translates the shell and the errors', async ({ page }) => {
		await page.goto('/login');
		await page.getByRole('button', { name: '切换语言' }).click();
		await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await page.getByLabel('ID number / mobile number / account').fill('13800000001');
		await page.getByLabel('Password').fill('wrong-password');
		await page.getByRole('button', { name: 'Log in' }).click();
		await expect(page.getByRole('alert')).toHaveText('Account or password is incorrect');
	});

	test('忘记密码: the mobile proves the person, the new password works and every other device is signed out', async ({
		page,
		browser
	}) => {
		const person = {
			name: '测试用户',
			idNumber: '320102190001010044',
			mobile: '13611113333',
			password: 'Before#2026'
		};
		await registerByApi(page.request, person);
		// Another device stays signed in until the reset.
		const other = await browser.newContext();
		const otherPage = await other.newPage();
		await otherPage.goto('/login');
		await otherPage.getByLabel('身份证号码 / 手机号码 / 账号').fill(person.mobile);
		await otherPage.getByLabel('密码').fill(person.password);
		await otherPage.getByRole('button', { name: '登录' }).click();
		await expect(otherPage).toHaveURL(/\/me$/);

		await page.context().clearCookies();
		await page.goto('/login');
		await page.getByRole('link', { name: '忘记密码' }).click();
		await expect(page.getByRole('heading', { name: '忘记密码' })).toBeVisible();
		await page.getByLabel('注册时使用的手机号码').fill(person.mobile);
		const since = Date.now() - 1000;
		await page.getByRole('button', { name: '获取验证码' }).click();
		const code = await smsCode(person.mobile, 'reset', since);
		await page.getByLabel('短信验证码').fill(code === '000000' ? '000001' : '000000');
		await page.locator('#password').fill('After#20260');
		await page.getByLabel('确认密码').fill('After#20260');
		await page.getByRole('button', { name: '重置密码' }).click();
		await expect(page.getByRole('alert')).toHaveText('验证码不正确，请重新输入');
		await page.getByLabel('短信验证码').fill(code);
		await page.getByRole('button', { name: '重置密码' }).click();
		await expect(
			page.getByText('密码已重置，所有设备上的登录均已退出，请用新密码登录')
		).toBeVisible();

		await expectSignedOut(otherPage);
		await other.close();
		await page.goto('/login');
		await page.getByLabel('身份证号码 / 手机号码 / 账号').fill(person.mobile);
		await page.getByLabel('密码').fill('After#20260');
		await page.getByRole('button', { name: '登录' }).click();
		await expect(page).toHaveURL(/\/me$/);
	});

	test('退出所有设备 in 个人中心 ends the sessions of every device', async ({ page, browser }) => {
		const person = {
			name: '测试用户',
			idNumber: '320102190001010052',
			mobile: '13611114444',
			password: 'Devices#2026'
		};
		await registerByApi(page.request, person);
		const other = await browser.newContext();
		const otherPage = await other.newPage();
		for (const p of [page, otherPage]) {
			await p.goto('/login');
			await p.getByLabel('身份证号码 / 手机号码 / 账号').fill(person.mobile);
			await p.getByLabel('密码').fill(person.password);
			await p.getByRole('button', { name: '登录' }).click();
			await expect(p).toHaveURL(/\/me$/);
		}
		await page.getByText('账号安全').click();
		await page.getByRole('button', { name: '退出所有设备' }).click();
		await expect(page.getByRole('link', { name: '您好！请登录' })).toBeVisible();
		await expectSignedOut(page);
		await expectSignedOut(otherPage);
		await other.close();
	});
});
