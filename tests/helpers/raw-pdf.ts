import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/**
 * PDFs written byte by byte, for the hostile-PDF tests: objects as PDF source text (names with
 * `#xx` escapes stay as written), streams with any chain of filters, object streams, a classic
 * cross-reference table or a cross-reference stream, and the standard security handler.
 */

export interface RawStream {
	/** The stream dictionary's entries, without `/Length` (added). */
	dict: string;
	data: Uint8Array;
}

/** An object's body, or a stream. Object numbers are the positions in the list, from 1. */
export type RawObject = string | RawStream;

export interface RawPdfOptions {
	/** Extra trailer entries. */
	trailer?: string;
	/** Objects (numbers) to put into one object stream, referenced from a cross-reference stream. */
	compress?: number[];
	/** The object stream's filters, outermost first (e.g. `['ASCIIHexDecode', 'FlateDecode']`). */
	objStmFilters?: Filter[];
	/** Objects left out of the cross-reference (still written in the file). */
	unlisted?: number[];
}

export type Filter = 'FlateDecode' | 'ASCIIHexDecode' | 'ASCII85Decode';

const latin1 = (s: string) => Buffer.from(s, 'latin1');

/** The bytes that decode to `data` through `filters` (outermost first). */
export function encode(data: Uint8Array, filters: Filter[]): Buffer {
	let out = Buffer.from(data);
	for (const filter of [...filters].reverse()) {
		if (filter === 'FlateDecode') out = deflateSync(out);
		else if (filter === 'ASCIIHexDecode') out = latin1(out.toString('hex') + '>');
		else out = latin1(ascii85(out) + '~>');
	}
	return out;
}

function ascii85(bytes: Buffer): string {
	let out = '';
	for (let i = 0; i < bytes.length; i += 4) {
		const chunk = Buffer.alloc(4);
		bytes.copy(chunk, 0, i, i + 4);
		const n = chunk.readUInt32BE(0);
		const used = Math.min(4, bytes.length - i);
		if (n === 0 && used === 4) {
			out += 'z';
			continue;
		}
		const digits: string[] = [];
		let v = n;
		for (let d = 0; d < 5; d++) {
			digits.unshift(String.fromCharCode((v % 85) + 33));
			v = Math.floor(v / 85);
		}
		out += digits.slice(0, used + 1).join('');
	}
	return out;
}

export function filterArray(filters: Filter[]): string {
	return filters.length === 0 ? '' : `/Filter [${filters.map((f) => '/' + f).join(' ')}]`;
}

function streamBytes(s: RawStream): Buffer {
	return Buffer.concat([
		latin1(`<< ${s.dict} /Length ${s.data.length} >>\nstream\n`),
		Buffer.from(s.data),
		latin1('\nendstream')
	]);
}

function body(o: RawObject): Buffer {
	return typeof o === 'string' ? latin1(o) : streamBytes(o);
}

