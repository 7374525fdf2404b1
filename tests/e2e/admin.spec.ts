import { randomUUID } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import {
	goOffline,
	goOnline,
	login,
	openModule,
	saveState,
	startNewDraft,
	waitForServiceWorker,
	workSummaryBox
} from './helpers';

/**
 * 系统管理 (issue #16): the administrator's changes reach the applicant's phone and the review
 * desks — a new committee with an open 申报期 appears in 职称评审申报, a new module-set version
 * rebases the applicant's draft visibly (offline too, and 提交 follows it on both sides), a new
 * reviewer sees only their unit's cases, and the queue's export opens as XLSX with those rows.
 */

async function desk(browser: Browser, account: string, password?: string): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const page = await context.newPage();
	await login(page, account, password);
	return page;
}

/** datetime-local's value in the browser's zone (the runner's zone too). */
function localInput(at: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** 申报模块配置 of the statistics committee: the form of its next version. */
async function moduleSetForm(admin: Page, version: number) {
	await admin.goto('/admin/module-sets?kind=review&owner=cmt-nj-stat-c');
	const form = admin.getByTestId('module-set-form');
	await expect(form.getByRole('heading')).toHaveText(`编辑模块（保存为第 ${version} 版）`);
	return form;
}

/** 申报级别 → 申报系列 → 申报专业 on a 职称评审申报 draft; returns the 申报评委会 choice. */
async function chooseStatistics(page: Page) {
	await page.getByLabel('申报级别').selectOption('C');
	await page.getByLabel('申报系列').selectOption('statistics');
	await page.getByLabel('申报专业').selectOption('统计分析');
	return page.locator('fieldset[data-field="committeeId"]');
}

test('an administrator’s committee, 申报期, reviewer and export reach the people who use them', async ({
	browser,
	page: phone
}) => {
	test.setTimeout(300_000);
	// Before: no committee takes 统计 中级 in 南京.
	await login(phone, '13800000001');
	await phone.goto('/declare/review');
	await phone.getByLabel('我已阅读并知晓').check();
	await startNewDraft(phone);
	const caseUrl = phone.url();
	let owner = await chooseStatistics(phone);
	await expect(owner.getByTestId('owner-none')).toHaveText('未查到相关的评委会');

	// The administrator adds the committee …
	const admin = await desk(browser, 'admin');
	await admin.goto('/admin/reference?table=committees');
	await admin.getByRole('button', { name: '新增' }).click();
	const form = admin.locator('form', {
		has: admin.getByRole('heading', { name: /新增 · 评委会/ })
	});
	await form.getByLabel('编号').fill('cmt-nj-stat-c');
	await form.getByLabel('名称').fill('南京市统计专业中级资格评审委员会（示例）');
	await form.getByLabel('地区').selectOption('320100');
	await form.getByLabel('职称系列').selectOption('statistics');
	await form.getByRole('checkbox', { name: 'C', exact: true }).check();
	await form.getByLabel('专业（用逗号或顿号分隔）').fill('统计、统计分析');
	await form.getByLabel('电话').fill('025-12333');
	await form.getByRole('button', { name: '保存' }).click();
	await expect(admin.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
	await expect(admin.getByRole('row', { name: /cmt-nj-stat-c/ })).toContainText('南京市');

	// … which is not offered while it has no open 申报期 …
	await phone.goto(caseUrl);
	owner = await chooseStatistics(phone);
	await expect(owner.getByTestId('owner-none')).toHaveText('未查到相关的评委会');

	// … and opens its 申报期.
	await admin.goto('/admin/reference?table=declaration_periods');
	await admin.getByRole('button', { name: '新增' }).click();
	const now = Date.now();
	await admin.getByLabel('编号', { exact: true }).fill('per-nj-stat-c');
	await admin.getByLabel('评委会或报送受理部门编号').fill('cmt-nj-stat-c');
	await admin.getByLabel('开始时间').fill(localInput(new Date(now - 3600_000)));
	await admin.getByLabel('结束时间').fill(localInput(new Date(now + 30 * 24 * 3600_000)));
	await admin.getByRole('button', { name: '保存' }).click();
	await expect(admin.getByRole('row', { name: /per-nj-stat-c/ })).toContainText('✓');

	// Its 申报模块配置, version 1: 个人基本信息 and 申报基本信息 required, 继续教育 and 工作总结
	// optional.
	let sets = await moduleSetForm(admin, 1);
	await expect(admin.getByText('该年度尚无模块配置')).toBeVisible();
	for (const title of ['个人基本信息', '申报基本信息', '继续教育', '工作总结'])
		await sets.getByLabel(`显示：${title}`).check();
	for (const title of ['个人基本信息', '申报基本信息'])
		await sets.getByLabel(`必填（*）：${title}`).check();
	await sets.getByRole('button', { name: '保存为新版本' }).click();
	await expect(admin.getByRole('status').filter({ hasText: '已保存为第 1 版' })).toBeVisible();

	// The applicant's phone finds it in 职称评审申报 after its next load …
	await phone.goto(caseUrl);
	owner = await chooseStatistics(phone);
	await expect(owner.getByRole('button', { name: /南京市统计专业中级/ })).toBeVisible();
	await expect(owner.getByTestId('owner-none')).toHaveCount(0);

	// … and declares to it: 暂存 opens the module list of version 1.
	await owner.getByRole('button', { name: /南京市统计专业中级/ }).click();
	await phone.getByRole('alertdialog').getByRole('button', { name: '确定' }).click();
	await phone.getByLabel('移动电话').fill('13800000001');
	await phone.getByRole('button', { name: '暂存' }).click();
	await expect(phone.getByText('暂存成功')).toBeVisible({ timeout: 20_000 });
	const modules = phone.getByRole('navigation', { name: '申报信息模块' });
	const continuing = modules.getByRole('link', { name: /继续教育/ });
	await expect(continuing).toBeVisible();
	await expect(continuing.getByLabel('必填')).toHaveCount(0);
	await openModule(phone, /工作总结/);
	const summary = 'Version 1 asked for this summary; it stays after version 2 drops the module.';
	await workSummaryBox(phone).fill(summary);
	await expect(saveState(phone)).toHaveText('已备份', { timeout: 20_000 });
	await phone.getByRole('link', { name: '返回模块列表' }).click();
	await waitForServiceWorker(phone);

	// The administrator makes 继续教育 required in version 2, and drops 工作总结.
	sets = await moduleSetForm(admin, 2);
	await sets.getByLabel('必填（*）：继续教育').check();
	await sets.getByLabel('显示：工作总结').uncheck();
	await sets.getByRole('button', { name: '保存为新版本' }).click();
	await expect(admin.getByRole('status').filter({ hasText: '已保存为第 2 版' })).toBeVisible();
	await expect(admin.getByTestId('module-set-version')).toHaveCount(2);

	// One pull of the open draft brings 「申报要求有变化」 and the new * …
	await phone.evaluate(() => dispatchEvent(new Event('online')));
	const changed = phone.getByTestId('requirements-changed');
	await expect(changed).toContainText('申报要求有变化', { timeout: 20_000 });
	await expect(changed).toContainText('「继续教育」改为必填');
	await expect(changed).toContainText('「工作总结」已不在申报要求中，已填内容保留（只读）');
	await expect(continuing.getByLabel('必填')).toBeVisible();

	// … which stay offline: the dropped 工作总结 keeps its words, read-only and flagged, and 提交
	// is refused for 继续教育 alone.
	await goOffline(phone.context());
	await phone.goto(caseUrl);
	await expect(changed).toContainText('「继续教育」改为必填');
	await expect(continuing.getByLabel('必填')).toBeVisible();
	await expect(modules.getByRole('heading', { name: /已不在当前申报要求中/ })).toBeVisible();
	await openModule(phone, /工作总结/);
	await expect(phone.getByText('此模块已不在当前申报要求中')).toBeVisible();
	await expect(workSummaryBox(phone)).toHaveValue(summary);
	await expect(workSummaryBox(phone)).toHaveAttribute('readonly');
	await phone.getByRole('button', { name: '联网后提交' }).click();
	const issues = phone.getByTestId('submit-issues');
	await expect(issues.getByRole('listitem')).toHaveText(['必填模块“继续教育”尚未填写']);

	// The server refuses it with the same reason (a 提交 sent past the browser's check).
	await goOnline(phone.context());
	await phone.goto(caseUrl);
	const caseId = /\/cases\/([0-9a-f-]{36})/.exec(caseUrl)![1]!;
	const answer = await phone.request.post('/api/trpc/sync.push', {
		headers: { origin: new URL(caseUrl).origin },
		data: {
			clientId: randomUUID(),
			mutations: [
				{
					id: randomUUID(),
					caseId,
					op: 'case.submit',
					payload: { revisions: { basic_info: 1000, declaration_info: 1000, work_summary: 1000 } }
				}
			]
		}
	});
	const [verdict] = (await answer.json()).result.data.results;
	expect(verdict.status).toBe('rejected');
	expect(verdict.reason).toContain('必填模块“继续教育”尚未填写');

	// Filled, it goes through.
	await openModule(phone, /继续教育/);
	await phone.getByRole('button', { name: '添加', exact: true }).click();
	const row = phone.locator('#row-form-continuing_education');
	await row.getByLabel('开始年月').fill('2024-03');
	await row.getByLabel('结束年月（空为至今）').fill('2024-06');
	await row.getByLabel('组织单位').fill('江苏省专业技术人员继续教育基地');
	await row.getByLabel('学习内容').fill('统计数据分析方法');
	await row.getByLabel('学时').fill('48');
	await row.getByRole('button', { name: '保存' }).click();
	await expect(row).toBeHidden();
	await phone.getByRole('button', { name: '提交', exact: true }).click();
	await phone.getByRole('alertdialog').getByRole('button', { name: '确定' }).click();
	await expect(phone.getByRole('status').filter({ hasText: '已提交' })).toBeVisible({
		timeout: 30_000
	});
	// 知道了 marks the notice read here and, once synced, on the server: her other devices (and the
	// later specs that count 王芳's unread notices) no longer count it.
	await phone.getByTestId('requirements-changed').getByRole('button', { name: '知道了' }).click();
	await expect(phone.getByTestId('requirements-changed')).toHaveCount(0);
	await expect
		.poll(
			async () => {
				const input = encodeURIComponent(JSON.stringify({ since: '0' }));
				const res = await phone.request.get(`/api/trpc/sync.pull?input=${input}`);
				const { changes } = (await res.json()).result.data as {
					changes: { type: string; notice?: { kind: string; readAt: string | null } }[];
				};
				return changes.filter(
					(c) => c.notice?.kind === 'requirements_changed' && c.notice.readAt === null
				).length;
			},
			{ timeout: 20_000 }
		)
		.toBe(0);

	// A reviewer for 昆山精工机械: the one-time password is shown once.
	await admin.goto('/admin/reviewers');
	await admin.getByRole('button', { name: '新建审核人员' }).click();
	await admin.getByLabel('账号', { exact: true }).fill('unit03');
	await admin.getByLabel('名称', { exact: true }).fill('昆山精工机械 复核');
	await admin.getByLabel('范围类型').selectOption('unit');
	await admin.getByLabel('范围编号').fill('wu-sz-001');
	await admin.getByRole('button', { name: '保存' }).click();
	const code = (await admin.getByTestId('one-time-code').textContent())!.trim();
	expect(code).toMatch(/^[A-Za-z0-9]{12}$/);
	await admin.getByRole('button', { name: '我已记下，关闭' }).click();
	await expect(admin.getByTestId('one-time-code')).toHaveCount(0);
	await expect(admin.getByRole('row', { name: /unit03/ })).toContainText('昆山精工机械有限公司');

	const reviewer = await desk(browser, 'unit03', code);
	await reviewer.goto('/review');
	const rows = reviewer.getByTestId('queue-row');
	await expect(rows.first()).toBeVisible();
	const names = (await rows.allTextContents()).join(' ');
	expect(names).toContain('陈刚（示例）');
	expect(names).toContain('褚红（示例）');
	expect(names).not.toContain('赵敏（示例）');
	const queueCount = await rows.count();
	// Exports are the administrator's only, whoever posts the form.
	const refused = await reviewer.request.post('/admin/export', {
		headers: { origin: new URL(reviewer.url()).origin },
		form: { source: 'queue', key: 'unit:wu-sz-001', format: 'csv' }
	});
	expect(refused.status()).toBe(403);

	// The queue's export downloads as XLSX with those rows, ID numbers masked.
	await admin.goto('/admin/exports');
	await admin.getByRole('radio', { name: '审核队列' }).check();
	await admin.locator('#export-key').selectOption('unit:wu-sz-001');
	const [download] = await Promise.all([
		admin.waitForEvent('download'),
		admin.getByRole('button', { name: '导出', exact: true }).click()
	]);
	expect(download.suggestedFilename()).toBe('queue-unit_wu-sz-001.xlsx');
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.readFile((await download.path())!);
	const sheet = workbook.worksheets[0]!;
	const values = sheet.getSheetValues().slice(1) as unknown[][];
	expect(values[0]!.slice(1, 4)).toEqual(['办件编号', '姓名', '身份证号']);
	const exported = values.slice(1).map((r) => ({ name: r[2], id: r[3] }));
	expect(exported).toHaveLength(queueCount);
	expect(exported.map((r) => r.name).sort()).toEqual(['褚红（示例）', '陈刚（示例）'].sort());
	for (const r of exported) expect(r.id).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);

	await admin.context().close();
	await reviewer.context().close();
});
