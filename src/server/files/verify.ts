import { createHash } from 'node:crypto';
import { constants, inflateSync } from 'node:zlib';

/**
 * Checks on an uploaded file's bytes, independent of where they are stored: the real type from
 * magic bytes, a PDF that carries JavaScript, the SHA-256 and the size the device declared.
 * Everything streams: memory stays bounded whatever the file size.
 */

export const ALLOWED_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AllowedType = (typeof ALLOWED_TYPES)[number];

/** Why a file was refused; each is also an error code with a message in both languages. */
export type RefusalCode =
	| 'file_type_not_allowed'
	| 'file_type_mismatch'
	| 'file_pdf_script'
	| 'file_pdf_unreadable'
	| 'file_checksum_mismatch'
	| 'file_size_mismatch';

export function isAllowedType(type: string): type is AllowedType {
	return (ALLOWED_TYPES as readonly string[]).includes(type);
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PDF_SIGNATURE = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

/** Bytes `sniffType` needs from the start of the file. */
export const SNIFF_BYTES = 8;

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
	return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}

/** The real type from the first bytes; null for anything but PDF, JPEG and PNG. */
export function sniffType(head: Uint8Array): AllowedType | null {
	if (startsWith(head, PDF_SIGNATURE)) return 'application/pdf';
	if (startsWith(head, JPEG_SIGNATURE)) return 'image/jpeg';
	if (startsWith(head, PNG_SIGNATURE)) return 'image/png';
	return null;
}

/** The type a file name's extension promises; null for any other extension. */
export function typeForFilename(filename: string): AllowedType | null {
	const ext = /\.([A-Za-z0-9]+)$/.exec(filename.trim())?.[1]?.toLowerCase();
	if (ext === 'pdf') return 'application/pdf';
	if (ext === 'jpg' || ext === 'jpeg') return 'image/jpeg';
	if (ext === 'png') return 'image/png';
	return null;
}

/** Declared type and extension must both be allowed and agree with each other. */
export function checkDeclaredType(filename: string, filetype: string): RefusalCode | null {
	if (!isAllowedType(filetype)) return 'file_type_not_allowed';
	const byName = typeForFilename(filename);
	if (!byName) return 'file_type_not_allowed';
	return byName === filetype ? null : 'file_type_mismatch';
}

/** The bytes must be what the device said they are (type and extension). */
export function checkRealType(
	sniffed: AllowedType | null,
	filename: string,
	filetype: string
): RefusalCode | null {
	const declared = checkDeclaredType(filename, filetype);
	if (declared) return declared;
	return sniffed === filetype ? null : 'file_type_mismatch';
}

// ---------------------------------------------------------------------------------------------
// PDF script scan

/** Names that make a PDF run JavaScript: the `/JS` entry of an action and the action type. */
const SCRIPT_NAMES = new Set(['JS', 'JavaScript']);
/** Names remembered per object, to decide how to read its stream. */
const FILTER_NAMES = new Set([
	'Filter',
	'FlateDecode',
	'Fl',
	'ObjStm',
	'ASCIIHexDecode',
	'AHx',
	'ASCII85Decode',
	'A85',
	'LZWDecode',
	'LZW',
	'RunLengthDecode',
	'RL',
	'CCITTFaxDecode',
	'CCF',
	'DCTDecode',
	'DCT',
	'JBIG2Decode',
	'JPXDecode',
	'Crypt'
]);

/** Compressed streams larger than this are not inflated (object streams are small in practice). */
const MAX_CAPTURE = 16 * 1024 * 1024;
const MAX_INFLATED = 64 * 1024 * 1024;
const MAX_NAME = 256;
const MAX_KEYWORD = 16;

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);
const ENDSTREAM = Array.from(new TextEncoder().encode('endstream'));
/** KMP failure function of "endstream". */
const ENDSTREAM_FAIL = (() => {
	const fail = new Array<number>(ENDSTREAM.length).fill(0);
	for (let i = 1, k = 0; i < ENDSTREAM.length; i++) {
		while (k > 0 && ENDSTREAM[i] !== ENDSTREAM[k]) k = fail[k - 1]!;
		if (ENDSTREAM[i] === ENDSTREAM[k]) k++;
		fail[i] = k;
	}
	return fail;
})();

function isRegular(b: number): boolean {
	return !WHITESPACE.has(b) && !DELIMITERS.has(b);
}

function hexValue(b: number): number {
	if (b >= 0x30 && b <= 0x39) return b - 0x30;
	if (b >= 0x41 && b <= 0x46) return b - 0x41 + 10;
	if (b >= 0x61 && b <= 0x66) return b - 0x61 + 10;
	return -1;
}

