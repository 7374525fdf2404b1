/**
 * Photos → one PDF, on the device (材料上传 takes PDF only): each photo is decoded with its EXIF
 * orientation applied, scaled down to at most MAX_SIDE px on its long side, re-encoded as JPEG,
 * and placed on its own A4 page, fitted inside the margins. pdf-lib is loaded only when a PDF is
 * actually made, so it never weighs on the first page load.
 *
 * The layout maths and the PDF assembly run anywhere (unit-tested in Node); decoding and
 * re-encoding need a browser (createImageBitmap, OffscreenCanvas or <canvas>).
 */

/** A4 in PDF points (1 pt = 1/72 in). */
export const A4 = { width: 595.28, height: 841.89 } as const;
/** 10 mm in points. */
export const PAGE_MARGIN = 28.35;
/** Long side of a re-encoded photo, in pixels (≈ 240 dpi on A4: sharp enough to read). */
export const MAX_SIDE = 2000;
export const JPEG_QUALITY = 0.85;
/** The server's limit for one attachment (MAX_FILE_MB, default 10 MB). */
export const MAX_PDF_BYTES = 10 * 1024 * 1024;
/** Photos in one PDF at most (a phone's memory, and the 10 MB limit). */
export const MAX_PHOTOS = 20;

export interface Size {
	width: number;
	height: number;
}

export interface Placement extends Size {
	x: number;
	y: number;
}

export interface PageLayout {
	/** The page, in points: A4 portrait, or landscape for a landscape photo. */
	page: Size;
	/** Where the image goes (PDF origin bottom-left), centred, aspect ratio kept. */
	image: Placement;
}

/** Scales (width, height) down so its long side is at most `maxSide`; never scales up. */
export function downscaledSize(width: number, height: number, maxSide = MAX_SIDE): Size {
	if (!(width > 0) || !(height > 0)) throw new RangeError(`bad image size ${width}×${height}`);
	const scale = Math.min(1, maxSide / Math.max(width, height));
	return {
		width: Math.max(1, Math.round(width * scale)),
		height: Math.max(1, Math.round(height * scale))
	};
}

/**
 * The page for an image of `width`×`height` (pixels; only the ratio matters): A4 turned to the
 * image's orientation, the image as large as fits inside `margin` on every side, centred.
 */
export function pageLayout(width: number, height: number, margin = PAGE_MARGIN): PageLayout {
	if (!(width > 0) || !(height > 0)) throw new RangeError(`bad image size ${width}×${height}`);
	const landscape = width > height;
	const page = landscape
		? { width: A4.height, height: A4.width }
		: { width: A4.width, height: A4.height };
	const boxW = page.width - 2 * margin;
	const boxH = page.height - 2 * margin;
	const scale = Math.min(boxW / width, boxH / height);
	const w = width * scale;
	const h = height * scale;
	return {
		page,
		image: { x: (page.width - w) / 2, y: (page.height - h) / 2, width: w, height: h }
	};
}

/** A JPEG ready for the PDF. */
export interface JpegPage {
	bytes: Uint8Array;
	width: number;
	height: number;
}

/** One A4 page per JPEG, in order. Loads pdf-lib on first use. */
export async function jpegsToPdf(
	pages: readonly JpegPage[],
	options: { title?: string } = {}
): Promise<Uint8Array> {
	if (pages.length === 0) throw new RangeError('no pages');
	const { PDFDocument } = await import('pdf-lib');
	const doc = await PDFDocument.create();
	if (options.title) doc.setTitle(options.title);
	doc.setProducer('Zhicheng');
	doc.setCreator('Zhicheng');
	for (const p of pages) {
		const image = await doc.embedJpg(p.bytes);
		const layout = pageLayout(image.width || p.width, image.height || p.height);
		const page = doc.addPage([layout.page.width, layout.page.height]);
		page.drawImage(image, layout.image);
	}
	return doc.save();
}

/** A photo the device could not read (not an image, or a format the browser cannot decode). */
export class ImageDecodeError extends Error {
	constructor(readonly fileName: string) {
		super(`cannot decode image ${fileName}`);
		this.name = 'ImageDecodeError';
	}
}

/** The finished PDF was over MAX_PDF_BYTES even at the smaller setting. */
export class PdfTooLargeError extends Error {
	constructor(readonly bytes: number) {
		super(`PDF is ${bytes} bytes`);
		this.name = 'PdfTooLargeError';
	}
}

