import { expect, test, type Locator, type Page } from '@playwright/test';

/**
 * Keyboard only (#18 §6): 李强 declares a 职称初定申报 from 登录 to 提交 and unit02 passes it,
 * with Tab, Shift+Tab, Enter, Space, arrow keys and typing — no click, no fill, no selectOption.
 * Every control reached shows where the focus is, and a form error is announced and tied to its field.
 */

/**
 * Where the focus is, as the person sees it: an outline or a ring around the focused element (for
 * a frame, whose own document holds the focus, around the frame or what holds it).
 */
async function focusIndicator(page: Page) {
	return page.evaluate(() => {
		const el = document.activeElement as HTMLElement | null;
		if (!el || el === document.body) return { tag: 'body', visible: false, what: '' };
		const marked = (e: Element) => {
			const st = getComputedStyle(e);
			const outline = st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0;
			return outline || (st.boxShadow !== 'none' && st.boxShadow !== '');
		};
		const s = getComputedStyle(el);
		const holders =
			el.tagName === 'IFRAME' ? [el.parentElement, el.parentElement?.parentElement] : [];
		const visible = [el, ...holders].some((e) => e && marked(e));
		const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30) ?? '';
		const what = `${el.tagName.toLowerCase()}#${el.id} ${el.getAttribute('type') ?? ''} ${name} (outline ${s.outlineStyle} ${s.outlineWidth}, shadow ${s.boxShadow})`;
		return { tag: el.tagName, visible, what };
	});
}

/** True when `target` holds the focus (or the focus is inside it). */
function holdsFocus(target: Locator) {
	return target.evaluate(
		(el) => el === document.activeElement || el.contains(document.activeElement)
	);
}

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus, checking the focus indicator of every
 * control passed on the way.
 */
async function tabTo(page: Page, target: Locator, { back = false, max = 250 } = {}) {
	await expect(target).toBeVisible();
	for (let i = 0; i < max; i++) {
		await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
		const focus = await focusIndicator(page);
		if (focus.tag !== 'body' && !focus.visible) {
			// A frame's ring follows the window's blur event: a moment later.
			await expect
				.poll(async () => (await focusIndicator(page)).visible, {
					message: `no visible focus on ${focus.what}`,
					timeout: 2000
				})
				.toBe(true);
		}
		if (await holdsFocus(target)) return;
	}
	throw new Error(`Tab never reached ${target}`);
}

/** Tab to `target` and press `key` on it (Enter for links and buttons, Space for checkboxes). */
async function press(page: Page, target: Locator, key = 'Enter', opts: { back?: boolean } = {}) {
	await tabTo(page, target, opts);
	await page.keyboard.press(key);
}

/** Tab to a text box and type into it (replacing what it held). */
async function typeInto(page: Page, target: Locator, text: string) {
	await tabTo(page, target);
	await page.keyboard.press('ControlOrMeta+A');
	await page.keyboard.press('Backspace');
	await page.keyboard.insertText(text);
}

/** A closed <select> moved with the arrow keys until its chosen option's text matches. */
async function choose(page: Page, select: Locator, option: string | RegExp) {
	await tabTo(page, select);
	const matches = (label: string) =>
		typeof option === 'string' ? label.trim() === option : option.test(label);
	const count = await select.locator('option').count();
	await page.keyboard.press('Home');
	for (let i = 0; i < count; i++) {
		const label = await select.evaluate(
			(el: HTMLSelectElement) => el.selectedOptions[0]?.text ?? ''
		);
		if (matches(label)) return;
		await page.keyboard.press('ArrowDown');
	}
	throw new Error(`no option ${option} in ${select}`);
}

