import { createHash, randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tinyPdf } from '../../../tests/helpers/pdf';
import {
	PdfScriptScanner,
	checkDeclaredType,
	checkRealType,
	decodePdfName,
	scanPdf,
	sniffType,
	typeForFilename,
	verifyBytes
} from './verify';

const enc = new TextEncoder();

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

function sha(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

async function* chunks(bytes: Uint8Array, size: number) {
	for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function declared(bytes: Uint8Array, filename: string, filetype: string) {
	return { filename, filetype, size: bytes.length, sha256: sha(bytes) };
}

describe('type sniffing', () => {
	it('knows PDF, JPEG and PNG by their first bytes and nothing else', () => {
		expect(sniffType(tinyPdf())).toBe('application/pdf');
		expect(sniffType(JPEG)).toBe('image/jpeg');
		expect(sniffType(PNG)).toBe('image/png');
		expect(sniffType(enc.encode('GIF89a'))).toBeNull();
		expect(sniffType(enc.encode('<html>'))).toBeNull();
		expect(sniffType(new Uint8Array([0xff, 0xd8]))).toBeNull();
		expect(sniffType(randomBytes(64).fill(0, 0, 1))).toBeNull();
	});

	it('checks the declared type against the extension and the bytes', () => {
		expect(typeForFilename('职称证书.PDF')).toBe('application/pdf');
		expect(typeForFilename('photo.jpeg')).toBe('image/jpeg');
		expect(typeForFilename('a.png')).toBe('image/png');
		expect(typeForFilename('a.pdf.exe')).toBeNull();
		expect(checkDeclaredType('a.pdf', 'application/pdf')).toBeNull();
		expect(checkDeclaredType('a.pdf', 'image/png')).toBe('file_type_mismatch');
		expect(checkDeclaredType('a.gif', 'image/gif')).toBe('file_type_not_allowed');
		expect(checkDeclaredType('a.html', 'application/pdf')).toBe('file_type_not_allowed');
		expect(checkRealType('image/jpeg', 'scan.pdf', 'application/pdf')).toBe('file_type_mismatch');
		expect(checkRealType('image/png', 'scan.png', 'image/png')).toBeNull();
		expect(checkRealType(null, 'scan.png', 'image/png')).toBe('file_type_mismatch');
	});
});

describe('PDF script scan', () => {
	it('decodes #xx escapes in names', () => {
		expect(decodePdfName(enc.encode('J#61vaScript'))).toBe('JavaScript');
		expect(decodePdfName(enc.encode('#4A#53'))).toBe('JS');
		expect(decodePdfName(enc.encode('A#2'))).toBe('A#2');
	});

	it('passes a plain PDF', () => {
		expect(scanPdf(tinyPdf())).toEqual({ scripts: [], unreadable: false });
	});

	it('finds /JavaScript, /JS, /OpenAction with /JS, /AA with JS and hex-escaped names', () => {
		const action = '<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>';
		expect(scanPdf(tinyPdf([action])).scripts).toEqual(['/JavaScript', '/JS']);
		expect(scanPdf(tinyPdf([], '/OpenAction << /JS (app.alert(1)) >>')).scripts).toEqual(['/JS']);
		expect(scanPdf(tinyPdf([], '/AA << /O << /S /JavaScript /JS 5 0 R >> >>')).scripts).toEqual([
			'/JavaScript',
			'/JS'
		]);
		expect(scanPdf(tinyPdf(['<< /S /J#61vaScript /J#53 (x) >>'])).scripts).toEqual([
			'/J#61vaScript',
			'/J#53'
		]);
		expect(scanPdf(tinyPdf([], '/OpenAction << /S /#4A#61#76#61Script >>')).scripts).toHaveLength(
			1
		);
	});

	it('does not take /JSON or /JavaScripts for script names', () => {
		expect(scanPdf(tinyPdf(['<< /JSON 1 /JavaScripts 2 /XJS 3 >>'])).scripts).toEqual([]);
	});

	it('finds names split across chunk boundaries, at every split point', () => {
		const bytes = tinyPdf(['<< /S /J#61vaScript >>']);
		const at = Buffer.from(bytes).indexOf('/J#61va');
		for (let cut = at - 2; cut < at + 12; cut++) {
			const scanner = new PdfScriptScanner();
			scanner.push(bytes.subarray(0, cut));
			scanner.push(bytes.subarray(cut));
			expect(scanner.finish().scripts, `cut at ${cut}`).toEqual(['/J#61vaScript']);
		}
	});

	it('inflates FlateDecode object streams and finds scripts hidden there', () => {
		const inner = enc.encode('5 0 << /S /JavaScript /JS (app.alert(1)) >>');
		const z = deflateSync(inner);
		const objStm = `<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${z.length} >>\nstream\n`;
		const pdf = Buffer.concat([
			Buffer.from(tinyPdf()).subarray(0, 20),
			Buffer.from(`6 0 obj\n${objStm}`, 'latin1'),
			z,
			Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1')
		]);
		expect(scanPdf(pdf).scripts).toEqual(['/JavaScript', '/JS']);
		// A clean object stream passes.
		const clean = deflateSync(enc.encode('5 0 << /Type /Font /Subtype /Type1 >>'));
		const ok = Buffer.concat([
			Buffer.from(`%PDF-1.7\n6 0 obj\n<< /Type /ObjStm /Filter /FlateDecode >>\nstream\r\n`),
			clean,
			Buffer.from('\r\nendstream\nendobj\n')
		]);
		expect(scanPdf(ok)).toEqual({ scripts: [], unreadable: false });
	});

	it('calls an object stream it cannot decode unreadable', () => {
		const pdf = enc.encode(
			'%PDF-1.7\n6 0 obj\n<< /Type /ObjStm /Filter /LZWDecode >>\nstream\nxxxx\nendstream\nendobj\n'
		);
		expect(scanPdf(pdf).unreadable).toBe(true);
		const broken = enc.encode(
			'%PDF-1.7\n6 0 obj\n<< /Type /ObjStm /Filter /FlateDecode >>\nstream\nnot zlib\nendstream\nendobj\n'
		);
		expect(scanPdf(broken).unreadable).toBe(true);
	});

	it('skips image data but not an object hidden after a fake stream start', () => {
		// Random image bytes never count, even when they happen to contain "/JS ".
		const image = Buffer.concat([randomBytes(5000), Buffer.from('/JS '), randomBytes(5000)]);
		const withImage = Buffer.concat([
			Buffer.from('%PDF-1.7\n7 0 obj\n<< /Subtype /Image /Filter /DCTDecode >>\nstream\n'),
			image,
			Buffer.from('\nendstream\nendobj\n')
		]);
		expect(scanPdf(withImage).scripts).toEqual([]);
		// "stream" without its end: an object header inside ends the skipping.
		const hidden = enc.encode(
			'%PDF-1.7\n7 0 obj\n<< /Filter /DCTDecode >>\nstream\nxx\n8 0 obj\n<< /S /JavaScript >>\nendobj\n'
		);
		expect(scanPdf(hidden).scripts).toEqual(['/JavaScript']);
	});

	it('reads strings and comments too: a reader may jump into them through the xref table', () => {
		expect(scanPdf(enc.encode('%PDF-1.7\n( 9 0 obj << /JS (x) >> endobj\n')).scripts).toEqual([
			'/JS'
		]);
		expect(scanPdf(enc.encode('%PDF-1.7\n% 9 0 obj << /JavaScript >>\n')).scripts).toEqual([
			'/JavaScript'
		]);
	});
});

describe('PDF script scan: jumping over runs', () => {
	/** The reference: every byte read one by one, in one piece. */
	function slow(bytes: Uint8Array) {
		const scanner = new PdfScriptScanner(false, false);
		scanner.push(bytes);
		return scanner.finish();
	}

	function fastIn(bytes: Uint8Array, cuts: number[]) {
		const scanner = new PdfScriptScanner();
		let from = 0;
		for (const cut of [...cuts, bytes.length]) {
			scanner.push(bytes.subarray(from, cut));
			from = cut;
		}
		return scanner.finish();
	}

	/** Deterministic pseudo-random numbers (a failure can be replayed from its seed). */
	function rng(seed: number) {
		let x = seed >>> 0 || 1;
		return (n: number) => {
			x ^= x << 13;
			x >>>= 0;
			x ^= x >>> 17;
			x ^= x << 5;
			x >>>= 0;
			return x % n;
		};
	}

	const TOKENS = [
		'/JS',
		'/JavaScript',
		'/J#61vaScript',
		'/J#53',
		'/#4A#53',
		'/JSON',
		'/Filter',
		'/FlateDecode',
		'/Fl',
		'/ObjStm',
		'/DCTDecode',
		'/LZWDecode',
		'/Type',
		'/',
		'<<',
		'>>',
		'>',
		'> >',
		'obj',
		'endobj',
		'stream',
		'endstream',
		'xstream',
		'streamx',
		'endobjx',
		'aaaaaaaaaaaaaaaaaaaastream',
		'bbbbbbbbbbbbbobj',
		'endstrea',
		'1 0 obj',
		'12 0 obj',
		'(',
		')',
		'[',
		']',
		'%',
		'%comment',
		'{',
		'}',
		'42',
		'R',
		'foo',
		'\0'
	];
	const GAPS = [' ', '\n', '\r\n', '\r', '\t', '', '  ', '\f', '\0', ' '.repeat(300)];

	function noise(next: (n: number) => number, length: number): Buffer {
		return Buffer.from(Array.from({ length }, () => next(256)));
	}

	function soup(next: (n: number) => number, length: number): Buffer {
		const parts: Buffer[] = [Buffer.from('%PDF-1.7\n')];
		for (let t = 0; t < length; t++) {
			const r = next(20);
			if (r === 0) {
				// A filtered stream: deflated token soup (read after inflating) or image bytes.
				const inner = Buffer.from(
					Array.from({ length: 8 }, () => TOKENS[next(TOKENS.length)]).join(' ')
				);
				const flate = next(2) === 0;
				const head = flate ? '<< /Filter /FlateDecode >>' : '<< /Filter /DCTDecode >>';
				const data = flate ? deflateSync(inner) : Buffer.concat([noise(next, next(400)), inner]);
				parts.push(
					Buffer.from(`${head}${GAPS[next(4)]}stream\n`),
					data,
					Buffer.from('\nendstream')
				);
			} else if (r === 1) {
				parts.push(noise(next, next(64)));
			} else {
				parts.push(Buffer.from(TOKENS[next(TOKENS.length)]!, 'latin1'));
			}
			parts.push(Buffer.from(GAPS[next(GAPS.length)]!, 'latin1'));
		}
		return Buffer.concat(parts);
	}

	it('finds what byte-by-byte reading finds, however the bytes are cut', () => {
		for (let seed = 1; seed <= 300; seed++) {
			const next = rng(seed);
			const bytes = soup(next, 5 + next(120));
			const expected = slow(bytes);
			expect(fastIn(bytes, []), `seed ${seed}, one piece`).toEqual(expected);
			const cuts = Array.from({ length: next(12) }, () => next(bytes.length + 1)).sort(
				(a, b) => a - b
			);
			expect(fastIn(bytes, cuts), `seed ${seed}, cuts ${cuts.join(',')}`).toEqual(expected);
			const size = 1 + next(24);
			const small = Array.from({ length: Math.floor(bytes.length / size) }, (_, k) => k * size);
			expect(fastIn(bytes, small), `seed ${seed}, pieces of ${size}`).toEqual(expected);
		}
	});

	it('lands right at every split point around keywords, names and stream ends', () => {
		const z = deflateSync(enc.encode('<< /S /JavaScript >>'));
		const pieces = [
			'%PDF-1.7\n1 0 obj\n<< /Filter /DCTDecode >>\nstream\n',
			'xx 2 0 ob endstrea 3 0 obj << /J#53 (x) >> endobj\n',
			'4 0 obj\n<< /Length 3 >>   \r\nstream\r\n/JS\nendstream\nendobj\n',
			'aaaaaaaaaaaaaaaaaaaaaaaaastream >> streamendobj\n',
			`5 0 obj\n<< /Type /ObjStm /Filter /FlateDecode >>stream\n`
		];
		const bytes = Buffer.concat([
			...pieces.map((p) => Buffer.from(p, 'latin1')),
			z,
			Buffer.from('\nendstream\nendobj\n6 0 obj << /F#6Cter /DCTDecode >> stream\n/JS\n', 'latin1'),
			Buffer.from('endstream endobj\n%%EOF\n', 'latin1')
		]);
		const expected = slow(bytes);
		expect(expected.scripts).toEqual(['/J#53', '/JS', '/JavaScript', '/JS']);
		for (let cut = 0; cut <= bytes.length; cut++) {
			expect(fastIn(bytes, [cut]), `cut at ${cut}`).toEqual(expected);
		}
		for (let size = 1; size <= 9; size++) {
			const cuts = Array.from({ length: Math.floor(bytes.length / size) }, (_, k) => k * size);
			expect(fastIn(bytes, cuts), `pieces of ${size}`).toEqual(expected);
		}
	});

	it('still ends skipped data at an object header found after a long jump', () => {
		const image = Buffer.concat([
			Buffer.from('%PDF-1.7\n7 0 obj\n<< /Filter /DCTDecode >>\nstream\n'),
			Buffer.alloc(200_000, 0x41),
			Buffer.from('\n8 0 obj\n<< /S /JavaScript >>\nendobj\n')
		]);
		for (const size of [1000, 4096, 65_536, image.length]) {
			const cuts = Array.from({ length: Math.ceil(image.length / size) }, (_, k) => k * size);
			expect(fastIn(image, cuts).scripts, `pieces of ${size}`).toEqual(['/JavaScript']);
		}
	});

	it('reads a long word ending in a keyword as one word', () => {
		const pad = 'x'.repeat(40);
		const bytes = enc.encode(
			`%PDF-1.7\n1 0 obj << /Filter /DCTDecode >> ${pad}stream\n/JS\n${pad}endobj /JavaScript\n`
		);
		// Neither long word is a keyword: no stream starts, the object's names stay.
		expect(slow(bytes).scripts).toEqual(['/JS', '/JavaScript']);
		for (let cut = 0; cut <= bytes.length; cut++) {
			expect(fastIn(bytes, [cut]).scripts, `cut at ${cut}`).toEqual(['/JS', '/JavaScript']);
		}
	});
});

describe('verifyBytes', () => {
	it('accepts a valid PDF, read in odd-sized chunks', async () => {
		const pdf = tinyPdf();
		const result = await verifyBytes(chunks(pdf, 7), declared(pdf, 'a.pdf', 'application/pdf'));
		expect(result).toMatchObject({ ok: true, reason: null, mime: 'application/pdf' });
		expect(result.sha256).toBe(sha(pdf));
		expect(result.size).toBe(pdf.length);
	});

	it('refuses a PDF with /JavaScript and one with /J#61vaScript', async () => {
		for (const name of ['/JavaScript', '/J#61vaScript']) {
			const pdf = tinyPdf([`<< /S ${name} /Foo (bar) >>`]);
			const result = await verifyBytes(chunks(pdf, 64), declared(pdf, 'a.pdf', 'application/pdf'));
			expect(result.reason).toBe('file_pdf_script');
			expect(result.scripts).toEqual([name]);
		}
	});

	it('refuses a JPEG renamed .pdf', async () => {
		const result = await verifyBytes(
			chunks(JPEG, 4),
			declared(JPEG, 'scan.pdf', 'application/pdf')
		);
		expect(result).toMatchObject({ ok: false, reason: 'file_type_mismatch', mime: 'image/jpeg' });
	});

	it('accepts a PNG and refuses random bytes', async () => {
		const png = await verifyBytes(chunks(PNG, 3), declared(PNG, 'photo.png', 'image/png'));
		expect(png).toMatchObject({ ok: true, mime: 'image/png' });
		const noise = randomBytes(4096);
		noise[0] = 0;
		const random = await verifyBytes(chunks(noise, 1000), declared(noise, 'x.png', 'image/png'));
		expect(random).toMatchObject({ ok: false, reason: 'file_type_mismatch', mime: null });
	});

	it('refuses a wrong SHA-256 or size', async () => {
		const pdf = tinyPdf();
		const wrongSha = { ...declared(pdf, 'a.pdf', 'application/pdf'), sha256: sha(JPEG) };
		expect((await verifyBytes(chunks(pdf, 100), wrongSha)).reason).toBe('file_checksum_mismatch');
		const wrongSize = { ...declared(pdf, 'a.pdf', 'application/pdf'), size: pdf.length + 1 };
		expect((await verifyBytes(chunks(pdf, 100), wrongSize)).reason).toBe('file_size_mismatch');
	});

	it('scans a large PDF in bounded pieces', async () => {
		const pad = Buffer.alloc(6 * 1024 * 1024, 0x20);
		const big = Buffer.concat([Buffer.from(tinyPdf()), pad, Buffer.from('<< /JS (x) >>\n%%EOF\n')]);
		const result = await verifyBytes(
			chunks(big, 64 * 1024),
			declared(big, 'big.pdf', 'application/pdf')
		);
		expect(result.reason).toBe('file_pdf_script');
	});
});
