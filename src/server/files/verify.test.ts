import { createHash, randomBytes } from 'node:crypto';
import { PNG as PngImage } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { tinyPdf } from '../../../tests/helpers/pdf';
import { encryptedPdf } from '../../../tests/helpers/raw-pdf';
import {
	checkDeclaredType,
	checkRealType,
	sniffType,
	typeForFilename,
	verifyBytes
} from './verify';

const enc = new TextEncoder();

function realPng(width: number, height: number): Buffer {
	const image = new PngImage({ width, height });
	image.data.fill(0x40);
	return PngImage.sync.write(image);
}

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

describe('verifyBytes', () => {
	it('accepts a valid PDF, read in odd-sized chunks', async () => {
		const pdf = tinyPdf();
		const result = await verifyBytes(chunks(pdf, 7), declared(pdf, 'a.pdf', 'application/pdf'));
		expect(result).toMatchObject({ ok: true, reason: null, mime: 'application/pdf' });
		expect(result.sha256).toBe(sha(pdf));
		expect(result.size).toBe(pdf.length);
	});

	it('refuses a PDF by what the PDF check finds, each with its own reason', async () => {
		const cases: [Uint8Array, string, string[]][] = [
			[tinyPdf(['<< /S /J#61vaScript /Foo (bar) >>']), 'file_pdf_script', ['/S /JavaScript']],
			[tinyPdf(['<< /S /Launch /F (cmd.exe) >>']), 'file_pdf_active', ['/S /Launch']],
			[encryptedPdf(), 'file_pdf_encrypted', ['/Encrypt']],
			[enc.encode('%PDF-1.7\nno objects at all\n'), 'file_pdf_unreadable', []]
		];
		for (const [pdf, reason, findings] of cases) {
			const result = await verifyBytes(chunks(pdf, 64), declared(pdf, 'a.pdf', 'application/pdf'));
			expect(result).toMatchObject({ ok: false, reason, mime: 'application/pdf', findings });
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
		const real = realPng(20, 10);
		const png = await verifyBytes(chunks(real, 3), declared(real, 'photo.png', 'image/png'));
		expect(png).toMatchObject({ ok: true, mime: 'image/png' });
		// Nothing to take out: the received bytes are stored.
		expect(png.cleaned).toBeUndefined();
		const noise = randomBytes(4096);
		noise[0] = 0;
		const random = await verifyBytes(chunks(noise, 1000), declared(noise, 'x.png', 'image/png'));
		expect(random).toMatchObject({ ok: false, reason: 'file_type_mismatch', mime: null });
	});

	it("checks an image's structure and declared size, and cleans its metadata", async () => {
		const stub = await verifyBytes(chunks(PNG, 3), declared(PNG, 'photo.png', 'image/png'));
		expect(stub).toMatchObject({ ok: false, reason: 'file_image_unreadable', mime: 'image/png' });
		const huge = realPng(20, 10);
		huge.writeUInt32BE(12_001, 16); // IHDR width
		const big = await verifyBytes(chunks(huge, 64), declared(huge, 'big.png', 'image/png'));
		expect(big).toMatchObject({ ok: false, reason: 'file_image_too_large' });
		const real = realPng(20, 10);
		const text = Buffer.from('\0\0\0\x05tEXtA\0Bob\0\0\0\0', 'latin1');
		const tagged = Buffer.concat([real.subarray(0, 33), text, real.subarray(33)]);
		const result = await verifyBytes(chunks(tagged, 7), declared(tagged, 'a.png', 'image/png'));
		expect(result).toMatchObject({ ok: true, size: tagged.length, sha256: sha(tagged) });
		expect(Buffer.from(result.cleaned!)).toEqual(real);
	});

	it('refuses a wrong SHA-256 or size', async () => {
		const pdf = tinyPdf();
		const wrongSha = { ...declared(pdf, 'a.pdf', 'application/pdf'), sha256: sha(JPEG) };
		expect((await verifyBytes(chunks(pdf, 100), wrongSha)).reason).toBe('file_checksum_mismatch');
		const wrongSize = { ...declared(pdf, 'a.pdf', 'application/pdf'), size: pdf.length + 1 };
		expect((await verifyBytes(chunks(pdf, 100), wrongSize)).reason).toBe('file_size_mismatch');
	});

	it('checks a large PDF read in pieces, its objects wherever they are', async () => {
		const pad = Buffer.alloc(6 * 1024 * 1024, 0x20);
		const hidden = Buffer.from('\n9 0 obj\n<< /JS (x) >>\nendobj\n%%EOF\n');
		const big = Buffer.concat([Buffer.from(tinyPdf()), pad, hidden]);
		const result = await verifyBytes(
			chunks(big, 64 * 1024),
			declared(big, 'big.pdf', 'application/pdf')
		);
		expect(result.reason).toBe('file_pdf_script');
	});
});
