import { expect, test } from '@playwright/test';

const PASSWORD = 'Zhicheng#2026';

test.describe('accounts', () => {
	test('registering refuses a wrong ID check digit and creates nothing, then a valid one signs in', async ({
		page
	}) => {
		await page.goto('/register');
		await page.getByLabel('真实姓名').fill('赵敏');
		await page.getByLabel('居民身份证号码').fill('320707198705210011');
		await page.getByLabel('手机号码').fill('13611112222');
		await page.locator('#password').fill('Secret#2026');
		await page.getByLabel('确认密码').fill('Secret#2026');
		await page.getByRole('button', { name: '注册' }).click();
		await expect(page.getByText('居民身份证号码校验位不正确，请核对')).toBeVisible();
		await expect(page).toHaveURL(/\/register$/);

		// The server refuses it too (the browser check can be bypassed), and no account exists.
		const direct = await page.request.post('/api/trpc/auth.register', {
			headers: { origin: new URL(page.url()).origin },
			data: {
				name: '赵敏',
				idNumber: '320707198705210011',
				mobile: '13611112222',
				password: 'Secret#2026'
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

		await page.getByLabel('居民身份证号码').fill('320707198705210010');
		await page.getByRole('button', { name: '注册' }).click();
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
		const me = await page.goto('/me');
		expect(me?.status()).toBe(403);
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
});
