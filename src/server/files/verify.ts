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

const WHITESPACE = [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20];
const DELIMITERS = [0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25];
/** Byte classes: 0 regular, 1 whitespace, 2 delimiter (a table: this runs once per byte). */
const REGULAR = 0;
const SPACE = 1;
const CLASS = (() => {
	const table = new Uint8Array(256);
	for (const b of WHITESPACE) table[b] = SPACE;
	for (const b of DELIMITERS) table[b] = 2;
	return table;
})();
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
	return CLASS[b] === REGULAR;
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
		if (b === 0x23 && i + 2 < raw.length) {
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

export interface PdfScanResult {
	/** Script names found, as written in the file (e.g. `/J#61vaScript`). */
	scripts: string[];
	/** An object stream that could not be decoded: its objects (and any script) are hidden. */
	unreadable: boolean;
}

const OBJECT_HEADER = /\d+[\0\t\n\f\r ]+\d+[\0\t\n\f\r ]+obj$/;
const TAIL = 32;

/** Byte patterns the scanner jumps to (see `Lookahead`). */
const SLASH = 0x2f;
const GT = 0x3e;
const OBJ = Buffer.from('obj', 'latin1');
const STREAM = Buffer.from('stream', 'latin1');
const ENDSTREAM_BYTES = Buffer.from(ENDSTREAM);

/**
 * The next position (at or after `from`) of each pattern in one chunk, found with the native
 * `Buffer.indexOf` and remembered until the scan passes it; `length` when there is none.
 */
class Lookahead {
	private readonly at = [-1, -1, -1, -1, -1];
	private readonly patterns: (number | Buffer)[] = [SLASH, GT, OBJ, STREAM, ENDSTREAM_BYTES];

	constructor(private readonly bytes: Buffer) {}

	next(pattern: 0 | 1 | 2 | 3 | 4, from: number): number {
		let at = this.at[pattern]!;
		if (at < from) {
			at = this.bytes.indexOf(this.patterns[pattern]!, from);
			if (at < 0) at = this.bytes.length;
			this.at[pattern] = at;
		}
		return at;
	}

	/** Where anything that can change the body state may start: `/`, `>`, `obj`, `stream`. */
	nextInBody(from: number): number {
		return Math.min(this.next(0, from), this.next(1, from), this.next(2, from), this.next(3, from));
	}

	/**
	 * Where skipped stream data may end, reading on at `at`: an `endstream` or the `obj` of an
	 * object header, including one begun in the bytes just before `at` and not yet complete.
	 */
	nextInStream(at: number): number {
		return Math.min(this.next(4, at - (ENDSTREAM.length - 1)), this.next(2, at - 2));
	}
}

/**
 * A streaming scanner over a PDF's bytes. It looks for script names everywhere a reader could
 * find a dictionary: the body (strings and comments included, since a reader jumps to objects
 * through the cross-reference table and never sees them "from the start"), unfiltered streams,
 * and inflated FlateDecode streams (object streams hide dictionaries there). Only the data of
 * other filtered streams (images) is skipped, and even there an object header ends the skip.
 * Names are compared after decoding `#xx` escapes. Feed it with `push`, then call `finish`.
 *
 * It reads byte by byte, but jumps (with `Buffer.indexOf`) over runs where no byte can change
 * its state, landing exactly where the byte-by-byte reading would be: in the body, from an idle
 * state (no name or word begun, no `>>` just before) to the start of the word before the next
 * `/`, `>`, `obj` or `stream` (or the chunk's end); in skipped or captured stream data, to
 * TAIL bytes before the next `endstream` or `obj` not yet read through (or the chunk's end), so
 * that the `endstream` match and the object-header tail are rebuilt from the bytes themselves.
 */
export class PdfScriptScanner {
	private inName = false;
	private name: number[] = [];
	private word: number[] = [];
	/** The previous token was `>>`: a following `stream` keyword starts stream data. */
	private afterDict = false;
	private prevGt = false;
	private objectNames = new Set<string>();
	private mode: 'body' | 'eol' | 'cr' | 'skip' | 'capture' = 'body';
	private objStm = false;
	private match = 0;
	private tail: number[] = [];
	private captured: Buffer[] = [];
	private capturedBytes = 0;
	private overflow = false;
	private scripts: string[] = [];
	private unreadable = false;

	/**
	 * @param nested scanning an inflated stream (its streams are not inflated again)
	 * @param skipAhead jump over runs that cannot change the state (false: every byte is read
	 *   one by one, the reference behaviour the tests compare the jumps with)
	 */
	constructor(
		private readonly nested = false,
		private readonly skipAhead = true
	) {}

	/** Bytes held between pushes: the part of a FlateDecode stream captured so far. */
	get heldBytes(): number {
		return this.mode === 'capture' && !this.overflow ? this.capturedBytes : 0;
	}

	push(chunk: Uint8Array): void {
		const bytes = Buffer.isBuffer(chunk)
			? chunk
			: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
		const n = bytes.length;
		const ahead = this.skipAhead ? new Lookahead(bytes) : null;
		let captureFrom = 0;
		let i = 0;
		while (i < n) {
			if (this.mode === 'skip' || this.mode === 'capture') {
				if (ahead && i >= ENDSTREAM.length) {
					// No `endstream` and no `obj` (begun here or just before) ends before `restart`
					// + TAIL: start the match and the tail over there, TAIL bytes back, which is as
					// far back as either looks. (Near the chunk's start a match or an `obj` begun
					// in the previous chunk may be running: read those bytes one by one.)
					const restart = ahead.nextInStream(i) - TAIL;
					if (restart > i) {
						this.match = 0;
						this.tail = [];
						i = restart;
					}
				}
				const end = this.streamByte(bytes[i]!);
				if (end === 'endstream') {
					if (this.mode === 'capture') {
						this.capture(bytes.subarray(captureFrom, i + 1));
						this.inflateCaptured();
					}
					this.endStream();
				} else if (end === 'object') {
					// Not stream data after all: an object a reader can reach. Read on as body.
					this.endStream();
				}
				i++;
				continue;
			}
			if (this.mode === 'eol' || this.mode === 'cr') {
				const b = bytes[i]!;
				if (this.mode === 'eol' && b === 0x0d) {
					this.mode = 'cr';
					i++;
					continue;
				}
				if (this.mode === 'eol' && (b === 0x20 || b === 0x09)) {
					i++;
					continue;
				}
				this.beginStream();
				if (b === 0x0a) {
					i++;
					captureFrom = i;
				} else {
					captureFrom = i; // this byte is stream data
				}
				continue;
			}
			if (ahead && !this.inName && this.word.length === 0 && !this.afterDict && !this.prevGt) {
				const to = this.bodyJump(bytes, i, ahead.nextInBody(i));
				if (to > i) {
					i = to;
					continue;
				}
			}
			// When `stream` ended here, this byte is its end of line: read it again.
			if (!this.bodyByte(bytes[i]!)) i++;
		}
		if (this.mode === 'capture') this.capture(bytes.subarray(captureFrom));
	}

	/**
	 * From an idle body state at `from`, with nothing that changes the state before `stop`:
	 * where to read on. Whitespace and delimiters other than `/` and `>` change nothing there,
	 * nor do words (none of them a keyword we look for), except the word running into `stop`:
	 * reading resumes at its start, or at `stop` already known as too long to be a keyword.
	 */
	private bodyJump(bytes: Buffer, from: number, stop: number): number {
		let start = stop;
		while (start > from && stop - start <= MAX_KEYWORD && isRegular(bytes[start - 1]!)) start--;
		if (stop - start > MAX_KEYWORD) {
			this.word = new Array<number>(MAX_KEYWORD + 1).fill(0x78);
			return stop;
		}
		return start;
	}

	finish(): PdfScanResult {
		if (this.mode === 'body') this.bodyByte(0x0a);
		return { scripts: [...this.scripts], unreadable: this.unreadable };
	}

	// --- body --------------------------------------------------------------------------------

	/** Returns true when the byte must be read again in the new mode. */
	private bodyByte(b: number): boolean {
		if (this.inName) {
			if (isRegular(b)) {
				if (this.name.length < MAX_NAME) this.name.push(b);
				return false;
			}
			this.endName();
		} else if (this.word.length > 0 && !isRegular(b)) {
			this.endWord();
			if (this.mode !== 'body') return true;
		}
		if (b === 0x2f) {
			this.inName = true;
			if (this.name.length > 0) this.name = [];
			this.afterDict = false;
		} else if (isRegular(b)) {
			if (this.word.length < MAX_KEYWORD) this.word.push(b);
			else this.word[MAX_KEYWORD] = b; // too long to be a keyword we look for
		} else if (b === 0x3e) {
			this.afterDict = this.prevGt;
			this.prevGt = !this.prevGt;
			return false;
		} else if (CLASS[b] !== SPACE) {
			this.afterDict = false;
		}
		this.prevGt = false;
		return false;
	}

	private endName() {
		this.inName = false;
		// A lone `/` (a run of them costs one call per byte): no name to look up.
		if (this.name.length === 0) return;
		const name = decodePdfName(this.name);
		if (SCRIPT_NAMES.has(name)) {
			this.scripts.push('/' + String.fromCharCode(...this.name.slice(0, 64)));
		}
		if (FILTER_NAMES.has(name)) this.objectNames.add(name);
		this.name = [];
	}

	private endWord() {
		const word = this.word.length <= MAX_KEYWORD ? String.fromCharCode(...this.word) : '';
		this.word = [];
		const afterDict = this.afterDict;
		this.afterDict = false;
		this.prevGt = false;
		if (word === 'obj' || word === 'endobj' || word === 'endstream') this.objectNames = new Set();
		else if (word === 'stream' && afterDict) this.mode = 'eol';
	}

	// --- stream data -------------------------------------------------------------------------

	private beginStream() {
		const names = this.objectNames;
		const filtered = names.has('Filter');
		const flate = names.has('FlateDecode') || names.has('Fl');
		const other = [...names].some(
			(n) => n !== 'Filter' && n !== 'FlateDecode' && n !== 'Fl' && n !== 'ObjStm'
		);
		this.objStm = names.has('ObjStm');
		this.match = 0;
		this.tail = [];
		this.captured = [];
		this.capturedBytes = 0;
		this.overflow = false;
		if (!filtered) {
			// Unfiltered data is read like the body (an uncompressed object stream holds objects).
			this.mode = 'body';
		} else if (flate && !other && !this.nested) {
			this.mode = 'capture';
		} else {
			this.mode = 'skip';
			if (this.objStm) this.unreadable = true;
		}
	}

	private streamByte(b: number): 'endstream' | 'object' | null {
		while (this.match > 0 && b !== ENDSTREAM[this.match]) {
			this.match = ENDSTREAM_FAIL[this.match - 1]!;
		}
		if (b === ENDSTREAM[this.match]) this.match++;
		if (this.match === ENDSTREAM.length) return 'endstream';
		this.tail.push(b);
		if (this.tail.length > TAIL) this.tail.shift();
		if (b === 0x6a && OBJECT_HEADER.test(String.fromCharCode(...this.tail))) return 'object';
		return null;
	}

	private endStream() {
		this.mode = 'body';
		this.captured = [];
		this.tail = [];
		this.match = 0;
		this.objectNames = new Set();
		this.word = [];
		this.inName = false;
	}

	private capture(part: Uint8Array) {
		if (this.overflow || part.length === 0) return;
		this.capturedBytes += part.length;
		if (this.capturedBytes > MAX_CAPTURE) {
			this.overflow = true;
			this.captured = [];
			return;
		}
		this.captured.push(Buffer.from(part));
	}

	private inflateCaptured() {
		if (this.overflow) {
			if (this.objStm) this.unreadable = true;
			return;
		}
		const all = Buffer.concat(this.captured);
		const data = all.subarray(0, Math.max(0, all.length - ENDSTREAM.length));
		let inflated: Buffer | null;
		try {
			inflated = inflateSync(data, {
				finishFlush: constants.Z_SYNC_FLUSH,
				maxOutputLength: MAX_INFLATED
			});
		} catch {
			inflated = null;
		}
		if (!inflated) {
			if (this.objStm) this.unreadable = true;
			return;
		}
		const inner = new PdfScriptScanner(true, this.skipAhead);
		inner.push(inflated);
		const result = inner.finish();
		this.scripts.push(...result.scripts);
		if (result.unreadable) this.unreadable = true;
	}
}

/** Scans a whole PDF given as bytes (for tests and small inputs). */
export function scanPdf(bytes: Uint8Array): PdfScanResult {
	const scanner = new PdfScriptScanner();
	scanner.push(bytes);
	return scanner.finish();
}

// ---------------------------------------------------------------------------------------------
// The whole check

export interface Declared {
	filename: string;
	filetype: string;
	size: number;
	sha256: string;
}

export interface Verified {
	ok: boolean;
	reason: RefusalCode | null;
	/** The type the bytes really have (null: none of the three). */
	mime: AllowedType | null;
	size: number;
	sha256: string;
	scripts: string[];
}

/**
 * The checks on one file's bytes, fed in order as they come (from the store, or while a tus
 * PATCH writes them): size, SHA-256, magic bytes and (for a PDF) the script scan. `finish`
 * once, after the last byte.
 */
export class ByteVerifier {
	private readonly hash = createHash('sha256');
	private readonly scanner = new PdfScriptScanner();
	private readonly head: number[] = [];
	private scanning: boolean;
	/** Bytes fed so far. */
	size = 0;

	/** @param scanPdf scan the bytes if they turn out to be a PDF (false: never) */
	constructor(scanPdf = true) {
		this.scanning = scanPdf;
	}

	/** Bytes the scan holds until more come (part of a compressed stream). */
	get heldBytes(): number {
		return this.scanning ? this.scanner.heldBytes : 0;
	}

	push(raw: Uint8Array | string): void {
		const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
		this.hash.update(chunk);
		this.size += chunk.length;
		const head = this.head;
		for (let i = 0; head.length < SNIFF_BYTES && i < chunk.length; i++) head.push(chunk[i]!);
		if (this.scanning && head.length >= PDF_SIGNATURE.length) {
			if (!startsWith(Uint8Array.from(head), PDF_SIGNATURE)) this.scanning = false;
		}
		if (this.scanning) this.scanner.push(chunk);
	}

	/** The first failed check (size, checksum, type, script) is the reason. */
	finish(declared: Declared): Verified {
		const sha256 = this.hash.digest('hex');
		const size = this.size;
		const mime = sniffType(Uint8Array.from(this.head));
		const scan =
			mime === 'application/pdf' && this.scanning && declared.filetype === 'application/pdf'
				? this.scanner.finish()
				: null;
		let reason: RefusalCode | null =
			size !== declared.size
				? 'file_size_mismatch'
				: sha256 !== declared.sha256.toLowerCase()
					? 'file_checksum_mismatch'
					: checkRealType(mime, declared.filename, declared.filetype);
		if (!reason && scan && scan.scripts.length > 0) reason = 'file_pdf_script';
		if (!reason && scan?.unreadable) reason = 'file_pdf_unreadable';
		return { ok: reason === null, reason, mime, size, sha256, scripts: scan?.scripts ?? [] };
	}
}

/** Reads the stored bytes once and checks them (see `ByteVerifier`). */
export async function verifyBytes(
	source: AsyncIterable<Uint8Array | Buffer | string>,
	declared: Declared
): Promise<Verified> {
	const verifier = new ByteVerifier(declared.filetype === 'application/pdf');
	for await (const chunk of source) verifier.push(chunk);
	return verifier.finish(declared);
}
