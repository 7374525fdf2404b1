import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validReviewModules } from '$lib/domain/modules/fixtures';
import { setDb } from '../db/client';
import { loadSessionUser, type SessionUser } from '../auth/users';
import { seedDemoAccounts } from '../seed/demo';
import { chinaYear } from '../services/reference';
import { declarationFormFor } from '../services/declaration-form';
import { GET as formGet } from '../../routes/cases/[id]/form.pdf/+server';
import { GET as templateGet } from '../../routes/templates/[name]/+server';
import { openTestDatabase, type TestDatabase } from '../../../tests/helpers/db';
import { userIdBy } from '../../../tests/helpers/context';

const SUMMARY_1 =
	'本人长期从事电子信息领域的嵌入式软件研发工作，主持完成多项产品的系统设计与测试。'.repeat(12);
const SUMMARY_2 =
	'近五年来，本人带领团队完成智能电表固件的国产化替代，累计出货逾百万台，获得用户好评。'.repeat(10);

let db: TestDatabase;
let wang: string;
let li: string;
let caseId: string;
const dir = mkdtempSync(path.join(tmpdir(), 'zc-form-'));

function save(pdf: Uint8Array, name: string): string {
	const file = path.join(dir, name);
	writeFileSync(file, pdf);
	return file;
}

