import { describe, expect, it } from 'vitest';
import { MAX_NAME_LENGTH, safeFilename } from './safe-name';

describe('safeFilename', () => {
	it('keeps an ordinary name, Chinese included', () => {
		expect(safeFilename('学历证书 (2024).pdf')).toBe('学历证书 (2024).pdf');
		expect(safeFilename('IMG_0001.JPG')).toBe('IMG_0001.JPG');
	});

	it('drops controls, NUL and bidirectional overrides; replaces separators', () => {
		expect(safeFilename('a\u0000b\r\n\t.pdf')).toBe('ab.pdf');
		expect(safeFilename('photo\u202Egpj.pdf')).toBe('photogpj.pdf');
		expect(safeFilename('\u2067x\u2069\u200F.pdf')).toBe('x.pdf');
		expect(safeFilename('../../etc/passwd.pdf')).toBe('_.._etc_passwd.pdf');
		expect(safeFilename('C:\\x\\y.pdf')).toBe('C__x_y.pdf');
		expect(safeFilename('a"b<c>|?*.pdf')).toBe('a_b_c____.pdf');
	});

	it('has no leading dots or spaces, and a fallback when nothing is left', () => {
		expect(safeFilename('  ..hidden.pdf ')).toBe('hidden.pdf');
		expect(safeFilename('\u202E\u0000')).toBe('file');
		expect(safeFilename('...')).toBe('file');
	});

	it('is NFC and cuts a long name at a character, keeping its extension', () => {
		expect(safeFilename('e\u0301.pdf')).toBe('\u00e9.pdf');
		const long = safeFilename('证'.repeat(300) + '.pdf');
		expect([...long]).toHaveLength(MAX_NAME_LENGTH);
		expect(long.endsWith('证.pdf')).toBe(true);
		const emoji = safeFilename('😀'.repeat(300) + '.png');
		expect(emoji.endsWith('😀.png')).toBe(true);
	});

	it('changes nothing in a name already safe', () => {
		for (const name of ['a.pdf', '证件照.jpg', 'x_.._y.png']) {
			expect(safeFilename(safeFilename(name))).toBe(safeFilename(name));
		}
	});
});
