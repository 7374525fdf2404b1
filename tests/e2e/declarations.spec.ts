import { mkdirSync } from 'node:fs';
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import {
	goOffline,
	goOnline,
	login,
	openModule,
	startNewDraft,
	startReviewDeclaration,
	waitForServiceWorker
} from './helpers';

/**
 * The manual's declarations end to end (ch. 1 §三(三), ch. 2, ch. 3) on a phone-sized screen:
 * 职称评审申报 with part of it done offline, 职称初定申报, no open 评委会, the 学历学位 rule of
 * 添加, 取消申请, and 我的办件 through it all.
 */

const SHOTS = '/tmp/decl-shots';
mkdirSync(SHOTS, { recursive: true });

/** A screenshot of the step, after checking nothing is wider than the phone's screen. */
async function shot(page: Page, name: string) {
	await expectNoSideScroll(page);
	await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function expectNoSideScroll(page: Page) {
	const { scroll, client } = await page.evaluate(() => ({
		scroll: document.documentElement.scrollWidth,
		client: document.documentElement.clientWidth
	}));
	expect(scroll, 'the page scrolls sideways').toBeLessThanOrEqual(client);
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

/** A real JPEG, as a phone camera would give one: drawn on a canvas in the page and encoded. */
async function cameraJpeg(page: Page): Promise<Buffer> {
	const bytes = await page.evaluate(async () => {
		const canvas = document.createElement('canvas');
		canvas.width = 300;
		canvas.height = 400;
		const g = canvas.getContext('2d')!;
		g.fillStyle = '#fdfcf7';
		g.fillRect(0, 0, 300, 400);
		g.fillStyle = '#222';
		g.font = '24px sans-serif';
		g.fillText('个人承诺书', 90, 60);
		for (let y = 100; y < 360; y += 24) g.fillRect(30, y, 240, 3);
		const blob = await new Promise<Blob>((ok) => canvas.toBlob((b) => ok(b!), 'image/jpeg', 0.85));
		return [...new Uint8Array(await blob.arrayBuffer())];
	});
	const jpeg = Buffer.from(bytes);
	expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
	return jpeg;
}

/** A 工作总结 of `paragraphs` paragraphs, as pasted from WPS or Word (blank lines between). */
function workSummary(paragraphs: number): string {
	const body =
		'本人自参加工作以来，始终坚持学习专业理论知识，积极参与单位的重点项目建设，' +
		'在智慧园区平台、工业数据采集和设备远程运维等方面承担了主要的设计与实施任务，' +
		'能够独立解决工程中遇到的复杂技术问题，并注重总结经验、指导新入职的技术人员。';
	return Array.from(
		{ length: paragraphs },
		(_, i) => `${'一二三四五六七八九十'[i] ?? i + 1}、第${i + 1}部分工作情况。${body}`
	).join('\n\n');
}

/** Pastes text into a field from the clipboard (the manual: write in WPS/Word, copy, paste). */
async function paste(page: Page, context: BrowserContext, field: Locator, text: string) {
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await page.evaluate((t) => navigator.clipboard.writeText(t), text);
	await field.click();
	await page.keyboard.press('ControlOrMeta+V');
	await expect(field).toHaveValue(text);
}

const saveState = (page: Page) => page.getByTestId('save-state').first();
const moduleList = (page: Page) => page.getByRole('navigation', { name: '申报信息模块' });
const caseIdOf = (url: string) => url.match(/\/cases\/([0-9a-f-]{36})/)![1]!;

/** The case's line in 我的办件 (on /me). */
function caseRow(page: Page, caseId: string): Locator {
	return page.getByTestId('case-row').filter({ has: page.locator(`a[href$="/cases/${caseId}"]`) });
}

async function expectCaseRow(page: Page, caseId: string, status: string, save: string) {
	const row = caseRow(page, caseId);
	await expect(row.getByTestId('case-status')).toHaveText(status);
	await expect(row.getByTestId('save-state')).toHaveText(save, { timeout: 20_000 });
	return row;
}

/** 申报须知 → 我已阅读并知晓 → 开始申报: a new draft's editor. */
async function startFromNotice(page: Page, kind: 'review' | 'initial') {
	await page.goto(`/declare/${kind}`);
	await page.getByLabel('我已阅读并知晓').check();
	await startNewDraft(page);
	await expect(page.getByTestId('module-lock')).toBeVisible();
}

/** Chooses a 评委会 / 报送受理部门 and confirms 「确定选择…？」. */
async function chooseOwner(page: Page, name: RegExp, confirmText: RegExp) {
	await page.getByRole('button', { name }).click();
	const dialog = page.getByRole('alertdialog');
	await expect(dialog).toContainText(confirmText);
	return dialog;
}

/** 暂存 → 「暂存成功」 → the module list appears. */
async function stash(page: Page) {
	await page.getByRole('button', { name: '暂存' }).click();
	await expect(page.getByRole('status').filter({ hasText: '暂存成功' })).toBeVisible({
		timeout: 20_000
	});
	await expect(moduleList(page)).toBeVisible();
}

/** Adds one row to the row module on screen: 添加 → fields → 保存. */
async function addRow(page: Page, module: string, values: Record<string, string>) {
	await page.getByRole('button', { name: '添加', exact: true }).click();
	const form = page.locator(`#row-form-${module}`);
	await expect(form).toBeVisible();
	for (const [label, value] of Object.entries(values)) await form.getByLabel(label).fill(value);
	return form;
}

async function saveRow(page: Page, form: Locator, rows: number) {
	await form.getByRole('button', { name: '保存' }).click();
	await expect(form).toBeHidden();
	await expect(page.getByText('已保存', { exact: true })).toBeVisible();
	await expect(page.getByTestId('module-row')).toHaveCount(rows);
}

/** A 材料上传 slot showing its file, uploaded to the server. */
async function expectUploaded(slot: Locator, fileName: string | RegExp) {
	await expect(slot).toContainText(fileName);
	await expect(slot.getByText(/已上传|已附加/)).toBeVisible({ timeout: 30_000 });
}

const pdfSlot = (page: Page, label: string) =>
	page.getByTestId('pdf-slot').filter({ has: page.getByText(label, { exact: true }) });

/** A reviewer's queue at a desk, after logging in. */
async function reviewerPage(desk: BrowserContext, account: string): Promise<Page> {
	const page = await desk.newPage();
	await login(page, account);
	await page.goto('/review');
	await expect(page.getByTestId('queue-row').first()).toBeVisible({ timeout: 20_000 });
	return page;
}

const queueRow = (page: Page, caseId: string) =>
	page.locator(`[data-testid="queue-row"][data-case-id="${caseId}"]`);

/** 提交 → 「确定提交吗？」 → 确定 → 已提交, read-only from then on. */
async function submit(page: Page, shotName: string) {
	await page.getByRole('button', { name: '提交', exact: true }).click();
	const issues = page.getByTestId('submit-issues');
	const dialog = page.getByRole('alertdialog');
	await expect(dialog.or(issues)).toBeVisible();
	if (await issues.isVisible()) throw new Error(`提交 refused: ${await issues.innerText()}`);
	await expect(dialog).toContainText('提交后您无法主动退回修改或终止申报');
	await shot(page, shotName);
	await dialog.getByRole('button', { name: '确定' }).click();
	await expect(page.getByRole('status').filter({ hasText: '已提交' })).toBeVisible({
		timeout: 30_000
	});
	await expect(
		page.getByText('已提交的申报不能修改；如需修改，请联系当前审核部门退回。')
	).toBeVisible();
	const actions = page.getByRole('group', { name: '申报操作' });
	await expect(actions).toHaveCount(0);
	await expect(page.getByRole('button', { name: '暂存' })).toHaveCount(0);
}

/** 我的办件 → 查看办件详情 → 查看审核进度: submitted at a time, 单位审核 pending; 申报表 is a PDF. */
async function checkSubmitted(page: Page, caseId: string, kind: string, shotName: string) {
	await page.goto('/me');
	const row = await expectCaseRow(page, caseId, '办理中', '已提交');
	await expect(row.getByTestId('case-kind')).toHaveText(kind);
	await shot(page, `${shotName}-me`);
	await row.getByRole('link', { name: '查看办件详情' }).click();
	await expect(page).toHaveURL(new RegExp(`/cases/${caseId}`));
	await expect(page.getByText('已提交的申报不能修改', { exact: false })).toBeVisible();
	await page.getByRole('button', { name: '查看审核进度' }).click();
	const progress = page.getByTestId('review-progress');
	const submitted = progress.locator('li').filter({ hasText: '提交申请' });
	await expect(submitted).toContainText(/\d{4}\/\d{1,2}\/\d{1,2}\s+\d{1,2}:\d{2}/);
	const unit = progress.locator('li').filter({ hasText: '单位审核' });
	await expect(unit).toContainText('审核中');
	await expect(progress.locator('li').nth(1)).toContainText('单位审核');
	await progress.scrollIntoViewIfNeeded();
	await shot(page, `${shotName}-progress`);

	const href = await page.getByRole('link', { name: '申报表预览' }).getAttribute('href');
	expect(href).toBe(`/cases/${caseId}/form.pdf`);
	const form = await page.request.get(href!);
	expect(form.status()).toBe(200);
	expect(form.headers()['content-type']).toBe('application/pdf');
	expect((await form.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
}

/** 王芳's submitted 评审 case: the review journey below picks it up. */
let wangCaseId = '';

test.describe('职称评审申报 (manual ch. 3)', () => {
	// The review journey continues 王芳's submitted case (one open case per series).
	test.describe('a declaration and its review', () => {
		test.describe.configure({ mode: 'serial' });

		test('王芳 declares through the manual steps, partly offline, submits, and follows the progress', async ({
			page,
			context
		}) => {
			test.setTimeout(240_000);
			await login(page, '13800000001');
			await waitForServiceWorker(page);
			// Visited once online, so 个人中心 opens offline later (the worker's page cache).
			await page.goto('/me');
			await expect(page.getByRole('heading', { name: '我的办件' })).toBeVisible();

			// 1 申报须知, with 评委会信息查询 and 业务和政策咨询电话.
			await page.goto('/declare/review');
			await expect(page.getByRole('heading', { name: '申报须知' })).toBeVisible();
			await expect(page.getByText('请看准页面上的事项名称')).toBeVisible();
			await expect(page.getByRole('button', { name: '开始申报' })).toBeDisabled();
			await shot(page, '01-review-notice');
			await page.getByRole('link', { name: '评委会信息查询' }).click();
			await expect(page.getByRole('heading', { name: '评委会信息查询' })).toBeVisible();
			await expect(page.getByText('南京市工程技术中级资格评审委员会').first()).toBeVisible();
			await shot(page, '02-committees');
			await page.goBack();
			await page.getByRole('link', { name: '业务和政策咨询电话' }).click();
			await expect(page.getByRole('heading', { name: '业务和政策咨询电话' })).toBeVisible();
			await expect(page.getByTestId('phone').first()).toBeVisible();
			await shot(page, '03-phones');
			await page.goBack();
			await expect(page.getByRole('heading', { name: '申报须知' })).toBeVisible();
			await page.getByLabel('我已阅读并知晓').check();
			await startNewDraft(page);
			const caseUrl = page.url().replace(/#.*$/, '');
			const caseId = caseIdOf(caseUrl);

			// 2 个人基本信息: 行政区划 and 工作单位 filled in by the system; 移动电话 etc. typed.
			await expect(page.getByTestId('module-lock')).toBeVisible();
			await expect(page.getByText('王芳', { exact: true })).toBeVisible();
			await expect(page.locator('#bi-region-1')).toHaveValue('320100');
			await expect(page.locator('#bi-region-2')).toHaveValue('320106');
			await expect(page.locator('#bi-unit')).toHaveValue('南京智造科技有限公司');
			await expect(page.locator('#bi-nature')).not.toHaveValue('');
			await expect(page.locator('#bi-department')).not.toHaveValue('');
			await page.getByLabel('移动电话').fill('13800000001');
			await page.getByLabel('电子邮箱').fill('wangfang@example.com');
			await page.getByLabel('参加工作时间').fill('2012-07-01');
			await shot(page, '04-basic-info');

			// 3 申报级别 → 申报系列 → 申报专业 → 申报评委会, confirmed.
			await page.getByLabel('申报级别').selectOption('C');
			await page.getByLabel('申报系列').selectOption('engineering');
			await page.getByLabel('申报专业').selectOption('电子信息');
			const dialog = await chooseOwner(page, /南京市工程技术中级/, /确定选择该评委会/);
			await shot(page, '05-committee-confirm');
			await dialog.getByRole('button', { name: '确定' }).click();
			await expect(page.getByRole('button', { name: /南京市工程技术中级/ })).toHaveAttribute(
				'aria-pressed',
				'true'
			);
			// The engine backs the draft up by itself; that is no 暂存, so the form stays in view
			// (a second is ample for a list that would open with that backup).
			await expect(saveState(page)).toHaveText('已备份', { timeout: 20_000 });
			await page.waitForTimeout(1000);
			await expect(page.getByTestId('module-lock')).toBeVisible();
			await expect(page.getByLabel('电子邮箱')).toHaveValue('wangfang@example.com');

			// 4 暂存 → 「暂存成功」, then the module list of the 评委会's (stricter) module set.
			await stash(page);
			const list = moduleList(page);
			for (const required of ['工作经历', '专业技术工作业绩', '工作总结', '单位公示及结果报告证明'])
				await expect(
					list.getByRole('link', { name: new RegExp(required) }).getByLabel('必填')
				).toBeVisible();
			await shot(page, '06-module-list');

			// 5 学历学位信息 → 自动获取.
			await openModule(page, /学历学位信息/);
			await page.getByRole('button', { name: '自动获取' }).click();
			await expect(page.getByText('已自动获取 1 条学历学位信息')).toBeVisible({ timeout: 20_000 });
			const record = page.getByTestId('education-record');
			await expect(record).toHaveCount(1);
			await expect(record).toContainText('东南大学');
			await expect(record).toContainText('自动获取');
			await expect(record).toContainText('无需上传学历、学位材料');
			await shot(page, '07-education');
			await expect(saveState(page)).toHaveText('已备份', { timeout: 20_000 });

			// Offline now: 工作经历, 专业技术工作业绩 and 工作总结 are kept on the device.
			await goOffline(context);
			await openModule(page, /工作经历/);
			let form = await addRow(page, 'work_history', {
				开始年月: '2012-07',
				工作单位: '南京智造科技有限公司',
				所在部门: '研发中心',
				岗位或职务: '软件工程师',
				从事的专业技术工作: '工业软件研发'
			});
			await shot(page, '08-work-history-form');
			await saveRow(page, form, 1);
			await expect(page.getByTestId('module-row')).toContainText('至今');
			await expect(saveState(page)).toHaveText('仅保存在本设备');

			await openModule(page, /专业技术工作业绩/);
			form = await addRow(page, 'achievements', {
				项目名称: '智慧园区综合管理平台',
				开始年月: '2019-03',
				'结束年月（空为至今）': '2021-12',
				本人角色: '技术负责人',
				项目说明: '园区安防、能耗与设备运维的一体化平台。',
				本人贡献: '负责总体架构设计和数据采集子系统的开发。'
			});
			await saveRow(page, form, 1);
			await shot(page, '09-achievements');

			await openModule(page, /工作总结/);
			const summary = page.getByRole('textbox', { name: '工作总结' });
			const text = workSummary(9);
			await paste(page, context, summary, text);
			await expect(page.getByText(/已输入 \d+ 字（要求 800–5000 字/)).toBeVisible();
			const count = Number(
				(await page.locator('#work-summary-count').innerText()).match(/\d+/)![0]
			);
			expect(count).toBeGreaterThanOrEqual(800);
			await page.getByRole('button', { name: '保存', exact: true }).click();
			await expect(saveState(page)).toHaveText('仅保存在本设备');
			await expect(page.getByTestId('offline-indicator')).toBeVisible();
			await shot(page, '10-work-summary-offline');

			// 我的办件, opened offline: 待提交, only on this device.
			await page.goto('/me');
			await expectCaseRow(page, caseId, '待提交', '仅保存在本设备');
			await shot(page, '11-me-offline');
			await page.goto(caseUrl);
			await expect(saveState(page)).toHaveText('仅保存在本设备');

			// Back online: everything is backed up.
			await goOnline(context);
			await page.evaluate(() => dispatchEvent(new Event('online')));
			await expect(saveState(page)).toHaveText('已备份', { timeout: 30_000 });
			await page.goto('/me');
			await expectCaseRow(page, caseId, '待提交', '已备份');
			await caseRow(page, caseId).getByRole('link', { name: '修改' }).click();
			await openModule(page, /工作总结/);
			await expect(page.getByRole('textbox', { name: '工作总结' })).toHaveValue(text);

			// An earlier job: a 添加 form left open while the case syncs stays open with its input.
			await openModule(page, /工作经历/);
			await expect(page.getByTestId('module-row')).toHaveCount(1);
			await goOffline(context);
			form = await addRow(page, 'work_history', {
				开始年月: '2010-07',
				'结束年月（空为至今）': '2012-06',
				工作单位: '南京某软件有限公司',
				岗位或职务: '助理工程师',
				从事的专业技术工作: '嵌入式软件测试'
			});
			await saveRow(page, form, 2);
			await expect(saveState(page)).toHaveText('仅保存在本设备');
			await page.getByRole('button', { name: '添加', exact: true }).click();
			await form.getByLabel('工作单位').fill('尚未保存的单位');
			await goOnline(context);
			await page.evaluate(() => dispatchEvent(new Event('online')));
			await expect(saveState(page)).toHaveText('已备份', { timeout: 30_000 });
			await expect(form.getByLabel('工作单位')).toHaveValue('尚未保存的单位');
			await form.getByRole('button', { name: '取消' }).click();
			await expect(page.getByTestId('module-row')).toHaveCount(2);

			// 7 单位公示及结果报告证明: one PDF by 材料上传, one photo made into a PDF here.
			await openModule(page, /单位公示及结果报告证明/);
			await page.getByLabel('材料上传：单位同意申报证明').setInputFiles({
				name: '单位同意申报证明.pdf',
				mimeType: 'application/pdf',
				buffer: tinyPdf('unit consent')
			});
			await expectUploaded(pdfSlot(page, '单位同意申报证明'), '单位同意申报证明.pdf');
			const pledge = pdfSlot(page, '个人承诺书');
			await page.getByLabel('拍照：个人承诺书').setInputFiles({
				name: 'IMG_0001.jpg',
				mimeType: 'image/jpeg',
				buffer: await cameraJpeg(page)
			});
			await expect(pledge.getByText('已选 1 张照片，每张生成一页')).toBeVisible();
			await expect(pledge.getByRole('img', { name: '第 1 张照片' })).toBeVisible();
			await shot(page, '12-unit-proof-photo');
			await pledge.getByRole('button', { name: '生成 PDF 并上传' }).click();
			await expectUploaded(pledge, /个人承诺书-\d{8}-\d{6}\.pdf/);
			await shot(page, '13-unit-proof-done');

			// 8 其他材料: 添加 → 材料名称 → 保存 → 材料上传.
			await openModule(page, /其他材料/);
			await page.getByRole('button', { name: '添加', exact: true }).click();
			await page.getByLabel('材料名称').fill('学信网学历证书电子注册备案表');
			await page.getByRole('button', { name: '保存', exact: true }).click();
			await page.getByLabel('材料上传：学信网学历证书电子注册备案表').setInputFiles({
				name: '学历备案表.pdf',
				mimeType: 'application/pdf',
				buffer: tinyPdf('chsi')
			});
			await expectUploaded(pdfSlot(page, '学信网学历证书电子注册备案表'), '学历备案表.pdf');
			await shot(page, '14-other-materials');
			await expect(saveState(page)).toHaveText('已备份', { timeout: 30_000 });

			// 9 The required modules are all done; 提交.
			await page.getByRole('link', { name: '返回模块列表' }).click();
			for (const entry of await list.getByTestId('module-entry').all()) {
				if ((await entry.getByLabel('必填').count()) === 0) continue;
				await expect(entry.getByLabel('已完成'), await entry.innerText()).toBeVisible();
			}
			await submit(page, '15-submit-confirm');
			await expect(page.getByText('办理中', { exact: true }).first()).toBeVisible();
			await openModule(page, /工作总结/);
			await expect(page.getByRole('textbox', { name: '工作总结' })).toHaveAttribute('readonly');
			await expect(page.getByRole('button', { name: '保存', exact: true })).toHaveCount(0);
			await shot(page, '16-submitted-readonly');

			// 我的办件: 办理中 · 已提交 → 查看办件详情 → 查看审核进度; 申报表 is a PDF.
			await checkSubmitted(page, caseId, '职称评审申报', '17-review');
			wangCaseId = caseId;
		});

		test('every level reviews it: a 退回 with a note reaches her phone offline, she fixes it, all 通过', async ({
			browser
		}) => {
			test.setTimeout(300_000);
			expect(wangCaseId, 'the declaration test above submitted her case').not.toBe('');
			const caseId = wangCaseId;
			const desk = await browser.newContext({
				viewport: { width: 1280, height: 800 },
				locale: 'zh-CN'
			});

			// unit01 at a desk: the case in 待审核 (ID masked), opened, an attachment previewed, 退回.
			let reviewer = await reviewerPage(desk, 'unit01');
			const row = queueRow(reviewer, caseId);
			await expect(row).toContainText('王芳');
			await expect(row).toContainText('320102********0025');
			await reviewer.screenshot({ path: `${SHOTS}/40-unit-queue.png` });
			await row.getByRole('link').first().click();
			await expect(reviewer).toHaveURL(new RegExp(`/review/cases/${caseId}`));
			await expect(reviewer.getByText('320102199003070025')).toBeVisible();
			await expect(reviewer.getByText('已锁定', { exact: false })).toBeVisible();
			const preview = reviewer.getByTestId('attachment-preview').first();
			await preview.scrollIntoViewIfNeeded();
			await expect(preview.locator('iframe, img').first()).toBeVisible({ timeout: 20_000 });
			await expect(preview.locator('iframe, img').first()).toHaveAttribute('src', /^blob:/);
			await reviewer
				.getByLabel('理由（退回、不通过必填）')
				.fill('工作总结未写明本人在项目中的职责');
			await reviewer.getByRole('button', { name: /添加意见/ }).click();
			const note = reviewer.getByTestId('note-editor').first();
			await note.getByLabel('模块').selectOption('work_summary');
			await note.getByLabel('字段').selectOption('text');
			await note.getByRole('textbox', { name: '意见' }).fill('请补充本人承担的具体工作和成果');
			await reviewer.screenshot({ path: `${SHOTS}/41-unit-return.png`, fullPage: true });
			await reviewer.getByRole('button', { name: /^退回/ }).click();
			await expect(reviewer).toHaveURL(/\/review$/);
			await expect(queueRow(reviewer, caseId)).toHaveCount(0);
			await reviewer.close();

			// 王芳's phone: one pull, then offline — the note beside 工作总结 and 需要修改.
			const phone = await browser.newContext({
				viewport: { width: 390, height: 844 },
				locale: 'zh-CN',
				serviceWorkers: 'allow'
			});
			const wang = await phone.newPage();
			await login(wang, '13800000001');
			await waitForServiceWorker(wang);
			await wang.goto('/me');
			await expect(caseRow(wang, caseId).getByTestId('case-status')).toHaveText(/需要修改|已退回/, {
				timeout: 30_000
			});
			await expect(wang.getByTestId('notice-badge')).toBeVisible({ timeout: 30_000 });
			await wang.goto(`/cases/${caseId}`);
			await expect(wang.getByTestId('needs-changes')).toBeVisible({ timeout: 30_000 });
			await goOffline(phone);
			await wang.reload();
			const needs = wang.getByTestId('needs-changes');
			await expect(needs).toContainText('需要修改');
			await expect(needs).toContainText('工作总结未写明本人在项目中的职责');
			await expect(needs.getByTestId('open-notes-count')).toContainText('1');
			await openModule(wang, /工作总结/);
			const summaryModule = wang.locator('#module-work_summary');
			await expect(summaryModule.getByTestId('return-note')).toContainText(
				'请补充本人承担的具体工作和成果'
			);
			await shot(wang, '42-phone-return-note-offline');
			await goOnline(phone);
			await wang.evaluate(() => dispatchEvent(new Event('online')));

			// She fixes 工作总结 and 提交 again: back to her unit.
			const summary = wang.getByRole('textbox', { name: '工作总结' });
			const fixed = `${await summary.inputValue()}本人作为技术负责人，承担系统架构设计与核心模块实现。`;
			await summary.fill(fixed);
			await wang.getByRole('button', { name: '保存', exact: true }).click();
			await expect(saveState(wang)).toHaveText('已备份', { timeout: 30_000 });
			await wang.getByRole('link', { name: '返回模块列表' }).click();
			await submit(wang, '43-resubmit-confirm');

			// unit01 sees what changed in 工作总结 beside its note, and 通过 (Alt+1).
			reviewer = await reviewerPage(desk, 'unit01');
			await queueRow(reviewer, caseId).getByRole('link').first().click();
			const changes = reviewer.getByTestId('changes-since-return');
			await expect(changes).toContainText('工作总结');
			await expect(changes).toContainText('请补充本人承担的具体工作和成果');
			await expect(changes).toContainText('本人作为技术负责人');
			await reviewer.screenshot({ path: `${SHOTS}/44-unit-changes.png`, fullPage: true });
			await expect(reviewer.getByText('已锁定', { exact: false })).toBeVisible();
			await reviewer.keyboard.press('Alt+1');
			await expect(reviewer).toHaveURL(/\/review$/);
			await reviewer.close();

			// 主管部门, 人社部门 and the 评委会 (with its 批准文号).
			for (const login of ['dept01', 'hr01', 'committee01']) {
				const p = await reviewerPage(desk, login);
				await queueRow(p, caseId).getByRole('link').first().click();
				await expect(p.getByText('已锁定', { exact: false })).toBeVisible();
				if (login === 'committee01') await p.getByLabel('批准文号').fill('宁职称〔2026〕18号');
				await p.getByRole('button', { name: /^通过/ }).click();
				await expect(p).toHaveURL(/\/review$/);
				await p.close();
			}

			// 王芳's 查看审核进度: every level with its unit, time and result; the badge counted each change.
			await wang.goto('/me');
			await expect(caseRow(wang, caseId).getByTestId('case-status')).toHaveText(
				/审核通过|已通过|已办结/,
				{
					timeout: 30_000
				}
			);
			const badge = wang.getByTestId('notice-badge');
			await expect(badge).toHaveText(/\d+/, { timeout: 30_000 });
			const unread = Number((await badge.innerText()).match(/\d+/)![0]);
			// 受理 and a decision at each of four levels, the 退回, the unit's second 受理 and the
			// certificate the last 通过 issued.
			expect(unread).toBe(11);
			await wang.goto(`/cases/${caseId}`);
			await wang.getByRole('button', { name: '查看审核进度' }).click();
			const steps = wang.getByTestId('progress-step');
			await expect(steps).toHaveCount(4);
			for (const [i, unitName] of [
				'南京智造科技有限公司',
				'南京市工业和信息化局',
				'南京市人力资源和社会保障局职称申报点',
				'南京市工程技术中级资格评审委员会'
			].entries()) {
				const step = steps.nth(i);
				await expect(step).toHaveAttribute('data-state', 'passed');
				await expect(step).toContainText(unitName);
				await expect(step).toContainText(/\d{4}[-/]\d{1,2}[-/]\d{1,2}/);
				await expect(step).toContainText('通过');
			}
			await expect(steps.nth(0)).toContainText('退回');
			await expect(wang.getByTestId('review-progress')).toContainText('宁职称〔2026〕18号');
			await wang.getByTestId('review-progress').scrollIntoViewIfNeeded();
			await shot(wang, '45-phone-progress-approved');

			// The 评委会's 通过 issued her e-certificate: 在线领取 lists it, 有效, with 下载 and 申报表.
			await wang.goto('/certificates/receive');
			await wang.getByRole('button', { name: '查询' }).click();
			const issued = wang.getByTestId('certificate').filter({ hasText: '有效' });
			await expect(issued).toHaveCount(1, { timeout: 20_000 });
			await expect(issued).toContainText('工程师');
			await expect(issued.getByRole('button', { name: '下载' })).toBeVisible();
			await expect(issued.getByRole('link', { name: '申报表' })).toHaveAttribute(
				'href',
				`/cases/${caseId}/form.pdf`
			);
			await desk.close();
			await phone.close();
		});
	});

	test('a level and specialty with no open 评委会 shows 「未查到相关的评委会」', async ({
		page
	}) => {
		await login(page, '13800000001');
		await startFromNotice(page, 'review');
		await page.getByLabel('申报级别').selectOption('C');
		await page.getByLabel('申报系列').selectOption('accounting');
		await page.getByLabel('申报专业').selectOption('会计');
		const owner = page.locator('fieldset[data-field="committeeId"]');
		await expect(owner.getByTestId('owner-none')).toHaveText('未查到相关的评委会');
		// The committee of that series and level exists, but its 申报期 is over: no button for it.
		await expect(owner.getByRole('button')).toHaveCount(0);
		await owner.scrollIntoViewIfNeeded();
		await shot(page, '20-no-committee');
	});

	test('a manual education record needs a certificate number, and each number its upload', async ({
		page
	}) => {
		test.setTimeout(120_000);
		await login(page, '13800000001');
		await startReviewDeclaration(page);
		await openModule(page, /学历学位信息/);
		await page.getByRole('button', { name: '添加', exact: true }).click();
		const form = page.locator('#edu-form');
		await expect(form.getByRole('heading', { name: '添加学历学位信息' })).toBeVisible();
		await form.getByLabel('毕业院校').fill('南京邮电大学');
		await form.getByLabel('所学专业').fill('通信工程');
		await form.getByRole('combobox', { name: '学历', exact: true }).selectOption('本科');
		await form.getByRole('combobox', { name: '学位', exact: true }).selectOption('学士');
		await form.getByLabel('毕业时间').fill('2012-06-30');
		await form.getByLabel('学习形式').selectOption('全日制');

		// Neither number: refused.
		await form.getByRole('button', { name: '保存' }).click();
		const refused = form.getByRole('alert');
		await expect(refused).toContainText('学历证书编号、学位证书编号二者至少填写一项');
		await shot(page, '21-education-no-number');

		// A number without its upload: refused.
		await form.getByLabel('学历证书编号').fill('102931201205001234');
		await form.getByRole('button', { name: '保存' }).click();
		await expect(refused).toContainText('填写证书编号后必须上传对应的材料');
		await expect(refused).not.toContainText('二者至少填写一项');
		await expect(form).toBeVisible();
		await expect(page.getByTestId('education-record')).toHaveCount(0);
		await shot(page, '22-education-no-upload');

		// With the certificate uploaded, 保存 keeps it.
		await form.getByLabel('上传学历证书').setInputFiles({
			name: '学历证书.pdf',
			mimeType: 'application/pdf',
			buffer: tinyPdf('diploma')
		});
		await expect(form).toContainText('学历证书.pdf');
		await form.getByRole('button', { name: '保存' }).click();
		await expect(form).toBeHidden();
		const record = page.getByTestId('education-record');
		await expect(record).toHaveCount(1);
		await expect(record).toContainText('南京邮电大学');
		await expect(record).toContainText('手动添加');
		await expect(record.locator('.form-error')).toHaveCount(0);
	});

	test('取消申请 voids a draft and 我的办件 shows it as 已取消', async ({ page }) => {
		test.setTimeout(120_000);
		await login(page, '13800000001');
		const caseUrl = await startReviewDeclaration(page);
		const caseId = caseIdOf(caseUrl);
		await expect(saveState(page)).toHaveText('已备份', { timeout: 20_000 });
		await page.goto('/me');
		await expectCaseRow(page, caseId, '待提交', '已备份');
		await caseRow(page, caseId).getByRole('link', { name: '修改' }).click();
		await expect(moduleList(page)).toBeVisible();

		await page.getByRole('button', { name: '取消申请' }).click();
		const dialog = page.getByRole('alertdialog');
		await expect(dialog).toContainText('确定取消本次申请吗？取消后本办件作废。');
		await shot(page, '23-cancel-confirm');
		await dialog.getByRole('button', { name: '确定' }).click();
		await expect(page).toHaveURL(/\/me$/, { timeout: 30_000 });
		await expect(page.getByTestId('me-notice')).toHaveText('申报已取消。');
		const row = caseRow(page, caseId);
		await expect(row.getByTestId('case-status')).toHaveText('已取消');
		await expect(row.getByRole('link', { name: '查看办件详情' })).toBeVisible();
		await shot(page, '24-me-cancelled');

		await row.getByRole('link', { name: '查看办件详情' }).click();
		await expect(page.getByRole('heading', { name: '职称评审申报' })).toBeVisible();
		await expect(page.getByText('已取消', { exact: true }).first()).toBeVisible();
		await expect(page.getByRole('button', { name: '暂存' })).toHaveCount(0);
		await expect(page.getByRole('button', { name: '提交', exact: true })).toHaveCount(0);
		await expect(page.getByRole('link', { name: '申报表预览' })).toHaveCount(0);
	});
});

test.describe('职称初定申报 (manual ch. 2)', () => {
	test('李强 declares with a 报送受理部门 and 主管部门 无, submits; that level is skipped and 不通过 ends it', async ({
		page,
		context,
		browser
	}) => {
		test.setTimeout(180_000);
		await login(page, '13800000002');
		await page.goto('/declare/initial');
		await expect(page.getByText('苏人社发〔2020〕42号文')).toBeVisible();
		await shot(page, '30-initial-notice');
		await page.getByLabel('我已阅读并知晓').check();
		await startNewDraft(page);
		const caseId = caseIdOf(page.url());
		await expect(page.getByRole('heading', { name: '职称初定申报' })).toBeVisible();

		// 个人基本信息: 苏州 (昆山), 工作单位 filled in; 参加工作时间 counts the years.
		await expect(page.locator('#bi-region-1')).toHaveValue('320500');
		await expect(page.locator('#bi-unit')).toHaveValue('昆山精工机械有限公司');
		await page.getByLabel('移动电话').fill('13800000002');
		await page.getByLabel('参加工作时间').fill('2013-07-15');
		// 行政主管部门 无: the case skips the 主管部门 level.
		await page.locator('#bi-department').selectOption('dept-none');

		// 申报级别 → 申报系列 → 申报专业, then the 报送受理部门 buttons appear.
		const owner = page.locator('fieldset[data-field="acceptingDepartmentId"]');
		await expect(owner).toContainText('请先选择申报级别、申报系列和申报专业');
		await page.getByLabel('申报级别').selectOption('D');
		await page.getByLabel('申报系列').selectOption('engineering');
		await page.getByLabel('申报专业').selectOption('机械工程');
		await expect(owner.getByRole('button', { name: /苏州市人力资源和社会保障局/ })).toBeVisible();
		await owner.scrollIntoViewIfNeeded();
		await shot(page, '31-accepting-departments');
		// Chosen and 暂存 without a connection: the notice says where the words are until they are
		// sent (offline before the choice, so that its save cannot have reached the server already).
		await goOffline(context);
		const dialog = await chooseOwner(page, /苏州市人力资源和社会保障局/, /确定选择该报送受理部门/);
		await dialog.getByRole('button', { name: '确定' }).click();
		await page.getByRole('button', { name: '暂存' }).click();
		const notice = page.getByRole('status').filter({ hasText: /暂存成功|已保存在本设备/ });
		await expect(notice).toHaveText('已保存在本设备，联网后自动同步');
		await expect(moduleList(page)).toBeVisible();
		await goOnline(context);
		await expect(notice).toHaveText('暂存成功', { timeout: 20_000 });

		// The department's module set: no 工作经历 required for 初定.
		const list = moduleList(page);
		await expect(list.getByRole('link', { name: /工作总结/ }).getByLabel('必填')).toBeVisible();
		await expect(list.getByRole('link', { name: /工作经历/ }).getByLabel('必填')).toHaveCount(0);
		await shot(page, '32-initial-modules');

		await openModule(page, /学历学位信息/);
		await page.getByRole('button', { name: '自动获取' }).click();
		await expect(page.getByText('已自动获取 2 条学历学位信息')).toBeVisible({ timeout: 20_000 });
		await expect(page.getByTestId('education-record').filter({ hasText: '硕士' })).toHaveCount(1);

		await openModule(page, /申报基本信息/);
		const elig = page.getByTestId('eligibility');
		await expect(elig).toContainText('助理级');
		await expect(elig.locator('.block')).toHaveCount(0);

		await openModule(page, /工作总结/);
		await page.getByRole('textbox', { name: '工作总结' }).fill(workSummary(3));
		await page.getByRole('button', { name: '保存', exact: true }).click();

		await openModule(page, /单位公示及结果报告证明/);
		for (const label of ['单位同意申报证明', '个人承诺书']) {
			await page.getByLabel(`材料上传：${label}`).setInputFiles({
				name: `${label}.pdf`,
				mimeType: 'application/pdf',
				buffer: tinyPdf(label === '个人承诺书' ? 'pledge' : 'consent')
			});
			await expectUploaded(pdfSlot(page, label), `${label}.pdf`);
		}
		await expect(saveState(page)).toHaveText('已备份', { timeout: 30_000 });

		await submit(page, '33-initial-submit-confirm');
		await checkSubmitted(page, caseId, '职称初定申报', '34-initial');
		const progress = page.getByTestId('review-progress');
		await expect(progress).not.toContainText('评委会评审');
		await expect(progress).not.toContainText('主管部门审核');
		await expect(page.getByTestId('progress-step')).toHaveCount(2);
		await expect(page.getByTestId('progress-step').nth(1)).toContainText(
			'苏州市人力资源和社会保障局'
		);

		// unit02 decides 不通过, with its reason; 李强 sees both.
		const desk = await browser.newContext({
			viewport: { width: 1280, height: 800 },
			locale: 'zh-CN'
		});
		const reviewer = await reviewerPage(desk, 'unit02');
		await queueRow(reviewer, caseId).getByRole('link').first().click();
		await expect(reviewer.getByText('已锁定', { exact: false })).toBeVisible();
		await reviewer
			.getByLabel('理由（退回、不通过必填）')
			.fill('申报专业与现从事的专业技术工作不一致');
		await reviewer.getByRole('button', { name: /^不通过/ }).click();
		await reviewer.getByRole('alertdialog').getByRole('button', { name: '确定' }).click();
		await expect(reviewer).toHaveURL(/\/review$/);
		await desk.close();
		await page.goto(`/cases/${caseId}`);
		await page.getByRole('button', { name: '查看审核进度' }).click();
		await expect(page.getByTestId('progress-step').first()).toHaveAttribute(
			'data-state',
			'rejected',
			{
				timeout: 30_000
			}
		);
		await expect(page.getByTestId('review-progress')).toContainText(
			'申报专业与现从事的专业技术工作不一致'
		);
		await shot(page, '35-initial-rejected');
	});
});