/** A PDF name token's bytes (after the slash) with `#xx` escapes decoded. */
export function decodePdfName(raw: Uint8Array | number[]): string {
	const out: number[] = [];
	for (let i = 0; i < raw.length; i++) {
		const b = raw[i]!;
		if (b === 0x23 && i + 2 < raw.length + 0) {
			const hi = hexValue(raw[i + 1]!);
			const lo = hexValue(raw[i + 2]!);
			if (hi >= 0 && lo >= 0) {
				out.push(hi * 16 + lo);
				i += 2;
				continue;
			}
		}
		out.push(b);
	}
	return String.fromCharCode(...out);
}

const enum S {
	Normal,
	Comment,
	String,
	StringEscape,
	LessThan,
	HexString,
	Name,
	Keyword,
	StreamEol,
	StreamCr,
	StreamData
}

export interface PdfScanResult {
	/** Script names found, as written in the file (e.g. `/J#61vaScript`). */
	scripts: string[];
	/** An object stream that could not be decoded: its objects (and any script) are hidden. */
	unreadable: boolean;
}

/**
 * A streaming scanner over a PDF's bytes: tokenizes names outside strings and comments, decodes
 * `#xx` escapes, reads unfiltered streams as they are and inflates FlateDecode streams (object
 * streams hide dictionaries there). Feed it with `push`, then call `finish`.
 */
export class PdfScriptScanner {
	private state = S.Normal;
	private stringDepth = 0;
	private token: number[] = [];
	private tokenRaw: number[] = [];
	private objectNames = new Set<string>();
	private streamMode: 'scan' | 'skip' | 'capture' = 'skip';
	private streamObjStm = false;
	private match = 0;
	private captured: Uint8Array[] = [];
	private capturedBytes = 0;
	private captureOverflow = false;
	private scripts: string[] = [];
	private unreadable = false;

	constructor(private readonly nested = false) {}

	push(chunk: Uint8Array): void {
		for (let i = 0; i < chunk.length; i++) {
			const b = chunk[i]!;
			if (this.state === S.StreamData) {
				this.streamByte(chunk, i, b);
				continue;
			}
			this.step(b);
		}
		if (this.state === S.StreamData && this.streamMode === 'capture') this.flushCapture(chunk);
		this.captureFrom = 0;
	}

	finish(): PdfScanResult {
		this.step(0x0a); // ends a trailing name or keyword
		return { scripts: [...this.scripts], unreadable: this.unreadable };
	}

	// --- stream bodies ---------------------------------------------------------------------

	/** Start of the not-yet-captured part of the current chunk. */
	private captureFrom = 0;

	private streamByte(chunk: Uint8Array, i: number, b: number) {
		if (this.streamMode === 'scan') {
			// An unfiltered stream is read like the body (uncompressed object streams hold objects).
			this.step(b);
			return;
		}
		while (this.match > 0 && b !== ENDSTREAM[this.match]) this.match = ENDSTREAM_FAIL[this.match - 1]!;
		if (b === ENDSTREAM[this.match]) this.match++;
		if (this.match === ENDSTREAM.length) {
			if (this.streamMode === 'capture') {
				this.flushCapture(chunk, i + 1);
				this.inflateCaptured();
			}
			this.endStream();
		}
	}

	private flushCapture(chunk: Uint8Array, end = chunk.length) {
		if (this.captureOverflow || end <= this.captureFrom) {
			this.captureFrom = end;
			return;
		}
		const part = chunk.slice(this.captureFrom, end);
		this.captureFrom = end;
		this.capturedBytes += part.length;
		if (this.capturedBytes > MAX_CAPTURE) {
			this.captureOverflow = true;
			this.captured = [];
			return;
		}
		this.captured.push(part);
	}

	private inflateCaptured() {
		if (this.captureOverflow) {
			if (this.streamObjStm) this.unreadable = true;
			return;
		}
		const all = Buffer.concat(this.captured);
		const data = all.subarray(0, Math.max(0, all.length - ENDSTREAM.length));
		let inflated: Buffer | null = null;
		try {
			inflated = inflateSync(data, {
				finishFlush: constants.Z_SYNC_FLUSH,
				maxOutputLength: MAX_INFLATED
			});
		} catch {
			inflated = null;
		}
		if (!inflated) {
			if (this.streamObjStm) this.unreadable = true;
			return;
		}
		const inner = new PdfScriptScanner(true);
		inner.push(inflated);
		const result = inner.finish();
		this.scripts.push(...result.scripts);
		if (result.unreadable) this.unreadable = true;
	}

