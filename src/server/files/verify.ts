import { createHash } from 'node:crypto';
import { checkImage } from './image-check';
import { pdfCheckPool, type PdfCheckPool, type PdfVerdict } from './pdf-check/pool';

/**
 * Checks on an uploaded file's bytes, independent of where they are stored: the real type from
 * magic bytes, the SHA-256 and the size the device declared (streaming, as the bytes come), then
 * a PDF's content (scripts, other active content, encryption) in the worker pool of ./pdf-check,
 * an image's declared dimensions and its copy without metadata (./image-check).
 */

export const ALLOWED_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AllowedType = (typeof ALLOWED_TYPES)[number];

/** Why a file was refused; each is also an error code with a message in both languages. */
export type RefusalCode =
	| 'file_type_not_allowed'
	| 'file_type_mismatch'
	| 'file_pdf_script'
	| 'file_pdf_active'
	| 'file_pdf_encrypted'
	| 'file_pdf_unreadable'
	| 'file_pdf_too_complex'
	| 'file_image_too_large'
	| 'file_image_unreadable'
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
	/** What the PDF check found (PDF names such as `/S /Launch`); empty for other files. */
	findings: string[];
	/**
	 * An image's bytes without its metadata, to be stored instead of the received ones (absent:
	 * store what was received). `size` and `sha256` stay those of the received bytes.
	 */
	cleaned?: Uint8Array;
}

const PDF_REFUSALS: Record<Exclude<PdfVerdict, 'ok'>, RefusalCode> = {
	script: 'file_pdf_script',
	active: 'file_pdf_active',
	encrypted: 'file_pdf_encrypted',
	unreadable: 'file_pdf_unreadable',
	too_complex: 'file_pdf_too_complex'
};

/**
 * The checks on one file's bytes that need no more than one pass, fed in order as they come
 * (from the store, or while a tus PATCH writes them): size, SHA-256, magic bytes. `finish` once,
 * after the last byte; a PDF that passes still needs `checkPdfContent`.
 */
export class ByteVerifier {
	private readonly hash = createHash('sha256');
	private readonly head: number[] = [];
	/** Bytes fed so far. */
	size = 0;

	push(raw: Uint8Array | string): void {
		const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
		this.hash.update(chunk);
		this.size += chunk.length;
		const head = this.head;
		for (let i = 0; head.length < SNIFF_BYTES && i < chunk.length; i++) head.push(chunk[i]!);
	}

	/** The first failed check (size, checksum, type) is the reason. */
	finish(declared: Declared): Verified {
		const sha256 = this.hash.digest('hex');
		const size = this.size;
		const mime = sniffType(Uint8Array.from(this.head));
		const reason: RefusalCode | null =
			size !== declared.size
				? 'file_size_mismatch'
				: sha256 !== declared.sha256.toLowerCase()
					? 'file_checksum_mismatch'
					: checkRealType(mime, declared.filename, declared.filetype);
		return { ok: reason === null, reason, mime, size, sha256, findings: [] };
	}
}

/** A file that passed the byte checks and is a PDF: its content is checked next. */
export function needsPdfCheck(verified: Verified): boolean {
	return verified.ok && verified.mime === 'application/pdf';
}

/** A file that passed the byte checks: a PDF or an image, whose whole content is checked next. */
export function needsContentCheck(verified: Verified): boolean {
	return verified.ok && verified.mime !== null;
}

/** Adds an image's checks (dimensions, structure) and its cleaned copy to `verified`. */
export function checkImageContent(verified: Verified, bytes: Uint8Array): Verified {
	if (!verified.ok || (verified.mime !== 'image/jpeg' && verified.mime !== 'image/png')) {
		return verified;
	}
	const image = checkImage(bytes, verified.mime);
	if (!image.ok) {
		const reason = image.reason === 'too_large' ? 'file_image_too_large' : 'file_image_unreadable';
		return { ...verified, ok: false, reason };
	}
	return image.cleaned === bytes ? verified : { ...verified, cleaned: image.cleaned };
}

/** The content check a file that passed the byte checks needs (PDF: in a worker; image: here). */
export async function checkContent(
	verified: Verified,
	bytes: Uint8Array,
	pool?: PdfCheckPool
): Promise<Verified> {
	if (needsPdfCheck(verified)) return checkPdfContent(verified, bytes, pool);
	return checkImageContent(verified, bytes);
}

/** Adds the PDF content check (in a worker; this only awaits its answer) to `verified`. */
export async function checkPdfContent(
	verified: Verified,
	bytes: Uint8Array,
	pool: PdfCheckPool = pdfCheckPool()
): Promise<Verified> {
	if (!needsPdfCheck(verified)) return verified;
	const { verdict, findings } = await pool.check(bytes);
	const reason = verdict === 'ok' ? null : PDF_REFUSALS[verdict];
	return { ...verified, ok: reason === null, reason, findings };
}

/** Reads the stored bytes once and checks them (see `ByteVerifier`, `checkPdfContent`). */
export async function verifyBytes(
	source: AsyncIterable<Uint8Array | Buffer | string>,
	declared: Declared,
	pool?: PdfCheckPool
): Promise<Verified> {
	const verifier = new ByteVerifier();
	// The bytes are kept for the content check, up to the declared size (more fails anyway).
	const keep = isAllowedType(declared.filetype);
	const kept: Uint8Array[] = [];
	let keptBytes = 0;
	for await (const raw of source) {
		const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
		verifier.push(chunk);
		if (keep && keptBytes + chunk.length <= declared.size) {
			kept.push(chunk);
			keptBytes += chunk.length;
		}
	}
	const verified = verifier.finish(declared);
	if (!needsContentCheck(verified)) return verified;
	return checkContent(verified, Buffer.concat(kept), pool);
}
