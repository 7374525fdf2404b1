import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import {
	A4,
	PAGE_MARGIN,
	downscaledSize,
	jpegsToPdf,
	pageLayout,
	pdfFileName
} from './images-to-pdf';

/** A valid 1×1 baseline JPEG (pdf-lib reads only its headers). */
const TINY_JPEG = Uint8Array.from(
	atob(
		'/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA='
	),
	(c) => c.charCodeAt(0)
);

describe('downscaledSize', () => {
	it('scales the long side down to the limit, keeping the ratio', () => {
		expect(downscaledSize(4032, 3024)).toEqual({ width: 2000, height: 1500 });
		expect(downscaledSize(3024, 4032)).toEqual({ width: 1500, height: 2000 });
		expect(downscaledSize(4000, 1000, 1000)).toEqual({ width: 1000, height: 250 });
	});
	it('never scales up', () => {
		expect(downscaledSize(800, 600)).toEqual({ width: 800, height: 600 });
		expect(downscaledSize(2000, 2000)).toEqual({ width: 2000, height: 2000 });
	});
	it('keeps at least one pixel and refuses bad sizes', () => {
		expect(downscaledSize(100_000, 1, 2000)).toEqual({ width: 2000, height: 1 });
		expect(() => downscaledSize(0, 10)).toThrow(RangeError);
		expect(() => downscaledSize(Number.NaN, 10)).toThrow(RangeError);
	});
});

describe('pageLayout', () => {
	const inside = (l: ReturnType<typeof pageLayout>, margin = PAGE_MARGIN) => {
		const e = 1e-9;
		expect(l.image.x).toBeGreaterThanOrEqual(margin - e);
		expect(l.image.y).toBeGreaterThanOrEqual(margin - e);
		expect(l.image.x + l.image.width).toBeLessThanOrEqual(l.page.width - margin + e);
		expect(l.image.y + l.image.height).toBeLessThanOrEqual(l.page.height - margin + e);
	};

	it('a portrait photo: A4 portrait, full width inside the margins, centred vertically', () => {
		const l = pageLayout(3024, 4032);
		expect(l.page).toEqual({ width: A4.width, height: A4.height });
		expect(l.image.width).toBeCloseTo(A4.width - 2 * PAGE_MARGIN);
		expect(l.image.height / l.image.width).toBeCloseTo(4032 / 3024);
		expect(l.image.x).toBeCloseTo(PAGE_MARGIN);
		expect(l.image.y).toBeCloseTo((A4.height - l.image.height) / 2);
		inside(l);
	});

	it('a landscape photo: A4 turned landscape', () => {
		const l = pageLayout(4032, 3024);
		expect(l.page).toEqual({ width: A4.height, height: A4.width });
		expect(l.image.height).toBeCloseTo(A4.width - 2 * PAGE_MARGIN);
		expect(l.image.width / l.image.height).toBeCloseTo(4032 / 3024);
		inside(l);
	});

	it('a tall narrow scan: limited by the height, centred horizontally', () => {
		const l = pageLayout(1000, 5000);
		expect(l.image.height).toBeCloseTo(A4.height - 2 * PAGE_MARGIN);
		expect(l.image.x).toBeCloseTo((A4.width - l.image.width) / 2);
		inside(l);
	});

	it('a square image and a tiny one fill the box (small images are scaled up to fit)', () => {
		const sq = pageLayout(10, 10);
		expect(sq.page.width).toBe(A4.width);
		expect(sq.image.width).toBeCloseTo(A4.width - 2 * PAGE_MARGIN);
		expect(sq.image.height).toBeCloseTo(sq.image.width);
		inside(sq);
		inside(pageLayout(1, 1, 0), 0);
	});

	it('refuses an empty image', () => {
		expect(() => pageLayout(0, 100)).toThrow(RangeError);
	});
});

describe('jpegsToPdf', () => {
	it('one A4 page per image, in order, each oriented to its image', async () => {
		const bytes = await jpegsToPdf(
			[
				{ bytes: TINY_JPEG, width: 1, height: 1 },
				{ bytes: TINY_JPEG, width: 1, height: 1 },
				{ bytes: TINY_JPEG, width: 1, height: 1 }
			],
			{ title: '单位同意申报证明' }
		);
		expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
		const doc = await PDFDocument.load(bytes);
		expect(doc.getPageCount()).toBe(3);
		for (const page of doc.getPages()) {
			const { width, height } = page.getSize();
			expect(width).toBeCloseTo(A4.width);
			expect(height).toBeCloseTo(A4.height);
		}
		expect(doc.getTitle()).toBe('单位同意申报证明');
	});

	it('refuses no pages', async () => {
		await expect(jpegsToPdf([])).rejects.toThrow(RangeError);
	});
});

describe('pdfFileName', () => {
	it('the title and the local time, without characters file systems refuse', () => {
		const at = new Date(2026, 2, 5, 9, 7, 3);
		expect(pdfFileName('个人承诺书', at)).toBe('个人承诺书-20260305-090703.pdf');
		expect(pdfFileName('a/b: c?', at)).toBe('a_b_c_-20260305-090703.pdf');
		expect(pdfFileName('  ', at)).toBe('_-20260305-090703.pdf');
	});
});