/** Decodes a photo upright (EXIF orientation applied). Browser only. */
export async function decodeImage(blob: Blob): Promise<ImageBitmap> {
	try {
		return await createImageBitmap(blob, { imageOrientation: 'from-image' });
	} catch {
		throw new ImageDecodeError((blob as Blob & { name?: string }).name ?? '');
	}
}

export interface RenderOptions {
	/** Source rectangle (default: the whole image). */
	crop?: Placement;
	/** Output size in pixels. */
	size: Size;
	quality?: number;
}

/**
 * Draws `source` (or its `crop`) at `size` on a white background (PNG transparency) and encodes
 * it as JPEG. Browser only: OffscreenCanvas where there is one, else a detached <canvas>.
 */
export async function renderJpeg(source: CanvasImageSource, options: RenderOptions): Promise<Blob> {
	const { size, quality = JPEG_QUALITY } = options;
	const w = Math.max(1, Math.round(size.width));
	const h = Math.max(1, Math.round(size.height));
	const draw = (ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D) => {
		ctx.fillStyle = '#fff';
		ctx.fillRect(0, 0, w, h);
		ctx.imageSmoothingEnabled = true;
		ctx.imageSmoothingQuality = 'high';
		const c = options.crop;
		if (c) ctx.drawImage(source, c.x, c.y, c.width, c.height, 0, 0, w, h);
		else ctx.drawImage(source, 0, 0, w, h);
	};
	if (typeof OffscreenCanvas !== 'undefined') {
		const canvas = new OffscreenCanvas(w, h);
		const ctx = canvas.getContext('2d');
		if (ctx) {
			draw(ctx);
			return canvas.convertToBlob({ type: 'image/jpeg', quality });
		}
	}
	const canvas = document.createElement('canvas');
	canvas.width = w;
	canvas.height = h;
	const ctx = canvas.getContext('2d');
	if (!ctx) throw new Error('no 2d canvas');
	draw(ctx);
	const blob = await new Promise<Blob | null>((resolve) =>
		canvas.toBlob(resolve, 'image/jpeg', quality)
	);
	canvas.width = canvas.height = 0; // frees the bitmap at once on iOS
	if (!blob) throw new Error('canvas.toBlob failed');
	return blob;
}

/** One photo, upright, scaled to ≤ maxSide and re-encoded as JPEG. Browser only. */
export async function photoToJpeg(
	blob: Blob,
	maxSide = MAX_SIDE,
	quality = JPEG_QUALITY
): Promise<JpegPage> {
	const bitmap = await decodeImage(blob);
	try {
		const size = downscaledSize(bitmap.width, bitmap.height, maxSide);
		const jpeg = await renderJpeg(bitmap, { size, quality });
		return { bytes: new Uint8Array(await jpeg.arrayBuffer()), ...size };
	} finally {
		bitmap.close();
	}
}

export interface ImagesToPdfOptions {
	title?: string;
	/** Called after each photo is converted: (done, total). */
	onProgress?: (done: number, total: number) => void;
}

/**
 * Photos (JPEG/PNG, e.g. from the camera) → one multi-page A4 PDF. One photo at a time, so a
 * phone holds only one decoded image in memory. If the result is over the upload limit it tries
 * once more smaller (1600 px, quality 0.7), then gives up with PdfTooLargeError. Browser only.
 */
export async function imagesToPdf(
	photos: readonly Blob[],
	options: ImagesToPdfOptions = {}
): Promise<Blob> {
	if (photos.length === 0) throw new RangeError('no photos');
	const attempts: [number, number][] = [
		[MAX_SIDE, JPEG_QUALITY],
		[1600, 0.7]
	];
	let last = 0;
	for (const [maxSide, quality] of attempts) {
		const pages: JpegPage[] = [];
		for (const photo of photos) {
			pages.push(await photoToJpeg(photo, maxSide, quality));
			options.onProgress?.(pages.length, photos.length);
		}
		const pdf = await jpegsToPdf(pages, { title: options.title });
		last = pdf.byteLength;
		if (last <= MAX_PDF_BYTES)
			return new Blob([pdf as Uint8Array<ArrayBuffer>], { type: 'application/pdf' });
	}
	throw new PdfTooLargeError(last);
}

/** A file name for the PDF made from photos: the slot's title and the local date/time. */
export function pdfFileName(title: string, at = new Date()): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	const stamp = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
	const safe = title.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60) || 'scan';
	return `${safe}-${stamp}.pdf`;
}