function pdfText(file: string): string {
	return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** Dark pixels of page 1 rendered with no system fonts at all: only embedded glyphs can ink. */
function inkWithoutSystemFonts(file: string): number {
	const conf = path.join(dir, 'fonts.conf');
	writeFileSync(conf, '<?xml version="1.0"?><fontconfig></fontconfig>');
	const pgm = execFileSync('pdftoppm', ['-gray', '-r', '40', '-f', '1', '-l', '1', file], {
		env: { ...process.env, FONTCONFIG_FILE: conf }
	});
	// P5 header: magic, width, height, maxval, each followed by one whitespace byte.
	const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
	return pgm.subarray(header[0].length).filter((v) => v < 128).length;
}

async function insertCase(applicant: string, kind: string, receiptNo: string | null) {
	const id = randomUUID();
	await db.sql`insert into cases (id, applicant_id, kind, status, receipt_no)
		values (${id}, ${applicant}, ${kind}, ${receiptNo ? 'submitted' : 'draft'}, ${receiptNo})`;
	return id;
}

async function saveModules(id: string, modules: Record<string, Record<string, unknown>>) {
	for (const [module, data] of Object.entries(modules))
		await db.sql`insert into case_modules (case_id, module, data, revision)
			values (${id}, ${module}, ${db.sql.json(data as never)}, 1)`;
}

async function attach(id: string, owner: string, slot: string, name: string) {
	const fileId = randomUUID();
	await db.sql`insert into uploads (id, owner_id, case_id, name, mime, size, sha256, storage_key, status)
		values (${fileId}, ${owner}, ${id}, ${name}, 'application/pdf', 1024, ${'a'.repeat(64)},
			${'test/' + fileId}, 'verified')`;
	await db.sql`insert into attachments (id, case_id, module, slot)
		values (${fileId}, ${id}, 'unit_proof', ${slot})`;
	return fileId;
}

beforeAll(async () => {
	db = await openTestDatabase();
	setDb(db.sql);
	await seedDemoAccounts(db.sql);
	wang = await userIdBy(db.sql, '13800000001');
	li = await userIdBy(db.sql, '13800000002');
	caseId = await insertCase(wang, 'review', 'ZC20260315000042');
	const modules = validReviewModules(chinaYear(), {
		unitConsent: await attach(caseId, wang, 'unit_consent', '单位同意申报证明（盖章）.pdf'),
		personalPledge: await attach(caseId, wang, 'personal_pledge', '个人承诺书.pdf')
	});
	modules.work_summary = { text: `${SUMMARY_1}\n\n${SUMMARY_2}` };
	modules.annual_review = { rows: [{ year: 2024, result: '优秀' }] };
	await saveModules(caseId, modules);
});

afterAll(async () => {
	setDb(null);
	await db.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('申报表', () => {
	let file: string;
	let text: string;

	beforeAll(async () => {
		const form = await declarationFormFor(db.sql, wang, caseId);
		expect(form?.filename).toBe('专业技术资格申报表-ZC20260315000042.pdf');
		file = save(form!.pdf, 'form.pdf');
		text = pdfText(file);
	});

	it('has the header, the applicant, the title applied for and the reference names', () => {
		expect(text).toContain('专业技术资格申报表');
		expect(text).toContain('ZC20260315000042');
		expect(text).toContain('王芳');
		expect(text).toContain('320102********0025');
		expect(text).not.toContain('320102199003070025');
		expect(text).toMatch(/申报资格名称\s+工程师/);
		expect(text).toContain('南京市工程技术中级资格评审委员会');
		expect(text).toContain('南京市工业和信息化局');
		expect(text).toContain('南京市鼓楼区');
	});

	it('has every section of the module set, in order, and the proofs attached', () => {
		const order = ['个人基本信息', '申报基本信息', '学历学位信息', '工作经历', '工作总结'];
		const at = order.map((h) => text.indexOf(h));
		expect(at.every((i) => i >= 0)).toBe(true);
		expect([...at].sort((a, b) => a - b)).toEqual(at);
		expect(text).toContain('东南大学');
		expect(text).toContain('智能电表嵌入式固件');
		expect(text).toContain('单位同意申报证明（盖章）.pdf');
		expect(text).toContain('本表一式两份');
		expect(text).toMatch(/第\s*1\s*页\s*共\s*\d+\s*页/);
	});

	it('has the whole work summary, both paragraphs', () => {
		const flat = text.replace(/第\s*\d+\s*页\s*共\s*\d+\s*页/g, '').replace(/\s+/g, '');
		expect(flat).toContain(SUMMARY_1);
		expect(flat).toContain(SUMMARY_2);
		expect(flat.indexOf(SUMMARY_1)).toBeLessThan(flat.indexOf(SUMMARY_2));
	});

	it('embeds its font: pages have ink with no system fonts', () => {
		expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(
			/CID TrueType\s+Identity-H\s+yes/
		);
		expect(inkWithoutSystemFonts(file)).toBeGreaterThan(500);
	});

	it('is nobody else’s: another applicant gets nothing', async () => {
		expect(await declarationFormFor(db.sql, li, caseId)).toBeNull();
		expect(await declarationFormFor(db.sql, wang, randomUUID())).toBeNull();
		expect(await declarationFormFor(db.sql, wang, 'not-a-uuid')).toBeNull();
	});

	it('of a 初定 draft keeps a rare name whole', async () => {
		await db.sql`update users set name = '龚䶮㛃' where id = ${li}`;
		const id = await insertCase(li, 'initial', null);
		await saveModules(id, {
			declaration_info: {
				level: 'D',
				seriesId: 'engineering',
				specialty: '机械工程',
				acceptingDepartmentId: 'ad-sz',
				year: chinaYear()
			}
		});
		const form = await declarationFormFor(db.sql, li, id);
		const draft = pdfText(save(form!.pdf, 'initial.pdf'));
		expect(draft).toContain('职称初定申报表');
		expect(draft).toContain('龚䶮㛃');
		expect(draft).toContain('助理工程师');
		expect(draft).toContain('苏州市人力资源和社会保障局');
		expect(draft).toContain('提交后生成');
	});
});

describe('endpoints', () => {
	const event = (user: SessionUser | null, params: Record<string, string>, query = '') =>
		({ locals: { user }, params, url: new URL(`http://x/any${query}`) }) as never;

	it('serve the own 申报表 inline, or as a download, with strict headers', async () => {
		const user = await loadSessionUser(db.sql, wang);
		const res = await formGet(event(user, { id: caseId }));
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		expect(res.headers.get('content-disposition')).toMatch(/^inline; .*filename\*=UTF-8''/);
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('cache-control')).toBe('private, no-store');
		expect(
			Buffer.from(await res.arrayBuffer())
				.subarray(0, 5)
				.toString()
		).toBe('%PDF-');
		const download = await formGet(event(user, { id: caseId }, '?download=1'));
		expect(download.headers.get('content-disposition')).toBe(
			`attachment; filename="_________-ZC20260315000042.pdf"; ` +
				`filename*=UTF-8''${encodeURIComponent('专业技术资格申报表-ZC20260315000042.pdf')}`
		);
	});

	it('refuse others’ cases and reviewers outside the case (404), and non-applicants (403)', async () => {
		const other = await loadSessionUser(db.sql, li);
		await expect(formGet(event(other, { id: caseId }))).rejects.toMatchObject({ status: 404 });
		const staff = await loadSessionUser(db.sql, await userIdBy(db.sql, 'committee01'));
		await expect(formGet(event(staff, { id: caseId }))).rejects.toMatchObject({ status: 404 });
		const admin = await loadSessionUser(db.sql, await userIdBy(db.sql, 'admin'));
		await expect(formGet(event(admin, { id: caseId }))).rejects.toMatchObject({ status: 403 });
		await expect(formGet(event(null, { id: caseId }))).rejects.toMatchObject({ status: 403 });
		await expect(templateGet(event(staff, { name: 'unit-consent' }))).rejects.toMatchObject({
			status: 403
		});
	});

	it('serve both templates filled in for the applicant, and nothing else', async () => {
		const user = await loadSessionUser(db.sql, wang);
		for (const [name, title] of [
			['unit-consent', '单位同意申报证明'],
			['personal-pledge', '个人承诺书']
		] as const) {
			const res = await templateGet(event(user, { name }));
			expect(res.headers.get('content-disposition')).toMatch(/^attachment; /);
			const file = save(new Uint8Array(await res.arrayBuffer()), `${name}.pdf`);
			const text = pdfText(file);
			expect(text).toContain(title);
			expect(text).toContain('王芳');
		}
		await expect(templateGet(event(user, { name: 'other' }))).rejects.toMatchObject({
			status: 404
		});
	});
});