/** A small valid PDF (a header, an empty page tree, a trailer). */
function tinyPdf(note: string): Buffer {
	return Buffer.from(
		'%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' +
			'2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n' +
			`% ${note}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
		'latin1'
	);
}

/** Opens a file picker from the keyboard (Space on the 材料上传 control) and gives it a PDF. */
async function uploadWithKeyboard(page: Page, label: string) {
	const input = page.getByLabel(`材料上传：${label}`);
	await tabTo(page, input);
	const chooser = page.waitForEvent('filechooser');
	await page.keyboard.press('Space');
	await (
		await chooser
	).setFiles({
		name: `${label}.pdf`,
		mimeType: 'application/pdf',
		buffer: tinyPdf(label)
	});
	const slot = page.getByTestId('pdf-slot').filter({ has: page.getByText(label, { exact: true }) });
	await expect(slot.getByText(/已上传|已附加/)).toBeVisible({ timeout: 30_000 });
}

async function loginWithKeyboard(page: Page, account: string) {
	await page.goto('/login');
	await typeInto(page, page.getByLabel('身份证号码 / 手机号码 / 账号'), account);
	await typeInto(page, page.getByLabel('密码'), 'Zhicheng#2026');
	await page.keyboard.press('Enter');
	await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
}

const SUMMARY =
	'本人自参加工作以来，始终坚持学习专业理论知识，积极参与单位的重点项目建设，在数控设备改造、' +
	'工艺优化和生产线自动化等方面承担了主要的设计与实施任务，能够独立解决工程中遇到的技术问题。';

test('keyboard only: 李强 declares a 职称初定申报 and 提交s it; unit02 passes it', async ({
	page,
	browser
}) => {
	test.setTimeout(300_000);
	await loginWithKeyboard(page, '13800000002');

	// 申报须知 → 我已阅读并知晓 (Space) → 开始申报 (Enter); an earlier draft: a new one.
	await page.goto('/declare/initial');
	await press(page, page.getByLabel('我已阅读并知晓'), 'Space');
	await press(page, page.getByRole('button', { name: '开始申报' }));
	const drafts = page.getByTestId('existing-drafts');
	await expect(drafts.or(page.getByTestId('module-lock'))).toBeVisible({ timeout: 20_000 });
	if (await drafts.isVisible()) {
		await press(page, drafts.getByLabel('我要申报另一个系列，需要新建一份申报'), 'Space');
		await press(page, drafts.getByRole('button', { name: '新建申报' }));
	}
	await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}/);
	const caseId = /\/cases\/([0-9a-f-]{36})/.exec(page.url())![1]!;

	// A wrong 移动电话 is announced and tied to its field; then the right one.
	const mobile = page.getByLabel('移动电话');
	await typeInto(page, mobile, '1380000');
	await page.keyboard.press('Tab');
	await expect(mobile).toHaveAttribute('aria-invalid', 'true');
	const errorId = (await mobile.getAttribute('aria-describedby'))!
		.split(' ')
		.find((id) => id.endsWith('-error'));
	expect(errorId, 'the error is one of the field’s descriptions').toBeTruthy();
	const error = page.locator(`#${errorId}`);
	await expect(error).toBeVisible();
	await expect(error).toHaveText(/手机|移动电话/);
	expect(
		await error.evaluate(
			(el) => el.closest('[role="alert"],[aria-live="polite"],[aria-live="assertive"]') !== null
		),
		'the error is in a live region'
	).toBe(true);
	await typeInto(page, mobile, '13800000002');
	await page.keyboard.press('Tab');
	await expect(mobile).not.toHaveAttribute('aria-invalid', 'true');

	await tabTo(page, page.getByLabel('参加工作时间'));
	// A date input's parts in the order headless Chromium here shows them (月/日/年, whatever the
	// page's locale); each full part moves the focus on to the next.
	await page.keyboard.type('07152013');
	await expect(page.getByLabel('参加工作时间')).toHaveValue('2013-07-15');
	await choose(page, page.locator('#bi-department'), /无/);

	await choose(page, page.getByLabel('申报级别'), /助理/);
	await choose(page, page.getByLabel('申报系列'), /工程/);
	await choose(page, page.getByLabel('申报专业'), '机械工程');
	await press(page, page.getByRole('button', { name: /苏州市人力资源和社会保障局/ }));
	const dialog = page.getByRole('alertdialog');
	await expect(dialog).toContainText(/确定选择该报送受理部门/);
	await press(page, dialog.getByRole('button', { name: '确定' }));
	await press(page, page.getByRole('button', { name: '暂存' }));
	await expect(page.getByRole('status').filter({ hasText: '暂存成功' })).toBeVisible({
		timeout: 20_000
	});
	const list = page.getByRole('navigation', { name: '申报信息模块' });
	await expect(list).toBeVisible();

	const openModule = async (title: RegExp) => {
		const back = page.getByRole('link', { name: '返回模块列表' });
		if (await back.isVisible()) await press(page, back);
		await press(page, list.getByRole('link', { name: title }));
	};

	await openModule(/学历学位信息/);
	await press(page, page.getByRole('button', { name: '自动获取' }));
	await expect(page.getByText(/已自动获取 \d+ 条学历学位信息/)).toBeVisible({ timeout: 20_000 });

	await openModule(/工作总结/);
	const summary = page.getByRole('textbox', { name: '工作总结' });
	await typeInto(page, summary, Array.from({ length: 8 }, () => SUMMARY).join('\n\n'));
	await press(page, page.getByRole('button', { name: '保存', exact: true }));

	await openModule(/单位公示及结果报告证明/);
	await uploadWithKeyboard(page, '单位同意申报证明');
	await uploadWithKeyboard(page, '个人承诺书');
	await expect(page.getByTestId('save-state').first()).toHaveText('已备份', { timeout: 30_000 });

	// 提交 → 「确定提交吗？」 → 确定.
	await press(page, page.getByRole('button', { name: '提交', exact: true }), 'Enter', {
		back: true
	});
	const confirm = page.getByRole('alertdialog');
	await expect(confirm).toContainText('提交后您无法主动退回修改或终止申报');
	await press(page, confirm.getByRole('button', { name: '确定' }));
	await expect(page.getByRole('status').filter({ hasText: '已提交' })).toBeVisible({
		timeout: 30_000
	});

	// unit02 at a desk: 登录 → the case in 待审核 → 通过 → 确定, by keyboard.
	const desk = await browser.newContext({
		viewport: { width: 1280, height: 800 },
		locale: 'zh-CN'
	});
	const reviewer = await desk.newPage();
	await loginWithKeyboard(reviewer, 'unit02');
	await reviewer.goto('/review');
	const row = reviewer.locator(`[data-testid="queue-row"][data-case-id="${caseId}"]`);
	await press(reviewer, row.getByRole('link').first());
	await expect(reviewer.getByTestId('claim-status')).toContainText('已锁定');
	await press(reviewer, reviewer.getByRole('button', { name: /^通过/ }));
	await expect(reviewer).toHaveURL(/\/review$/);
	await expect(reviewer.getByText('李强：已通过，办件已转至下一审核环节')).toBeVisible();
	await desk.close();

	await page.goto(`/cases/${caseId}`);
	await press(page, page.getByRole('button', { name: '查看审核进度' }));
	await expect(page.getByTestId('progress-step').first()).toHaveAttribute('data-state', 'passed', {
		timeout: 30_000
	});
});
