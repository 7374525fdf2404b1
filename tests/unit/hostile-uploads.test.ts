import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDeflate, crc32, deflateSync } from 'node:zlib';
import { FileStore } from '@tus/file-store';
import type { Server } from '@tus/server';
import type { DataStore } from '@tus/utils';
import jpegJs from 'jpeg-js';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMessage, type ErrorCode } from '$lib/i18n/errors';
import { callerFor, userIdBy } from '../helpers/context';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { tinyPdf } from '../helpers/pdf';
import { startS3Server } from '../helpers/s3-server';
import { encryptedPdf, pageObjects, rawPdf } from '../helpers/raw-pdf';
import { createSession, SESSION_COOKIE } from '../../src/server/auth/session';
import { loadSessionUser } from '../../src/server/auth/users';
import { downloadResponse } from '../../src/server/files/download';
import { PgLocker } from '../../src/server/files/pg-locker';
import { createS3Store } from '../../src/server/files/s3-store';
import { createTusServer } from '../../src/server/files/tus';
import { findUpload } from '../../src/server/files/uploads';
import { seedDemoAccounts } from '../../src/server/seed/demo';

/**
 * The hostile-upload corpus (issue 18 §3): every file is made here, sent through the real tus
 * server (creation, PATCH, the finishing checks, the `uploads` row) and then attached with
 * sync.push as the app would; the verdict is the one the file must get. Refused files leave no
 * bytes and cannot be attached; accepted oddities are stored and served under a safe name, and
 * images without their metadata.
 */

const ORIGIN = 'http://localhost:5173';
const MAX_FILE = 2 * 1024 * 1024;
const LOGIN = '13800000001';

let tdb: TestDatabase;
let dir: string;
let store: FileStore;
let tus: Server;
let locker: PgLocker | undefined;
let cookie: string;
let ownerId: string;
let caseId: string;

/** The PDF checker's memory budget here (PDF_CHECK_MEMORY_MB; 256 by default): a smaller bomb. */
const PDF_CHECK_MEMORY_MB = 64;
const envBefore = process.env.PDF_CHECK_MEMORY_MB;

beforeAll(async () => {
	process.env.PDF_CHECK_MEMORY_MB = String(PDF_CHECK_MEMORY_MB);
	tdb = await openTestDatabase();
	await seedDemoAccounts(tdb.sql);
	ownerId = await userIdBy(tdb.sql, LOGIN);
	const { token } = await createSession(tdb.sql, { id: ownerId, kind: 'applicant' });
	cookie = `${SESSION_COOKIE}=${token}`;
	const [kase] = await tdb.sql<{ id: string }[]>`
		insert into cases (id, applicant_id, kind) values (gen_random_uuid(), ${ownerId}, 'review')
		returning id`;
	caseId = kase!.id;
	dir = mkdtempSync(path.join(tmpdir(), 'zc-hostile-'));
	store = new FileStore({ directory: dir });
	if (tdb.kind === 'postgres') locker = new PgLocker({ url: tdb.url });
	tus = createTusServer({
		sql: () => tdb.sql,
		config: {
			filesDir: dir,
			maxFileBytes: MAX_FILE,
			maxCaseBytes: 1024 * 1024 * 1024,
			maxApplicantBytes: 1024 * 1024 * 1024,
			s3: null
		},
		origin: ORIGIN,
		datastore: store,
		locker
	});
});

