import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { login } from './helpers';

/**
 * #18 §6: axe on every page of the applicant (a 390 px phone) and of the reviewer and the
 * administrator (1280×800), in Chinese and in English. Each violation is listed with its rule and
 * the elements it found, so the report says what to mend.
 */

const APPLICANT_PAGES = [
	'/',
	'/me',
	'/declare/review',
	'/declare/initial',
	'/declare/committees',
	'/declare/phones',
	'/certificates/historical',
	'/certificates/reissue',
	'/certificates/receive',
	'/verify'
];
const PUBLIC_PAGES = ['/login', '/register', '/forgot-password', '/verify'];
const REVIEWER_PAGES = ['/review'];
const ADMIN_PAGES = [
	'/admin',
	'/admin/reference',
	'/admin/module-sets',
	'/admin/reviewers',
	'/admin/audit',
	'/admin/exports'
];

type Found = { page: string; rule: string; impact: string; targets: string[] };

async function scan(page: Page, path: string, found: Found[]) {
	await page.goto(path);
	await expect(page.locator('main h1, main h2').first()).toBeVisible();
	const result = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
		.analyze();
	for (const v of result.violations)
		found.push({
			page: path,
			rule: v.id,
			impact: v.impact ?? '',
			targets: v.nodes.slice(0, 3).map((n) => n.target.join(' '))
		});
}

async function switchToEnglish(page: Page) {
	await page.getByRole('button', { name: '切换语言' }).click();
	await expect(page.getByRole('button', { name: 'Switch language' })).toBeVisible();
}

function report(found: Found[], what: string) {
	if (found.length) console.log(`${what}:\n${found.map((f) => JSON.stringify(f)).join('\n')}`);
	return found.map((f) => `${f.page} ${f.rule} (${f.impact}) ${f.targets.join(' | ')}`);
}

test.describe('accessibility (axe, WCAG 2.1 AA)', () => {
	test.setTimeout(240_000);

	test('the pages before signing in, on a phone, in Chinese and English', async ({ page }) => {
		const found: Found[] = [];
		for (const path of PUBLIC_PAGES) await scan(page, path, found);
		await page.goto('/login');
		await switchToEnglish(page);
		for (const path of PUBLIC_PAGES) await scan(page, `${path}`, found);
		expect(report(found, 'public pages')).toEqual([]);
	});

	test('the applicant’s pages and a case, on a phone, in Chinese and English', async ({ page }) => {
		const found: Found[] = [];
		// A demo applicant with cases (王芳 starts with none).
		await login(page, '13900000018');
		for (const path of APPLICANT_PAGES) await scan(page, path, found);
		await page.goto('/me');
		await page.getByTestId('case-row').first().getByRole('link').click();
		await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}/);
		const caseUrl = new URL(page.url()).pathname;
		await scan(page, caseUrl, found);
		await switchToEnglish(page);
		for (const path of [...APPLICANT_PAGES, caseUrl]) await scan(page, path, found);
		expect(report(found, 'applicant pages')).toEqual([]);
	});

	test('the reviewer’s and the administrator’s pages at 1280×800, in Chinese and English', async ({
		page
	}) => {
		await page.setViewportSize({ width: 1280, height: 800 });
		const found: Found[] = [];
		await login(page, 'dept01');
		for (const path of REVIEWER_PAGES) await scan(page, path, found);
		const first = page.getByTestId('queue-row').first();
		if (await first.isVisible()) {
			await first.getByRole('link').first().click();
			await expect(page).toHaveURL(/\/review\/cases\//);
			await scan(page, new URL(page.url()).pathname, found);
		}
		await switchToEnglish(page);
		for (const path of REVIEWER_PAGES) await scan(page, path, found);

		await page.context().clearCookies();
		await login(page, 'admin');
		for (const path of ADMIN_PAGES) await scan(page, path, found);
		await switchToEnglish(page);
		for (const path of ADMIN_PAGES) await scan(page, path, found);
		expect(report(found, 'reviewer and admin pages')).toEqual([]);
	});
});