/** A whole PDF; object 1 should be the catalog (`/Root 1 0 R`). */
export function rawPdf(objects: RawObject[], options: RawPdfOptions = {}): Uint8Array {
	const compress = new Set(options.compress ?? []);
	const unlisted = new Set(options.unlisted ?? []);
	const parts: Buffer[] = [latin1('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
	let size = parts[0]!.length;
	const push = (b: Buffer) => {
		parts.push(b);
		size += b.length;
	};
	const offsets = new Map<number, number>();
	objects.forEach((o, i) => {
		const num = i + 1;
		if (compress.has(num)) return;
		offsets.set(num, size);
		push(Buffer.concat([latin1(`${num} 0 obj\n`), body(o), latin1('\nendobj\n')]));
	});
	const trailer = `/Root 1 0 R ${options.trailer ?? ''}`;
	if (compress.size === 0) {
		const xrefAt = size;
		const count = objects.length + 1;
		let xref = `xref\n0 ${count}\n0000000000 65535 f \n`;
		for (let num = 1; num < count; num++) {
			const at = offsets.get(num);
			xref +=
				at === undefined || unlisted.has(num)
					? '0000000000 65535 f \n'
					: `${String(at).padStart(10, '0')} 00000 n \n`;
		}
		push(latin1(`${xref}trailer\n<< /Size ${count} ${trailer} >>\nstartxref\n${xrefAt}\n%%EOF\n`));
		return new Uint8Array(Buffer.concat(parts));
	}
	// The object stream, then the cross-reference stream.
	const inside = [...compress];
	let header = '';
	let content = '';
	for (const num of inside) {
		header += `${num} ${content.length} `;
		content += `${objects[num - 1] as string}\n`;
	}
	const filters = options.objStmFilters ?? ['FlateDecode'];
	const objStmNum = objects.length + 1;
	const xrefNum = objects.length + 2;
	offsets.set(objStmNum, size);
	push(
		Buffer.concat([
			latin1(`${objStmNum} 0 obj\n`),
			streamBytes({
				dict: `/Type /ObjStm /N ${inside.length} /First ${header.length} ${filterArray(filters)}`,
				data: encode(latin1(header + content), filters)
			}),
			latin1('\nendobj\n')
		])
	);
	const xrefAt = size;
	const rows: Buffer[] = [];
	const row = (type: number, a: number, b: number) => {
		const r = Buffer.alloc(7);
		r[0] = type;
		r.writeUInt32BE(a, 1);
		r.writeUInt16BE(b, 5);
		rows.push(r);
	};
	row(0, 0, 65535);
	for (let num = 1; num <= xrefNum; num++) {
		if (unlisted.has(num)) row(0, 0, 0);
		else if (compress.has(num)) row(2, objStmNum, inside.indexOf(num));
		else if (num === xrefNum) row(1, xrefAt, 0);
		else row(1, offsets.get(num)!, 0);
	}
	push(
		Buffer.concat([
			latin1(`${xrefNum} 0 obj\n`),
			streamBytes({
				dict: `/Type /XRef /Size ${xrefNum + 1} /W [1 4 2] ${trailer}`,
				data: Buffer.concat(rows)
			}),
			latin1(`\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`)
		])
	);
	return new Uint8Array(Buffer.concat(parts));
}

/** A catalog, a page tree and one page; `extra` goes into the page's dictionary. */
export function pageObjects(catalogExtra = '', pageExtra = ''): string[] {
	return [
		`<< /Type /Catalog /Pages 2 0 R ${catalogExtra} >>`,
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] ${pageExtra} >>`
	];
}

// --- the standard security handler (revision 2, RC4 40-bit), empty user password -------------

const PASSWORD_PAD = Buffer.from(
	'28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a',
	'hex'
);

function rc4(key: Buffer, data: Buffer): Buffer {
	const s = Array.from({ length: 256 }, (_, i) => i);
	for (let i = 0, j = 0; i < 256; i++) {
		j = (j + s[i]! + key[i % key.length]!) & 0xff;
		[s[i], s[j]] = [s[j]!, s[i]!];
	}
	const out = Buffer.alloc(data.length);
	for (let n = 0, i = 0, j = 0; n < data.length; n++) {
		i = (i + 1) & 0xff;
		j = (j + s[i]!) & 0xff;
		[s[i], s[j]] = [s[j]!, s[i]!];
		out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 0xff]!;
	}
	return out;
}

/**
 * An encrypted PDF that every reader opens without asking (empty user password): the `/Encrypt`
 * dictionary with a correct `/U`. Its page content is encrypted with the file key.
 */
export function encryptedPdf(): Uint8Array {
	const id = Buffer.alloc(16, 7);
	const owner = Buffer.alloc(32, 0x41);
	const permissions = -4;
	const p = Buffer.alloc(4);
	p.writeInt32LE(permissions);
	const key = createHash('md5')
		.update(Buffer.concat([PASSWORD_PAD, owner, p, id]))
		.digest()
		.subarray(0, 5);
	const user = rc4(key, PASSWORD_PAD);
	const objKey = (num: number) =>
		createHash('md5')
			.update(Buffer.concat([key, Buffer.from([num, 0, 0, 0, 0])]))
			.digest()
			.subarray(0, Math.min(16, key.length + 5));
	const content = rc4(objKey(4), latin1('BT /F1 12 Tf 20 100 Td (Hi) Tj ET'));
	return rawPdf([...pageObjects('', '/Contents 4 0 R'), { dict: '', data: content }], {
		trailer:
			`/Encrypt << /Filter /Standard /V 1 /R 2 /O <${owner.toString('hex')}> ` +
			`/U <${user.toString('hex')}> /P ${permissions} >> /ID [<${id.toString('hex')}> <${id.toString('hex')}>]`
	});
}