afterAll(async () => {
	if (envBefore === undefined) delete process.env.PDF_CHECK_MEMORY_MB;
	else process.env.PDF_CHECK_MEMORY_MB = envBefore;
	await locker?.close();
	await tdb?.close();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

// --- the tus client -----------------------------------------------------------------------------

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');

function tusHeaders(extra: Record<string, string>): Headers {
	return new Headers({ 'Tus-Resumable': '1.0.0', Origin: ORIGIN, cookie, ...extra });
}

interface Sent {
	attachmentId: string;
	/** The answer that ended the upload: the creation's when refused there, else the last PATCH's. */
	answer: Response;
	/** Where the bytes went (null: refused at creation). */
	key: string | null;
}

/** One upload as tus-js-client sends it: POST with the metadata, then the bytes in one PATCH. */
async function send(file: CorpusFile, server: Server = tus): Promise<Sent> {
	const attachmentId = randomUUID();
	const meta = {
		attachmentId,
		caseId,
		filename: file.filename,
		filetype: file.filetype,
		sha256: sha(file.bytes)
	};
	const created = await server.handleWeb(
		new Request(`${ORIGIN}/files`, {
			method: 'POST',
			headers: tusHeaders({
				'Upload-Length': String(file.length ?? file.bytes.length),
				'Upload-Metadata': Object.entries(meta)
					.map(([k, v]) => `${k} ${b64(v)}`)
					.join(',')
			})
		})
	);
	if (created.status !== 201) return { attachmentId, answer: created, key: null };
	const location = created.headers.get('location')!;
	const key = location.split('/').at(-1)!;
	const answer = await server.handleWeb(
		new Request(new URL(location, ORIGIN), {
			method: 'PATCH',
			headers: tusHeaders({
				'Content-Type': 'application/offset+octet-stream',
				'Upload-Offset': '0',
				'Content-Length': String(file.bytes.length)
			}),
			body: new Uint8Array(file.bytes)
		})
	);
	return { attachmentId, answer, key };
}

/** file.attach of the upload to a slot, through sync.push as the device's outbox sends it. */
async function attach(attachmentId: string, module: string, slot: string) {
	const caller = await callerFor(tdb.sql, LOGIN);
	const { results } = await caller.sync.push({
		clientId: randomUUID(),
		mutations: [
			{ id: randomUUID(), caseId, op: 'file.attach', module, payload: { attachmentId, slot } }
		]
	});
	return results[0]!;
}

async function download(attachmentId: string, from: DataStore = store): Promise<Response> {
	const user = await loadSessionUser(tdb.sql, ownerId);
	return downloadResponse(tdb.sql, from, user, attachmentId);
}

// --- making the files -------------------------------------------------------------------------

const latin1 = (s: string) => Buffer.from(s, 'latin1');
const EICAR = latin1('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*');
const HTML = latin1('<html><body><script>alert(document.cookie)</script></body></html>');
const SVG = latin1(
	'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
);
/** Marks the metadata the clean copy must not carry. */
const SECRET = 'ZC-SECRET-31.2304N-121.4737E';

/** A real JPEG (jpeg-js's encoder: SOI, APP0 JFIF, DQT, SOF0, DHT, SOS, EOI). */
function jpeg(width = 32, height = 24): Buffer {
	const data = Buffer.alloc(width * height * 4);
	for (let i = 0; i < data.length; i += 4) data.set([i % 251, (i / 4) % 199, 90, 255], i);
	return jpegJs.encode({ width, height, data }, 85).data;
}

/** A JPEG segment: marker, length, payload. */
function segment(marker: number, payload: Buffer): Buffer {
	const head = Buffer.from([0xff, marker, 0, 0]);
	head.writeUInt16BE(payload.length + 2, 2);
	return Buffer.concat([head, payload]);
}

/** A big-endian EXIF block: IFD0 (Make, Orientation 6, GPS pointer) and a GPS IFD. */
function exifWithGps(): Buffer {
	const tiff = Buffer.alloc(200);
	tiff.write('MM\0*', 0, 'latin1');
	tiff.writeUInt32BE(8, 4);
	let at = 8;
	const entry = (tag: number, type: number, count: number, value: number) => {
		tiff.writeUInt16BE(tag, at);
		tiff.writeUInt16BE(type, at + 2);
		tiff.writeUInt32BE(count, at + 4);
		if (type === 3 && count === 1) tiff.writeUInt16BE(value, at + 8);
		else tiff.writeUInt32BE(value, at + 8);
		at += 12;
	};
	tiff.writeUInt16BE(3, at);
	at += 2;
	entry(0x010f, 2, SECRET.length + 1, 120); // Make -> the secret, at 120
	entry(0x0112, 3, 1, 6); // Orientation: rotate 90°
	entry(0x8825, 4, 1, 50); // GPS IFD at 50
	tiff.writeUInt32BE(0, at);
	at = 50;
	tiff.writeUInt16BE(2, at);
	at += 2;
	entry(0x0001, 2, 2, 0x4e000000); // GPSLatitudeRef "N"
	entry(0x0002, 5, 3, 160); // GPSLatitude rationals at 160
	tiff.writeUInt32BE(0, at);
	tiff.write(SECRET, 120, 'latin1');
	[31, 1, 13, 1, 48, 1].forEach((v, i) => tiff.writeUInt32BE(v, 160 + i * 4));
	return Buffer.concat([latin1('Exif\0\0'), tiff]);
}

/** A phone photo: EXIF with GPS, XMP, IPTC, a comment, and a second image after the end. */
function phoneJpeg(): Buffer {
	const base = jpeg(40, 30);
	return Buffer.concat([
		base.subarray(0, 2),
		segment(0xe1, exifWithGps()),
		base.subarray(2, base.length - 2),
		segment(0xe1, latin1(`http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>${SECRET}</x:xmpmeta>`)),
		segment(0xed, latin1(`Photoshop 3.0\x008BIM${SECRET}`)),
		segment(0xfe, latin1(`comment ${SECRET}`)),
		base.subarray(base.length - 2),
		latin1(`trailer ${SECRET}`)
	]);
}

/** JPEG/HTML polyglot: the page in a comment and again after the end of the image. */
function jpegHtmlPolyglot(): Buffer {
	const base = jpeg();
	return Buffer.concat([base.subarray(0, 2), segment(0xfe, HTML), base.subarray(2), HTML]);
}

/** A real JPEG whose SOF0 declares 60,000×60,000 pixels. */
function hugeJpeg(): Buffer {
	const bytes = Buffer.from(jpeg());
	const sof = bytes.indexOf(Buffer.from([0xff, 0xc0]));
	bytes.writeUInt16BE(60_000, sof + 5);
	bytes.writeUInt16BE(60_000, sof + 7);
	return bytes;
}

function pngChunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([latin1(type), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}

function png(width = 24, height = 16): Buffer {
	const image = new PNG({ width, height });
	image.data.fill(0x80);
	return PNG.sync.write(image);
}

/** A PNG with text, EXIF and time chunks after its header. */
function pngWithText(): Buffer {
	const base = png();
	const ihdrEnd = 8 + 25;
	return Buffer.concat([
		base.subarray(0, ihdrEnd),
		pngChunk('tEXt', latin1(`Author\0${SECRET}`)),
		pngChunk('zTXt', Buffer.concat([latin1('Comment\0\0'), deflateSync(latin1(SECRET))])),
		pngChunk('iTXt', latin1(`XML:com.adobe.xmp\0\0\0\0\0${SECRET}`)),
		pngChunk('eXIf', exifWithGps().subarray(6)),
		pngChunk('tIME', Buffer.from([0x07, 0xea, 12, 5, 20, 0, 0])),
		base.subarray(ihdrEnd)
	]);
}

/** A 300-byte PNG whose IHDR declares 50,000×50,000 pixels (10 GB decoded). */
function hugePng(): Buffer {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(50_000, 0);
	ihdr.writeUInt32BE(50_000, 4);
	ihdr.set([8, 2, 0, 0, 0], 8);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', ihdr),
		pngChunk('IDAT', deflateSync(Buffer.alloc(1000))),
		pngChunk('IEND', Buffer.alloc(0))
	]);
}

/** A zip archive of stored (uncompressed) entries. */
function zip(entries: Record<string, string>): Buffer {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const [name, text] of Object.entries(entries)) {
		const data = Buffer.from(text);
		const crc = crc32(data);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(data.length, 18);
		local.writeUInt32LE(data.length, 22);
		local.writeUInt16LE(name.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(data.length, 20);
		central.writeUInt32LE(data.length, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, latin1(name), data);
		centrals.push(central, latin1(name));
		offset += 30 + name.length + data.length;
	}
	const dirBytes = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(Object.keys(entries).length, 8);
	end.writeUInt16LE(Object.keys(entries).length, 10);
	end.writeUInt32LE(dirBytes.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, dirBytes, end]);
}

