import type { Placement, Size } from '$lib/offline/images-to-pdf';

/**
 * 证件照 crop maths: a portrait 3:4 window over the photo, zoomed (1 = the largest window that
 * fits) and moved by its centre, always kept inside the photo.
 */

/** width / height of the 证件照. */
export const PHOTO_RATIO = 3 / 4;
/** The stored photo: 600×800 px JPEG, at most about 300 KB. */
export const PHOTO_SIZE: Size = { width: 600, height: 800 };
export const PHOTO_MAX_BYTES = 300 * 1024;
export const MAX_ZOOM = 4;

export interface CropState {
	/** 1…MAX_ZOOM. */
	zoom: number;
	/** Centre of the window, in photo pixels. */
	cx: number;
	cy: number;
}

/** The largest window of `ratio` inside a `width`×`height` photo. */
export function coverSize(width: number, height: number, ratio = PHOTO_RATIO): Size {
	if (!(width > 0) || !(height > 0)) throw new RangeError(`bad image size ${width}×${height}`);
	return width / height > ratio
		? { width: height * ratio, height }
		: { width, height: width / ratio };
}

/** The window centred on the photo at zoom 1. */
export function initialCrop(width: number, height: number): CropState {
	return { zoom: 1, cx: width / 2, cy: height / 2 };
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The window for `state`, moved back inside the photo if needed. */
export function cropRect(
	width: number,
	height: number,
	state: CropState,
	ratio = PHOTO_RATIO
): Placement {
	const base = coverSize(width, height, ratio);
	const zoom = clamp(state.zoom, 1, MAX_ZOOM);
	const w = base.width / zoom;
	const h = base.height / zoom;
	const x = clamp(state.cx - w / 2, 0, width - w);
	const y = clamp(state.cy - h / 2, 0, height - h);
	return { x, y, width: w, height: h };
}

/** `state` with its centre where `cropRect` actually puts it (after clamping). */
export function normalizeCrop(width: number, height: number, state: CropState): CropState {
	const r = cropRect(width, height, state);
	return { zoom: clamp(state.zoom, 1, MAX_ZOOM), cx: r.x + r.width / 2, cy: r.y + r.height / 2 };
}

/**
 * Dragging the preview by (dx, dy) screen px (preview `previewWidth` px wide) moves the photo
 * under the window the same way: the window's centre moves the opposite way.
 */
export function panCrop(
	width: number,
	height: number,
	state: CropState,
	dx: number,
	dy: number,
	previewWidth: number
): CropState {
	const r = cropRect(width, height, state);
	const perPx = r.width / previewWidth;
	return normalizeCrop(width, height, {
		...state,
		cx: r.x + r.width / 2 - dx * perPx,
		cy: r.y + r.height / 2 - dy * perPx
	});
}

/** Zoom keeping the window's centre (then clamped inside the photo). */
export function zoomCrop(width: number, height: number, state: CropState, zoom: number): CropState {
	const r = cropRect(width, height, state);
	return normalizeCrop(width, height, {
		zoom,
		cx: r.x + r.width / 2,
		cy: r.y + r.height / 2
	});
}

/** The stored size for a window: PHOTO_SIZE, or smaller if the window has fewer pixels. */
export function outputSize(crop: Size, target: Size = PHOTO_SIZE): Size {
	const scale = Math.min(1, target.width / crop.width);
	return {
		width: Math.max(1, Math.round(crop.width * scale)),
		height: Math.max(1, Math.round(crop.height * scale))
	};
}

/** Encoding attempts, best first, until one is ≤ PHOTO_MAX_BYTES: [scale of size, JPEG quality]. */
export const PHOTO_ATTEMPTS: readonly [number, number][] = [
	[1, 0.85],
	[1, 0.75],
	[1, 0.65],
	[0.8, 0.6],
	[0.6, 0.55]
];
