/**
 * An uploaded JPEG's or PNG's structure, read without decoding its pixels: the dimensions its
 * header declares (a 50,000×50,000 PNG is 200 KB on the wire and 10 GB in a reviewer's browser),
 * and a copy without what could identify or locate a person or carry other content: EXIF (GPS,
 * device, owner, thumbnail), XMP, IPTC, comments and anything after the image's end (a JPEG/HTML
 * polyglot's page); PNG text, EXIF and time chunks and unknown ancillary chunks. The pixels are
 * copied as they are (no re-encoding, no native library): the image looks the same, except that
 * a JPEG's EXIF orientation is kept (as a one-entry EXIF) so a phone's portrait photo stays upright.
 */

/** Refused above these: either side, or the pixel count (a 50 MP phone photo, 8160×6120, passes). */
export const MAX_IMAGE_SIDE = 12_000;
export const MAX_IMAGE_PIXELS = 50_000_000;

export type ImageMime = 'image/jpeg' | 'image/png';

export type ImageVerdict =
	| { ok: true; width: number; height: number; cleaned: Uint8Array }
	| { ok: false; reason: 'too_large' | 'unreadable'; width?: number; height?: number };

export function checkImage(bytes: Uint8Array, mime: ImageMime): ImageVerdict {
	const parsed = mime === 'image/png' ? cleanPng(bytes) : cleanJpeg(bytes);
	if (!parsed) return { ok: false, reason: 'unreadable' };
	const { width, height, cleaned } = parsed;
	if (width < 1 || height < 1) return { ok: false, reason: 'unreadable' };
	if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
		return { ok: false, reason: 'too_large', width, height };
	}
	return { ok: true, width, height, cleaned };
}

interface Parsed {
	width: number;
	height: number;
	cleaned: Uint8Array;
}

function u16(b: Uint8Array, at: number): number {
	return (b[at]! << 8) | b[at + 1]!;
}

