import { expect, test, type Page } from '@playwright/test';
import { login, startNewDraft } from './helpers';

/**
 * #21 §4: on a 390×844 phone every control of the applicant's pages is a 44×44 px target. A
 * checkbox or radio counts by its label (the label is what a finger hits); hidden inputs and the
 * skip link (off-screen until focused) are not targets.
 */
const MIN = 44;

interface Small {
	what: string;
	width: number;
	height: number;
}

async function smallTargets(page: Page): Promise<Small[]> {
	return page.evaluate((min) => {
		const out: { what: string; width: number; height: number }[] = [];
		const controls = document.querySelectorAll<HTMLElement>(
			'a[href], button, input, select, textarea, summary, [role="button"], [tabindex="0"]'
		);
		for (const el of controls) {
			const style = getComputedStyle(el);
			if (style.visibility === 'hidden' || style.display === 'none') continue;
			if (el instanceof HTMLInputElement && el.type === 'hidden') continue;
			if (el.closest('.skip, .visually-hidden, [hidden], dialog:not([open])')) continue;
			let box = el.getBoundingClientRect();
			if (box.width === 0 && box.height === 0) continue;
			if (el instanceof HTMLInputElement && ['checkbox', 'radio', 'file'].includes(el.type)) {
				const label =
					el.closest('label') ?? (el.id ? document.querySelector(`label[for="${el.id}"]`) : null);
				if (label) box = label.getBoundingClientRect();
			}
			if (box.width < min - 0.5 || box.height < min - 0.5) {
				const text = (
					el.getAttribute('aria-label') ??
					el.textContent ??
					el.getAttribute('name') ??
					''
				).trim();
				out.push({
					what: `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ')[0] : ''} "${text.slice(0, 30)}"`,
					width: Math.round(box.width),
					height: Math.round(box.height)
				});
			}
		}
		return out;
	}, MIN);
}

test('every control of the applicant’s pages is at least 44×44 px on a phone', async ({ page }) => {
	test.setTimeout(120_000);
	const found: Record<string, Small[]> = {};
	const check = async (path: string) => {
		await page.goto(path);
		await page.waitForLoadState('networkidle');
		const small = await smallTargets(page);
		if (small.length) found[path] = small;
	};
	await check('/');
	await check('/login');
	await check('/register');
	await check('/forgot-password');
	await login(page, '13900000015');
	for (const path of [
		'/',
		'/me',
		'/declare/review',
		'/declare/initial',
		'/declare/committees',
		'/declare/phones'
	]) {
		await check(path);
	}
	await page.goto('/me');
	await page.getByTestId('case-row').first().getByRole('link').click();
	await expect(page).toHaveURL(/\/cases\//);
	await page.waitForLoadState('networkidle');
	const small = await smallTargets(page);
	if (small.length) found['case view'] = small;
	// A draft's editor: the first modules with their fields, and the bar of 暂存 / 提交.
	await page.goto('/declare/initial');
	await page.getByLabel('我已阅读并知晓').check();
	await startNewDraft(page);
	await page.waitForLoadState('networkidle');
	const editor = await smallTargets(page);
	if (editor.length) found['draft editor'] = editor;
	expect(found).toEqual({});
});