/** A PDF whose one stream inflates to 100 MiB of zeros (over the checker's budget). */
async function pdfBomb(): Promise<Uint8Array> {
	const deflate = createDeflate({ level: 9 });
	const out: Buffer[] = [];
	deflate.on('data', (c: Buffer) => out.push(c));
	const done = new Promise((resolve) => deflate.on('end', resolve));
	const zeros = Buffer.alloc(1024 * 1024);
	for (let i = 0; i < PDF_CHECK_MEMORY_MB + 36; i++) {
		if (!deflate.write(zeros)) await new Promise((resolve) => deflate.once('drain', resolve));
	}
	deflate.end();
	await done;
	return rawPdf([
		...pageObjects('', '/Contents 4 0 R'),
		{ dict: '/Filter /FlateDecode', data: Buffer.concat(out) }
	]);
}

/** A PDF whose cross-reference offsets are all wrong (padding inserted after the header). */
function pdfWithLyingXref(): Buffer {
	const base = Buffer.from(tinyPdf());
	return Buffer.concat([base.subarray(0, 9), Buffer.alloc(5000, 0x20), base.subarray(9)]);
}

// --- the corpus -------------------------------------------------------------------------------

type Expect =
	/** Refused by the creation request, with this status and code. */
	| { refused: 'create'; status: number; code: string }
	/** Refused when the last byte came (422), the row kept as refused with this reason. */
	| { refused: 'finish'; code: string }
	/** Accepted: stored, downloadable and attachable, under `name`. */
	| { accepted: true; name: string; slot: [module: string, slot: string] };

