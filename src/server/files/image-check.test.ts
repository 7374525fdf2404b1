import jpegJs from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { checkImage, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE } from './image-check';

const latin1 = (s: string) => Buffer.from(s, 'latin1');

function segment(marker: number, payload: Buffer | number[]): Buffer {
	const body = Buffer.from(payload);
	const head = Buffer.from([0xff, marker, 0, 0]);
	head.writeUInt16BE(body.length + 2, 2);
	return Buffer.concat([head, body]);
}

function sof(width: number, height: number): Buffer {
	const p = Buffer.from([8, 0, 0, 0, 0, 1, 1, 0x11, 0]);
	p.writeUInt16BE(height, 1);
	p.writeUInt16BE(width, 3);
	return segment(0xc0, p);
}

const SOI = Buffer.from([0xff, 0xd8]);
const EOI = Buffer.from([0xff, 0xd9]);
const APP0 = segment(0xe0, latin1('JFIF\0\x01\x01\0\0\x01\0\x01\0\0'));
const SOS = segment(0xda, [1, 1, 0, 0, 0x3f, 0]);

/** Two scans: entropy data with a stuffed 0xFF00 and a restart marker, a comment between. */
function twoScans(width = 16, height = 8, extra: Buffer[] = []): Buffer {
	return Buffer.concat([
		SOI,
		APP0,
		...extra,
		sof(width, height),
		SOS,
		Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56]),
		segment(0xfe, latin1('between the scans')),
		SOS,
		Buffer.from([0x78, 0x9a, 0xff]),
		EOI
	]);
}

function exif(littleEndian: boolean, orientation: number): Buffer {
	const tiff = Buffer.alloc(26);
	tiff.write(littleEndian ? 'II' : 'MM', 0, 'latin1');
	const u16 = (v: number, at: number) =>
		littleEndian ? tiff.writeUInt16LE(v, at) : tiff.writeUInt16BE(v, at);
	const u32 = (v: number, at: number) =>
		littleEndian ? tiff.writeUInt32LE(v, at) : tiff.writeUInt32BE(v, at);
	u16(42, 2);
	u32(8, 4);
	u16(1, 8);
	u16(0x0112, 10);
	u16(3, 12);
	u32(1, 14);
	u16(orientation, 18);
	return segment(0xe1, Buffer.concat([latin1('Exif\0\0'), tiff]));
}

describe('checkImage (JPEG)', () => {
	it("leaves a clean encoder's JPEG as it is (the same bytes)", () => {
		const data = Buffer.alloc(16 * 8 * 4, 0x7f);
		const bytes = jpegJs.encode({ width: 16, height: 8, data }, 80).data;
		const result = checkImage(bytes, 'image/jpeg');
		expect(result).toMatchObject({ ok: true, width: 16, height: 8 });
		expect(result.ok && result.cleaned).toBe(bytes);
	});

	it('walks every scan (stuffing, restarts) and drops comments and what follows the end', () => {
		const bytes = Buffer.concat([twoScans(), latin1('<html>after the end</html>')]);
		const result = checkImage(bytes, 'image/jpeg');
		expect(result).toMatchObject({ ok: true, width: 16, height: 8 });
		const expected = Buffer.concat([
			SOI,
			APP0,
			sof(16, 8),
			SOS,
			Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56]),
			SOS,
			Buffer.from([0x78, 0x9a, 0xff]),
			EOI
		]);
		expect(Buffer.from(result.ok ? result.cleaned : [])).toEqual(expected);
	});

	it('keeps an ICC profile and Adobe APP14, keeps only the orientation of EXIF, either byte order', () => {
		const icc = segment(0xe2, latin1('ICC_PROFILE\0\x01\x01profile'));
		const mpf = segment(0xe2, latin1('MPF\0second image index'));
		const adobe = segment(0xee, latin1('Adobe\0\x64\0\0\0\0\x01'));
		for (const little of [true, false]) {
			const bytes = twoScans(16, 8, [exif(little, 8), icc, mpf, adobe]);
			const result = checkImage(bytes, 'image/jpeg');
			if (!result.ok) throw new Error('refused');
			const out = Buffer.from(result.cleaned);
			expect(out.includes(icc)).toBe(true);
			expect(out.includes(adobe)).toBe(true);
			expect(out.includes(latin1('MPF'))).toBe(false);
			const app1 = out.indexOf(Buffer.from([0xff, 0xe1]));
			expect(out.readUInt16BE(app1 + 2)).toBe(34);
			expect(out.subarray(app1 + 4, app1 + 10)).toEqual(latin1('Exif\0\0'));
			expect(out.readUInt16BE(app1 + 4 + 6 + 18)).toBe(8);
		}
		// Upright: no EXIF at all.
		const upright = checkImage(twoScans(16, 8, [exif(true, 1)]), 'image/jpeg');
		expect(upright.ok && Buffer.from(upright.cleaned).includes(latin1('Exif'))).toBe(false);
	});

	it('refuses what it cannot walk: cut short, no frame before the scan, garbage between segments', () => {
		const whole = twoScans();
		expect(checkImage(whole.subarray(0, whole.length - 2), 'image/jpeg')).toMatchObject({
			ok: false,
			reason: 'unreadable'
		});
		expect(
			checkImage(Buffer.concat([SOI, SOS, Buffer.from([1]), EOI]), 'image/jpeg')
		).toMatchObject({ ok: false, reason: 'unreadable' });
		expect(
			checkImage(Buffer.concat([SOI, APP0, Buffer.from([0x00]), sof(1, 1), SOS, EOI]), 'image/jpeg')
		).toMatchObject({ ok: false, reason: 'unreadable' });
		expect(checkImage(Buffer.concat([SOI, sof(0, 10), SOS, EOI]), 'image/jpeg')).toMatchObject({
			ok: false,
			reason: 'unreadable'
		});
	});

	it('refuses declared dimensions over either limit, at the limits it accepts', () => {
		const at = (w: number, h: number) => checkImage(twoScans(w, h), 'image/jpeg');
		expect(at(MAX_IMAGE_SIDE, 4000)).toMatchObject({ ok: true });
		expect(at(8160, 6120)).toMatchObject({ ok: true });
		expect(at(MAX_IMAGE_SIDE + 1, 10)).toMatchObject({ ok: false, reason: 'too_large' });
		expect(at(10, MAX_IMAGE_SIDE + 1)).toMatchObject({ ok: false, reason: 'too_large' });
		expect(8000 * 7000).toBeGreaterThan(MAX_IMAGE_PIXELS);
		expect(at(8000, 7000)).toMatchObject({
			ok: false,
			reason: 'too_large',
			width: 8000,
			height: 7000
		});
	});
});
