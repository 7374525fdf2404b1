import { describe, expect, it } from 'vitest';
import {
	MAX_ZOOM,
	PHOTO_RATIO,
	coverSize,
	cropRect,
	initialCrop,
	outputSize,
	panCrop,
	zoomCrop
} from './photo-crop';

const within = (
	r: { x: number; y: number; width: number; height: number },
	w: number,
	h: number
) => {
	const e = 1e-9;
	expect(r.x).toBeGreaterThanOrEqual(-e);
	expect(r.y).toBeGreaterThanOrEqual(-e);
	expect(r.x + r.width).toBeLessThanOrEqual(w + e);
	expect(r.y + r.height).toBeLessThanOrEqual(h + e);
};

describe('证件照 crop', () => {
	it('coverSize: the largest 3:4 window in the photo', () => {
		expect(coverSize(4032, 3024)).toEqual({ width: 2268, height: 3024 });
		expect(coverSize(3000, 4000)).toEqual({ width: 3000, height: 4000 });
		expect(coverSize(1000, 4000)).toEqual({ width: 1000, height: 1000 / PHOTO_RATIO });
		expect(() => coverSize(0, 1)).toThrow(RangeError);
	});

	it('starts centred at zoom 1', () => {
		const r = cropRect(4032, 3024, initialCrop(4032, 3024));
		expect(r).toEqual({ x: (4032 - 2268) / 2, y: 0, width: 2268, height: 3024 });
	});

	it('zoom shrinks the window around its centre and is clamped to 1…MAX_ZOOM', () => {
		const s = zoomCrop(4000, 4000, initialCrop(4000, 4000), 2);
		const r = cropRect(4000, 4000, s);
		expect(r.width).toBeCloseTo(1500);
		expect(r.height).toBeCloseTo(2000);
		expect(r.x + r.width / 2).toBeCloseTo(2000);
		expect(r.y + r.height / 2).toBeCloseTo(2000);
		expect(zoomCrop(4000, 4000, s, 99).zoom).toBe(MAX_ZOOM);
		expect(zoomCrop(4000, 4000, s, 0.2).zoom).toBe(1);
	});

	it('dragging right shows more of the left; the window never leaves the photo', () => {
		const start = zoomCrop(4000, 4000, initialCrop(4000, 4000), 2);
		// preview 300 px wide showing 1500 photo px: 1 screen px = 5 photo px
		const moved = panCrop(4000, 4000, start, 100, 0, 300);
		expect(moved.cx).toBeCloseTo(2000 - 500);
		expect(moved.cy).toBeCloseTo(2000);
		const far = panCrop(4000, 4000, start, 10_000, -10_000, 300);
		const r = cropRect(4000, 4000, far);
		within(r, 4000, 4000);
		expect(r.x).toBeCloseTo(0);
		expect(r.y + r.height).toBeCloseTo(4000);
	});

	it('zooming out near an edge pulls the window back inside', () => {
		const zoomed = panCrop(
			4000,
			3000,
			zoomCrop(4000, 3000, initialCrop(4000, 3000), 3),
			-9999,
			0,
			300
		);
		const out = zoomCrop(4000, 3000, zoomed, 1);
		within(cropRect(4000, 3000, out), 4000, 3000);
	});

	it('outputSize: 600×800, or the window itself when it is smaller', () => {
		expect(outputSize({ width: 2268, height: 3024 })).toEqual({ width: 600, height: 800 });
		expect(outputSize({ width: 300, height: 400 })).toEqual({ width: 300, height: 400 });
	});
});