interface CorpusFile {
	label: string;
	filename: string;
	filetype: string;
	bytes: Uint8Array;
	/** Upload-Length when it is not the bytes' length. */
	length?: number;
	expect: Expect;
	/** More checks on an accepted file's downloaded bytes. */
	served?(bytes: Buffer): void | Promise<void>;
}

const PDF_SLOT: [string, string] = ['historical_certificate', 'declaration_form'];
const PHOTO_SLOT: [string, string] = ['basic_info', 'photo'];
const finish = (code: string): Expect => ({ refused: 'finish', code });

/** A JPEG's segment markers up to SOS, and whether it ends in EOI. */
function jpegMarkers(bytes: Buffer): number[] {
	expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
	expect([bytes.at(-2), bytes.at(-1)]).toEqual([0xff, 0xd9]);
	const markers: number[] = [];
	let at = 2;
	while (bytes[at] === 0xff && bytes[at + 1] !== 0xda) {
		markers.push(bytes[at + 1]!);
		at += 2 + bytes.readUInt16BE(at + 2);
	}
	return markers;
}

async function corpus(): Promise<CorpusFile[]> {
	const pdf = Buffer.from(tinyPdf());
	const jpg = jpeg();
	return [
		{
			label: 'EICAR test string as .pdf',
			filename: 'eicar.pdf',
			filetype: 'application/pdf',
			bytes: EICAR,
			expect: finish('file_type_mismatch')
		},
		{
			label: 'EICAR test string as .jpg',
			filename: 'eicar.jpg',
			filetype: 'image/jpeg',
			bytes: EICAR,
			expect: finish('file_type_mismatch')
		},
		{
			label: 'JPEG/HTML polyglot (page in a comment and after the end)',
			filename: 'photo.jpg',
			filetype: 'image/jpeg',
			bytes: jpegHtmlPolyglot(),
			expect: { accepted: true, name: 'photo.jpg', slot: PHOTO_SLOT },
			served(bytes) {
				expect(bytes.includes('<script')).toBe(false);
				expect(bytes.includes('<html')).toBe(false);
				expect(jpegJs.decode(bytes)).toMatchObject({ width: 32, height: 24 });
			}
		},
		{
			label: 'HTML/PDF polyglot (page first, %PDF- after it)',
			filename: 'scan.pdf',
			filetype: 'application/pdf',
			bytes: Buffer.concat([HTML, pdf]),
			expect: finish('file_type_mismatch')
		},
		{
			label:
				'PDF/HTML polyglot (%PDF- first, a page in a stream: inert, served as a PDF attachment)',
			filename: 'scan.pdf',
			filetype: 'application/pdf',
			bytes: tinyPdf([
				`<< /Length ${HTML.length} >>\nstream\n${HTML.toString('latin1')}\nendstream`
			]),
			expect: { accepted: true, name: 'scan.pdf', slot: PDF_SLOT }
		},
		{
			label: 'SVG with a script as .svg',
			filename: 'logo.svg',
			filetype: 'image/svg+xml',
			bytes: SVG,
			expect: { refused: 'create', status: 415, code: 'file_type_not_allowed' }
		},
		{
			label: 'SVG with a script renamed .png',
			filename: 'logo.png',
			filetype: 'image/png',
			bytes: SVG,
			expect: finish('file_type_mismatch')
		},
		{
			label: 'PDF with a /JavaScript action',
			filename: 'a.pdf',
			filetype: 'application/pdf',
			bytes: tinyPdf(['<< /S /JavaScript /JS (app.alert(1)) >>']),
			expect: finish('file_pdf_script')
		},
		{
			label: 'PDF with an /OpenAction script',
			filename: 'a.pdf',
			filetype: 'application/pdf',
			bytes: tinyPdf([], '/OpenAction << /S /JavaScript /JS (this.exportDataObject()) >> '),
			expect: finish('file_pdf_script')
		},
		{
			label: 'PDF with /Launch',
			filename: 'a.pdf',
			filetype: 'application/pdf',
			bytes: tinyPdf([], '/OpenAction << /S /Launch /F (cmd.exe) >> '),
			expect: finish('file_pdf_active')
		},
		{
			label: 'PDF with an /EmbeddedFile',
			filename: 'a.pdf',
			filetype: 'application/pdf',
			bytes: rawPdf([
				...pageObjects('/Names << /EmbeddedFiles 4 0 R >>'),
				'<< /Names [(a.exe) 5 0 R] >>',
				{ dict: '/Type /EmbeddedFile', data: latin1('MZ') }
			]),
			expect: finish('file_pdf_active')
		},
		{
			label: 'encrypted PDF (empty user password)',
			filename: 'a.pdf',
			filetype: 'application/pdf',
			bytes: encryptedPdf(),
			expect: finish('file_pdf_encrypted')
		},
		{
			label: 'PDF whose xref offsets lie (repaired, benign)',
			filename: 'xref.pdf',
			filetype: 'application/pdf',
			bytes: pdfWithLyingXref(),
			expect: { accepted: true, name: 'xref.pdf', slot: PDF_SLOT }
		},
		{
			label: 'PDF whose xref hides a /Launch object',
			filename: 'a.pdf',
			filetype: 'application/pdf',
			bytes: rawPdf([...pageObjects('/OpenAction 4 0 R'), '<< /S /Launch /F (cmd.exe) >>'], {
				unlisted: [4]
			}),
			expect: finish('file_pdf_active')
		},
		{
			label: 'decompression bomb (FlateDecode of 100 MiB of zeros)',
			filename: 'bomb.pdf',
			filetype: 'application/pdf',
			bytes: await pdfBomb(),
			expect: finish('file_pdf_too_complex')
		},
		{
			label: 'PNG declaring 50,000×50,000 pixels',
			filename: 'huge.png',
			filetype: 'image/png',
			bytes: hugePng(),
			expect: finish('file_image_too_large')
		},
		{
			label: 'JPEG declaring 60,000×60,000 pixels (SOF)',
			filename: 'huge.jpg',
			filetype: 'image/jpeg',
			bytes: hugeJpeg(),
			expect: finish('file_image_too_large')
		},
		{
			label: 'JPEG cut off before its image data',
			filename: 'cut.jpg',
			filetype: 'image/jpeg',
			bytes: jpg.subarray(0, 200),
			expect: finish('file_image_unreadable')
		},
		{
			label: '0-byte file',
			filename: 'empty.pdf',
			filetype: 'application/pdf',
			bytes: new Uint8Array(0),
			expect: finish('file_type_mismatch')
		},
		{
			label: 'one byte over the size limit',
			filename: 'big.pdf',
			filetype: 'application/pdf',
			bytes: new Uint8Array(0),
			length: MAX_FILE + 1,
			expect: { refused: 'create', status: 413, code: 'file_too_large' }
		},
		{
			label: 'PNG bytes named .jpg',
			filename: 'scan.jpg',
			filetype: 'image/jpeg',
			bytes: png(),
			expect: finish('file_type_mismatch')
		},
		{
			label: 'JPEG bytes named .png',
			filename: 'scan.png',
			filetype: 'image/png',
			bytes: jpg,
			expect: finish('file_type_mismatch')
		},
		{
			label: 'PDF bytes named .jpg',
			filename: 'scan.jpg',
			filetype: 'image/jpeg',
			bytes: pdf,
			expect: finish('file_type_mismatch')
		},
		{
			label: '.pdf name declared as image/png',
			filename: 'scan.pdf',
			filetype: 'image/png',
			bytes: png(),
			expect: { refused: 'create', status: 422, code: 'file_type_mismatch' }
		},
		{
			label: 'zip named .pdf',
			filename: 'archive.pdf',
			filetype: 'application/pdf',
			bytes: zip({ 'a.txt': 'hello' }),
			expect: finish('file_type_mismatch')
		},
		{
			label: '.docx (zip) named .pdf',
			filename: '简历.pdf',
			filetype: 'application/pdf',
			bytes: zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' }),
			expect: finish('file_type_mismatch')
		},
		{
			label: '.docx under its own name',
			filename: '简历.docx',
			filetype: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			bytes: zip({ 'word/document.xml': '<w:document/>' }),
			expect: { refused: 'create', status: 415, code: 'file_type_not_allowed' }
		},
		{
			label: 'name with ../ (path traversal)',
			filename: '../../etc/passwd.pdf',
			filetype: 'application/pdf',
			bytes: pdf,
			expect: { accepted: true, name: '_.._etc_passwd.pdf', slot: PDF_SLOT }
		},
		{
			label: 'name with ..\\ and a drive',
			filename: 'C:\\..\\..\\boot.pdf',
			filetype: 'application/pdf',
			bytes: pdf,
			expect: { accepted: true, name: 'C__.._.._boot.pdf', slot: PDF_SLOT }
		},
		{
			label: 'name with NUL',
			filename: '证书.jpg\u0000.pdf',
			filetype: 'application/pdf',
			bytes: pdf,
			expect: { accepted: true, name: '证书.jpg.pdf', slot: PDF_SLOT }
		},
		{
			label: 'name with control characters and a newline',
			filename: 'a\r\nContent-Type: text/html\t.pdf',
			filetype: 'application/pdf',
			bytes: pdf,
			expect: { accepted: true, name: 'aContent-Type_ text_html.pdf', slot: PDF_SLOT }
		},
		{
			label: 'name with an RTL override (U+202E)',
			filename: '学历\u202Egpj.pdf',
			filetype: 'application/pdf',
			bytes: pdf,
			expect: { accepted: true, name: '学历gpj.pdf', slot: PDF_SLOT }
		},
		{
			label: 'name with bidi isolates and quotes',
			filename: '"\u2066x\u2069".pdf',
			filetype: 'application/pdf',
			bytes: pdf,
			expect: { accepted: true, name: '_x_.pdf', slot: PDF_SLOT }
		},
		{
			label: 'phone JPEG with EXIF GPS, XMP, IPTC, a comment and a trailer',
			filename: 'IMG_0001.jpg',
			filetype: 'image/jpeg',
			bytes: phoneJpeg(),
			expect: { accepted: true, name: 'IMG_0001.jpg', slot: PHOTO_SLOT },
			async served(bytes) {
				expect(bytes.includes(SECRET)).toBe(false);
				expect(bytes.includes('http://ns.adobe.com/xap')).toBe(false);
				expect(bytes.includes('8BIM')).toBe(false);
				// SOI, APP0 JFIF, then only the orientation kept as a one-entry EXIF, … , EOI.
				const markers = jpegMarkers(bytes);
				expect(markers.filter((m) => m >= 0xe0 && m <= 0xef)).toEqual([0xe1, 0xe0]);
				expect(markers).not.toContain(0xfe);
				const app1 = bytes.indexOf(Buffer.from([0xff, 0xe1]));
				const exif = bytes.subarray(app1 + 4, app1 + 2 + bytes.readUInt16BE(app1 + 2));
				expect(exif.includes(Buffer.from([0x88, 0x25]))).toBe(false); // no GPS IFD pointer
				expect(exif.readUInt16BE(6 + 8)).toBe(1); // IFD0: one entry
				expect(exif.readUInt16BE(6 + 10)).toBe(0x0112); // Orientation
				expect(exif.readUInt16BE(6 + 18)).toBe(6);
				expect(jpegJs.decode(bytes)).toMatchObject({ width: 40, height: 30 });
				// The certificate's photo and images-to-PDF embed it with pdf-lib.
				const doc = await PDFDocument.create();
				expect((await doc.embedJpg(bytes)).size()).toEqual({ width: 40, height: 30 });
			}
		},
		{
			label: 'PNG with tEXt, zTXt, iTXt, eXIf and tIME chunks',
			filename: 'scan.png',
			filetype: 'image/png',
			bytes: pngWithText(),
			expect: { accepted: true, name: 'scan.png', slot: PHOTO_SLOT },
			async served(bytes) {
				expect(bytes.includes(SECRET)).toBe(false);
				for (const type of ['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']) {
					expect(bytes.includes(type), type).toBe(false);
				}
				expect(PNG.sync.read(bytes)).toMatchObject({ width: 24, height: 16 });
				const doc = await PDFDocument.create();
				expect((await doc.embedPng(bytes)).size()).toEqual({ width: 24, height: 16 });
			}
		}
	];
}

