import { expect, test, type Page } from '@playwright/test';
import { login } from './helpers';

/**
 * #21 §4, English mode: every string the applicant's pages show is English, except the person's
 * own data and the names of Chinese institutions (committees, departments, units, offices) — and
 * the language button's own 「中文」, the name of the other language in that language.
 * 褚红（示例） has a submitted 评审 case; her 评审 draft here is this file's own.
 */
const APPLICANT = '13900000018';
const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/;

/** Every string a person can see: visible text, every option of a visible list, fields, title. */
function visibleStrings(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const out: string[] = [document.title];
		const shown = (el: Element) =>
			el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let n = walker.nextNode(); n; n = walker.nextNode()) {
			const el = n.parentElement;
			if (!el || el.closest('script, style, template, noscript, option')) continue;
			const text = n.textContent?.trim();
			if (text && shown(el)) out.push(text);
		}
		for (const select of document.querySelectorAll('select')) {
			if (shown(select)) for (const o of select.options) out.push(o.text.trim());
		}
		for (const field of document.querySelectorAll<HTMLInputElement>('input, textarea')) {
			if (!shown(field)) continue;
			if (field.placeholder) out.push(field.placeholder);
			if (field.value && !['checkbox', 'radio', 'file'].includes(field.type)) out.push(field.value);
		}
		return out.filter(Boolean);
	});
}

/** Strings that may stay Chinese: the person's data and institutions' names, from the server. */
async function allowedChinese(page: Page): Promise<string[]> {
	const get = async (path: string) => {
		const res = await page.request.get(path);
		expect(res.status()).toBe(200);
		return ((await res.json()) as { result: { data: unknown } }).result.data;
	};
	type Named = { name: string; nameEn?: string | null };
	const bundle = (await get('/api/trpc/reference.bundle')) as Record<string, Named[]>;
	const institutions = [
		'committees',
		'acceptingDepartments',
		'departments',
		'declarationPoints'
	].flatMap((key) => (bundle[key] ?? []).filter((r) => !r.nameEn).map((r) => r.name));
	const strings = (value: unknown): string[] =>
		typeof value === 'string'
			? [value]
			: Array.isArray(value)
				? value.flatMap(strings)
				: value && typeof value === 'object'
					? Object.values(value).flatMap(strings)
					: [];
	// The person's own data: the profile and what their cases hold (words, unit, file names).
	const profile = strings(await get('/api/trpc/me.declarant'));
	const pull = (await get(
		`/api/trpc/sync.pull?input=${encodeURIComponent(JSON.stringify({ since: '0', limit: 500 }))}`
	)) as { changes: { type: string; module?: { data: unknown }; attachment?: { name: string } }[] };
	const own = pull.changes.flatMap((c) =>
		c.type === 'module'
			? strings(c.module?.data)
			: c.type === 'attachment'
				? [c.attachment!.name]
				: []
	);
	return [...new Set([...institutions, ...profile, ...own])]
		.filter((s) => CJK.test(s))
		.sort((a, b) => b.length - a.length);
}

/** The strings of this page with Chinese left once the allowed ones are taken out. */
async function chineseLeft(page: Page, allowed: string[]): Promise<string[]> {
	await expect(page.getByRole('button', { name: 'Switch language' })).toHaveText('中文');
	const left: string[] = [];
	for (const text of await visibleStrings(page)) {
		let rest = text === '中文' ? '' : text;
		for (const a of allowed) rest = rest.split(a).join(' ');
		if (CJK.test(rest)) left.push(text);
	}
	return [...new Set(left)];
}

test('in English, the home page, 我的办件 and the editor show no Chinese but names and the person’s data', async ({
	page
}) => {
	await login(page, APPLICANT);
	await page.getByRole('button', { name: '切换语言' }).click();
	await expect(page.getByRole('button', { name: 'Switch language' })).toBeVisible();
	const allowed = await allowedChinese(page);

	await page.goto('/');
	await expect(page.getByRole('link', { name: 'Title review declaration' }).first()).toBeVisible();
	expect(await chineseLeft(page, allowed), 'home').toEqual([]);

	await page.goto('/me');
	await expect(page.getByRole('heading', { name: 'My cases' })).toBeVisible();
	await expect(page.getByTestId('case-row').first()).toBeVisible();
	expect(await chineseLeft(page, allowed), 'My cases').toEqual([]);

	// Her submitted case, read-only.
	await page.getByTestId('case-row').first().getByRole('link').click();
	await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}/);
	await expect(page.getByTestId('save-state').first()).toBeVisible();
	expect(await chineseLeft(page, allowed), 'submitted case').toEqual([]);

	// A new 评审 draft: 申报须知, then the first screen with every choice open.
	await page.goto('/declare/review');
	expect(await chineseLeft(page, allowed), 'declaration notice').toEqual([]);
	await page.getByLabel('I have read and understood this').check();
	await page.getByRole('button', { name: 'Start declaring' }).click();
	const drafts = page.getByTestId('existing-drafts');
	await expect(drafts.or(page.getByTestId('module-lock'))).toBeVisible({ timeout: 20_000 });
	if (await drafts.isVisible()) {
		await drafts.getByRole('checkbox').check();
		await drafts.getByRole('button', { name: 'Start a new declaration' }).click();
	}
	await page.locator('#decl-level').selectOption('C');
	await page.locator('#decl-series').selectOption('engineering');
	await page.locator('#decl-specialty').selectOption('电子信息');
	await expect(page.locator('#decl-level option[value="C"]')).toHaveText('Intermediate (Engineer)');
	await expect(page.locator('#decl-specialty option:checked')).toHaveText(
		'Electronics and information'
	);
	const committees = page.locator('fieldset[data-field="committeeId"]');
	await expect(committees.getByRole('button').first()).toBeVisible();
	expect(await chineseLeft(page, allowed), 'editor, first screen').toEqual([]);

	await committees.getByRole('button').first().click();
	await page.getByRole('alertdialog').getByRole('button', { name: 'OK' }).click();
	await page.getByRole('button', { name: 'Save draft' }).click();
	const list = page
		.getByRole('navigation')
		.filter({ has: page.getByRole('link') })
		.last();
	await expect(page.getByTestId('module-lock')).toHaveCount(0, { timeout: 20_000 });
	await expect(list).toBeVisible();
	expect(await chineseLeft(page, allowed), 'editor, module list').toEqual([]);

	await page.getByRole('link', { name: /Personal information/ }).click();
	await expect(page.locator('#bi-region-1')).toBeVisible();
	expect(await chineseLeft(page, allowed), 'editor, personal information').toEqual([]);
});