	private beginStream() {
		const names = this.objectNames;
		const hasFilter = names.has('Filter');
		const flate = names.has('FlateDecode') || names.has('Fl');
		const otherFilter = [...names].some(
			(n) => n !== 'Filter' && n !== 'FlateDecode' && n !== 'Fl' && n !== 'ObjStm'
		);
		this.streamObjStm = names.has('ObjStm');
		this.match = 0;
		this.captured = [];
		this.capturedBytes = 0;
		this.captureOverflow = false;
		if (this.nested) {
			this.streamMode = 'skip';
		} else if (!hasFilter) {
			this.streamMode = 'scan';
		} else if (flate && !otherFilter) {
			this.streamMode = 'capture';
		} else {
			// Image data and the like; an object stream we cannot decode hides its objects.
			this.streamMode = 'skip';
			if (this.streamObjStm) this.unreadable = true;
		}
		this.state = S.StreamData;
	}

	private endStream() {
		this.state = S.Normal;
		this.streamMode = 'skip';
		this.captured = [];
		this.match = 0;
		this.objectNames = new Set();
	}

	// --- the body tokenizer ------------------------------------------------------------------

	private endName() {
		const name = decodePdfName(this.token);
		if (SCRIPT_NAMES.has(name)) {
			this.scripts.push('/' + String.fromCharCode(...this.tokenRaw.slice(0, 64)));
		}
		if (FILTER_NAMES.has(name)) this.objectNames.add(name);
		this.token = [];
		this.tokenRaw = [];
	}

	private endKeyword(): boolean {
		const word = String.fromCharCode(...this.token);
		this.token = [];
		if (word === 'obj' || word === 'endobj') this.objectNames = new Set();
		if (word === 'endstream' && this.state === S.StreamData) {
			// End of an unfiltered stream read as body.
			this.endStream();
			return true;
		}
		return word === 'stream' && this.state !== S.StreamData;
	}

	private step(b: number): void {
		switch (this.state) {
			case S.Comment:
				if (b === 0x0a || b === 0x0d) this.state = S.Normal;
				return;
			case S.String:
				if (b === 0x5c) this.state = S.StringEscape;
				else if (b === 0x28) this.stringDepth++;
				else if (b === 0x29 && --this.stringDepth === 0) this.state = S.Normal;
				return;
			case S.StringEscape:
				this.state = S.String;
				return;
			case S.LessThan:
				this.state = b === 0x3c ? S.Normal : S.HexString;
				if (b === 0x3e) this.state = S.Normal;
				return;
			case S.HexString:
				if (b === 0x3e) this.state = S.Normal;
				return;
			case S.Name:
				if (isRegular(b)) {
					if (this.token.length < MAX_NAME) {
						this.token.push(b);
						this.tokenRaw.push(b);
					}
					return;
				}
				this.endName();
				this.state = S.Normal;
				this.step(b);
				return;
			case S.Keyword:
				if (isRegular(b)) {
					if (this.token.length < MAX_KEYWORD) this.token.push(b);
					return;
				}
				this.state = S.Normal;
				if (this.endKeyword()) {
					this.state = S.StreamEol;
				}
				this.step(b);
				return;
			case S.StreamEol:
				if (b === 0x0d) this.state = S.StreamCr;
				else if (b === 0x0a) this.beginStream();
				else if (b === 0x20 || b === 0x09) return;
				else {
					this.beginStream();
					this.streamByte(new Uint8Array([b]), 0, b);
				}
				return;
			case S.StreamCr:
				this.beginStream();
				if (b !== 0x0a) this.streamByte(new Uint8Array([b]), 0, b);
				return;
			case S.StreamData:
				// Only reached for 'scan' streams: tokenize their contents as the body.
				this.bodyByte(b);
				return;
			case S.Normal:
				this.bodyByte(b);
				return;
		}
	}

	private bodyByte(b: number) {
		const inStream = this.state === S.StreamData;
		const next = (s: S) => {
			// Inside an unfiltered stream, strings and names are tracked by nested states that
			// return to Normal; remember to come back to StreamData.
			this.state = s;
			if (inStream) this.resumeStream = true;
		};
		if (b === 0x25) next(S.Comment);
		else if (b === 0x28) {
			this.stringDepth = 1;
			next(S.String);
		} else if (b === 0x3c) next(S.LessThan);
		else if (b === 0x2f) {
			this.token = [];
			this.tokenRaw = [];
			next(S.Name);
		} else if (isRegular(b)) {
			this.token = [b];
			next(S.Keyword);
		}
	}

	private resumeStream = false;
}