// --- the run ----------------------------------------------------------------------------------

// eslint-disable-next-line no-control-regex
const UNSAFE_NAME = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069/\\]/;

describe('the hostile-upload corpus through the real tus server', async () => {
	const files = await corpus();
	const wrongly: string[] = [];

	it.each(files.map((f) => [f.label, f] as const))('%s', async (_label, file) => {
		const sent = await send(file);
		const row = await findUpload(tdb.sql, sent.attachmentId);
		const e = file.expect;
		if ('accepted' in e) {
			expect(sent.answer.status, await sent.answer.clone().text()).toBe(204);
			expect(sent.answer.headers.get('upload-sha256')).toBe(sha(file.bytes));
			expect(row).toMatchObject({ status: 'verified', name: e.name, reason: null });
			expect(row!.name).not.toMatch(UNSAFE_NAME);
			const res = await download(sent.attachmentId);
			expect(res.status).toBe(200);
			const disposition = res.headers.get('content-disposition')!;
			const encoded = encodeURIComponent(e.name).replace(
				/['()*]/g,
				(c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()
			);
			expect(disposition).toMatch(
				/^attachment; filename="[\x20-\x21\x23-\x24\x26-\x5b\x5d-\x7e]+"; /
			);
			expect(disposition.endsWith(`; filename*=UTF-8''${encoded}`)).toBe(true);
			expect(disposition).not.toMatch(/%(0|1|7F|E2%80%A|E2%81%A|2F|5C)/i);
			expect(res.headers.get('x-content-type-options')).toBe('nosniff');
			expect(res.headers.get('content-security-policy')).toBe('sandbox');
			const bytes = Buffer.from(await res.arrayBuffer());
			expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
			expect(row!.size).toBe(file.bytes.length);
			await file.served?.(bytes);
			expect(await attach(sent.attachmentId, ...e.slot)).toMatchObject({ status: 'applied' });
			return;
		}
		if (row?.status === 'verified') wrongly.push(file.label);
		const message = errorMessage(e.code as ErrorCode, 'zh-CN');
		if (e.refused === 'create') {
			expect(sent.answer.status).toBe(e.status);
			expect(await sent.answer.text()).toBe(message);
			expect(row).toBeNull();
		} else {
			expect(sent.answer.status).toBe(422);
			expect(await sent.answer.text()).toBe(message);
			expect(row).toMatchObject({ status: 'refused', reason: e.code });
			// The bytes and the upload's record are gone.
			if (sent.key) expect(await store.getUpload(sent.key).catch(() => null)).toBeNull();
		}
		expect((await download(sent.attachmentId)).status).toBe(404);
		expect(await attach(sent.attachmentId, ...PDF_SLOT)).toMatchObject({
			status: 'rejected',
			code: 'attachment_not_ready'
		});
	});

	it('an accepted image is not taken where a PDF is asked, nor a PDF as the 证件照', async () => {
		const image = await send({
			label: '',
			filename: 'p.png',
			filetype: 'image/png',
			bytes: png(),
			expect: finish('')
		});
		expect(image.answer.status).toBe(204);
		expect(await attach(image.attachmentId, ...PDF_SLOT)).toMatchObject({
			status: 'rejected',
			code: 'attachment_wrong_type'
		});
		const pdf = await send({
			label: '',
			filename: 'p.pdf',
			filetype: 'application/pdf',
			bytes: tinyPdf(),
			expect: finish('')
		});
		expect(pdf.answer.status).toBe(204);
		expect(await attach(pdf.attachmentId, ...PHOTO_SLOT)).toMatchObject({
			status: 'rejected',
			code: 'attachment_wrong_type'
		});
	});

	it('refusal messages exist in Chinese and English for every code the corpus expects', () => {
		for (const f of files) {
			if ('accepted' in f.expect) continue;
			const zh = errorMessage(f.expect.code as ErrorCode, 'zh-CN');
			const en = errorMessage(f.expect.code as ErrorCode, 'en');
			expect(zh, f.expect.code).toMatch(/[\u4e00-\u9fff]/);
			expect(en, f.expect.code).toMatch(/^[\x20-\x7e\u2018-\u201d]+$/);
			expect(en).not.toBe(zh);
		}
	});

	it('tallies the corpus: every hostile file refused, no file accepted wrongly', () => {
		const refused = files.filter((f) => !('accepted' in f.expect)).length;
		console.log(
			`hostile uploads: ${files.length} corpus files (${refused} to refuse, ` +
				`${files.length - refused} benign oddities to accept safely), accepted wrongly: ${wrongly.length}`
		);
		expect(wrongly).toEqual([]);
	});
});

describe('on S3 storage', () => {
	it("an image's cleaned copy replaces the received bytes there too", async () => {
		const s3 = await startS3Server();
		try {
			const s3Store = createS3Store(s3.config);
			const onS3 = createTusServer({
				sql: () => tdb.sql,
				config: {
					filesDir: dir,
					maxFileBytes: MAX_FILE,
					maxCaseBytes: 1024 ** 3,
					maxApplicantBytes: 1024 ** 3,
					s3: s3.config
				},
				origin: ORIGIN,
				datastore: s3Store,
				locker
			});
			const photo = phoneJpeg();
			const file = { label: '', filename: 'IMG_0002.jpg', filetype: 'image/jpeg', bytes: photo };
			const sent = await send({ ...file, expect: finish('') }, onS3);
			expect(sent.answer.status).toBe(204);
			expect(sent.answer.headers.get('upload-sha256')).toBe(sha(photo));
			const res = await download(sent.attachmentId, s3Store);
			expect(res.status).toBe(200);
			const bytes = Buffer.from(await res.arrayBuffer());
			expect(bytes.length).toBeLessThan(photo.length);
			expect(bytes.includes(SECRET)).toBe(false);
			expect(jpegJs.decode(bytes)).toMatchObject({ width: 40, height: 30 });
			expect((await findUpload(tdb.sql, sent.attachmentId))?.size).toBe(photo.length);
			expect(res.headers.get('content-length')).toBe(String(bytes.length));
			// The client's HEAD after a lost answer: complete, and confirmed with its own SHA-256.
			const head = await onS3.handleWeb(
				new Request(`${ORIGIN}/files/${sent.key}`, { method: 'HEAD', headers: tusHeaders({}) })
			);
			expect(head.headers.get('upload-offset')).toBe(head.headers.get('upload-length'));
			expect(head.headers.get('upload-sha256')).toBe(sha(photo));
		} finally {
			await s3.close();
		}
	});
});
