import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { personalPledgeTemplate, unitConsentTemplate } from './templates';

const dir = mkdtempSync(path.join(tmpdir(), 'zc-tpl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdfText(bytes: Uint8Array, name: string): string {
	const file = path.join(dir, name);
	writeFileSync(file, bytes);
	return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

const applicant = {
	name: '王芳',
	idNumber: '320102199003070025',
	unitName: '南京智造科技有限公司'
};

describe('模板下载', () => {
	it('单位同意申报证明 names the applicant with a masked ID number and leaves the seal blank', async () => {
		const text = pdfText(await unitConsentTemplate(applicant), 'consent.pdf');
		expect(text).toContain('单位同意申报证明');
		expect(text).toContain('王芳');
		expect(text).toContain('320102********0025');
		expect(text).not.toContain('320102199003070025');
		expect(text).toContain('南京智造科技有限公司');
		expect(text).toMatch(/盖章/);
	});

	it('个人承诺书 names the applicant', async () => {
		const text = pdfText(await personalPledgeTemplate(applicant), 'pledge.pdf');
		expect(text).toContain('个人承诺书');
		expect(text).toContain('本人王芳');
		expect(text).toContain('320102********0025');
		expect(text).toContain('承诺人');
	});

	it('a name outside the font keeps a visible mark and its code point', async () => {
		const text = pdfText(
			await personalPledgeTemplate({ ...applicant, name: '李\u{20000}' }),
			'rare.pdf'
		);
		expect(text).toContain('李〓(U+20000)');
	});
});
