import { chromium, type BrowserContext } from '@playwright/test';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium';
import { startDeclaration } from './declaration';

export interface EditorCase {
	caseId: string;
	/** The demo applicant's `zc_session` cookie pair ("zc_session=…"). */
	cookie: string;
}

const SUMMARY =
	'2021年以来，本人主持完成市级科研项目3项，参与省级课题2项，发表论文4篇，' +
	'节约运行成本约12%，获单位科技进步二等奖。指导青年技术人员6名，组织技术培训20余次。';

const made = new Map<string, Promise<EditorCase>>();

/**
 * The demo applicant's 职称评审申报 with its declaration info and a 工作总结, backed up to the
 * server (已备份), made once per app: the page suites open it cold in fresh profiles.
 */
export function editorCase(url: string): Promise<EditorCase> {
	let c = made.get(url);
	if (!c) {
		c = makeCase(url);
		made.set(url, c);
		c.catch(() => made.delete(url));
	}
	return c;
}

/** Resolves once the server's pull carries the case's 工作总结 with SUMMARY. */
async function summaryOnServer(context: BrowserContext, url: string, caseId: string) {
	const deadline = Date.now() + 30_000;
	for (;;) {
		let since = '0';
		for (;;) {
			const input = encodeURIComponent(JSON.stringify({ since }));
			const res = await context.request.get(`${url}/api/trpc/sync.pull?input=${input}`);
			const page = (await res.json()).result.data as {
				changes: { type: string; module?: { caseId: string; module: string; data: unknown } }[];
				cursor: string;
				more: boolean;
			};
			const held = page.changes.some(
				(c) =>
					c.module?.caseId === caseId &&
					c.module.module === 'work_summary' &&
					(c.module.data as { text?: string }).text === SUMMARY
			);
			if (held) return;
			if (!page.more) break;
			since = page.cursor;
		}
		if (Date.now() > deadline) throw new Error(`case ${caseId}: 工作总结 never reached the server`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

async function makeCase(url: string): Promise<EditorCase> {
	const browser = await chromium.launch({
		executablePath: CHROMIUM_PATH,
		headless: true,
		args: CHROMIUM_FLAGS.filter((f) => f !== '--headless')
	});
	try {
		const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
		const login = await context.request.post(`${url}/api/trpc/auth.login`, {
			data: { identifier: '13800000001', password: 'Zhicheng#2026' },
			headers: { origin: url }
		});
		if (!login.ok()) throw new Error(`login failed: HTTP ${login.status()} ${await login.text()}`);
		const page = await context.newPage();
		const caseId = await startDeclaration(page, url, /工作总结/);
		await page.getByRole('textbox', { name: '工作总结' }).fill(SUMMARY);
		// 已备份 already shows from 暂存 before the words are sent: ask the server instead, or a
		// context closed at once can leave the case without its 工作总结 (seen: 2 runs in 3).
		await summaryOnServer(context, url, caseId);
		await page.getByTestId('save-state').filter({ hasText: '已备份' }).waitFor({ timeout: 30_000 });
		const session = (await context.cookies(url)).find((c) => c.name === 'zc_session');
		if (!session) throw new Error('no zc_session cookie after login');
		await context.close();
		return { caseId, cookie: `zc_session=${session.value}` };
	} finally {
		await browser.close();
	}
}