function u32(b: Uint8Array, at: number): number {
	return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

function ascii(b: Uint8Array, at: number, length: number): string {
	return String.fromCharCode(...b.subarray(at, at + length));
}

/** The same bytes when nothing was dropped (no copy is written back then). */
function joined(source: Uint8Array, parts: Uint8Array[]): Uint8Array {
	const total = parts.reduce((n, p) => n + p.length, 0);
	if (total === source.length) return source;
	const out = new Uint8Array(total);
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

// --- PNG --------------------------------------------------------------------------------------

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Ancillary chunks kept: colour, transparency, density and animation; every other one goes. */
const PNG_KEPT_ANCILLARY = new Set([
	'tRNS',
	'gAMA',
	'cHRM',
	'sRGB',
	'iCCP',
	'sBIT',
	'bKGD',
	'pHYs',
	'hIST',
	'sPLT',
	'acTL',
	'fcTL',
	'fdAT'
]);

function cleanPng(b: Uint8Array): Parsed | null {
	if (!PNG_SIGNATURE.every((v, i) => b[i] === v)) return null;
	const parts: Uint8Array[] = [b.subarray(0, 8)];
	let at = 8;
	let width = 0;
	let height = 0;
	let ended = false;
	while (!ended) {
		if (at + 12 > b.length) return null;
		const length = u32(b, at);
		const type = ascii(b, at + 4, 4);
		const end = at + 12 + length;
		if (length > 0x7fffffff || end > b.length) return null;
		if (at === 8) {
			if (type !== 'IHDR' || length !== 13) return null;
			width = u32(b, at + 8);
			height = u32(b, at + 12);
		}
		// Bit 5 of the first letter: lower case is ancillary (may be dropped).
		const critical = (b[at + 4]! & 0x20) === 0;
		if (critical || PNG_KEPT_ANCILLARY.has(type)) parts.push(b.subarray(at, end));
		ended = type === 'IEND';
		at = end;
	}
	return { width, height, cleaned: joined(b, parts) };
}

// --- JPEG -------------------------------------------------------------------------------------

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP14 = 0xee;
const APP15 = 0xef;
const COM = 0xfe;

/** Start of frame markers (SOF0–SOF15 but DHT, JPG and DAC). */
function isSof(marker: number): boolean {
	return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Markers without a length: RSTn, TEM. */
function standalone(marker: number): boolean {
	return (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01;
}

/**
 * Segments kept: JFIF (APP0), an ICC profile (APP2 "ICC_PROFILE", it sets the colours) and
 * Adobe's APP14 (it says how CMYK/YCCK data is coded); every other APPn and COM goes.
 */
function keepSegment(b: Uint8Array, marker: number, at: number, length: number): boolean {
	if (marker === COM) return false;
	if (marker < APP0 || marker > APP15) return true;
	if (marker === APP0) return true;
	if (marker === APP2) return length >= 14 && ascii(b, at + 4, 12) === 'ICC_PROFILE\0';
	if (marker === APP14) return length >= 7 && ascii(b, at + 4, 5) === 'Adobe';
	return false;
}

function cleanJpeg(b: Uint8Array): Parsed | null {
	if (b[0] !== 0xff || b[1] !== SOI) return null;
	const parts: Uint8Array[] = [b.subarray(0, 2)];
	let at = 2;
	let width = 0;
	let height = 0;
	let scanned = false;
	for (;;) {
		if (at >= b.length || b[at] !== 0xff) return null;
		let marker = b[at + 1];
		while (marker === 0xff) marker = b[++at + 1];
		if (marker === undefined) return null;
		if (marker === EOI) {
			// Anything after the end of the image (a second image, an HTML page) is left out.
			parts.push(b.subarray(at, at + 2));
			break;
		}
		if (standalone(marker)) {
			parts.push(b.subarray(at, at + 2));
			at += 2;
			continue;
		}
		if (at + 4 > b.length) return null;
		const length = u16(b, at + 2);
		const end = at + 2 + length;
		if (length < 2 || end > b.length) return null;
		if (isSof(marker)) {
			if (length < 8) return null;
			height = u16(b, at + 5);
			width = u16(b, at + 7);
		}
		if (marker === APP1) {
			const orientation = exifOrientation(b.subarray(at + 4, end));
			if (orientation) parts.push(orientationSegment(orientation));
		} else if (keepSegment(b, marker, at, length)) {
			parts.push(b.subarray(at, end));
		}
		at = end;
		if (marker === SOS) {
			if (!width) return null;
			scanned = true;
			// Entropy-coded data runs until a marker other than a stuffed 0xFF00 or RSTn.
			const start = at;
			while (at < b.length && !(b[at] === 0xff && isMarkerAfterData(b[at + 1]))) at++;
			parts.push(b.subarray(start, at));
		}
	}
	if (!scanned) return null;
	return { width, height, cleaned: joined(b, parts) };
}

function isMarkerAfterData(next: number | undefined): boolean {
	if (next === undefined) return false;
	return next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7);
}

/** The orientation (2–8) an EXIF block gives its image in IFD0, or null for none or upright. */
function exifOrientation(payload: Uint8Array): number | null {
	if (payload.length < 14 || ascii(payload, 0, 6) !== 'Exif\0\0') return null;
	const tiff = payload.subarray(6);
	const little = tiff[0] === 0x49 && tiff[1] === 0x49;
	if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return null;
	const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
	const ifd = view.getUint32(4, little);
	if (ifd + 2 > tiff.length) return null;
	const count = view.getUint16(ifd, little);
	for (let i = 0; i < count; i++) {
		const entry = ifd + 2 + i * 12;
		if (entry + 12 > tiff.length) return null;
		if (view.getUint16(entry, little) !== 0x0112) continue;
		const value = view.getUint16(entry + 8, little);
		return value >= 2 && value <= 8 ? value : null;
	}
	return null;
}

/** An APP1 EXIF block with one entry in IFD0: Orientation. */
function orientationSegment(orientation: number): Uint8Array {
	return Uint8Array.from([
		0xff,
		APP1,
		0x00,
		0x22,
		...[0x45, 0x78, 0x69, 0x66, 0x00, 0x00], // Exif\0\0
		...[0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08], // big-endian TIFF, IFD0 at 8
		...[0x00, 0x01], // one entry
		...[0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00],
		...[0x00, 0x00, 0x00, 0x00] // no next IFD
	]);
}
