import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { deflateSync } from 'node:zlib';
import { FileStore } from '@tus/file-store';
import { Upload } from '@tus/utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tinyPdf } from '../../../tests/helpers/pdf';
import { pageObjects, rawPdf } from '../../../tests/helpers/raw-pdf';
import { verifyBytes, type Declared } from './verify';
import { VerifyingStore } from './verifying-store';

let dir: string;
let seq = 0;

beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'zc-verifying-'));
});

afterEach(() => {
	rmSync(dir, { recursive: true, force: true });
});

function declaredFor(bytes: Uint8Array): Declared {
	return {
		filename: 'a.pdf',
		filetype: 'application/pdf',
		size: bytes.length,
		sha256: createHash('sha256').update(bytes).digest('hex')
	};
}

async function created(store: VerifyingStore, size: number): Promise<string> {
	const id = `upload-${seq++}`;
	await store.create(
		new Upload({ id, size, offset: 0, storage: { type: 'file', path: path.join(dir, id) } })
	);
	return id;
}

/** Writes `bytes` as the store sees a PATCH: in pieces of `piece` bytes. */
function body(bytes: Uint8Array, piece = 1000): Readable {
	return Readable.from(
		(function* () {
			for (let i = 0; i < bytes.length; i += piece) yield Buffer.from(bytes.subarray(i, i + piece));
		})()
	);
}

/** A PDF with a script in a FlateDecode object stream that no cross-reference lists. */
function pdfWithHiddenScript(): Uint8Array {
	const inner = '5 0 << /S /JavaScript /JS (app.alert(1)) >>';
	return rawPdf(
		[
			...pageObjects(),
			{ dict: '/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', data: deflateSync(inner) }
		],
		{ unlisted: [4] }
	);
}

describe('VerifyingStore', () => {
	it('verifies PATCHes written in order exactly as reading the stored bytes back', async () => {
		const store = new VerifyingStore(new FileStore({ directory: dir }));
		const cases = [
			{ bytes: tinyPdf(), cuts: [100, 101, 300] },
			{ bytes: pdfWithHiddenScript(), cuts: [150, 151, 300] }
		];
		for (const { bytes, cuts: inner } of cases) {
			const id = await created(store, bytes.length);
			const cuts = [0, ...inner, bytes.length];
			for (let k = 0; k + 1 < cuts.length; k++) {
				const offset = await store.write(
					body(bytes.subarray(cuts[k], cuts[k + 1]), 7),
					id,
					cuts[k]!
				);
				expect(offset).toBe(cuts[k + 1]);
			}
			const declared = declaredFor(bytes);
			const fromDisk = await verifyBytes(await store.read(id), declared);
			expect(await store.finishVerification(id, declared)).toEqual(fromDisk);
			expect(store.trackedCount).toBe(0);
		}
		const script = pdfWithHiddenScript();
		const fromDisk = await verifyBytes(body(script), declaredFor(script));
		expect(fromDisk.reason).toBe('file_pdf_script');
	});

	it('leaves the finish to a read-back when it did not see every byte in order', async () => {
		const bytes = tinyPdf();
		const half = 300;
		const inner = new FileStore({ directory: dir });
		const first = new VerifyingStore(inner);
		const id = await created(first, bytes.length);
		await first.write(body(bytes.subarray(0, half)), id, 0);
		// Another process (or this one after a restart) takes the rest.
		const restarted = new VerifyingStore(inner);
		await restarted.write(body(bytes.subarray(half)), id, half);
		expect(restarted.trackedCount).toBe(0);
		expect(await restarted.finishVerification(id, declaredFor(bytes))).toBeNull();
		// The first one never saw the second half: its state does not cover the file.
		expect(await first.finishVerification(id, declaredFor(bytes))).toBeNull();
		// A PATCH at an offset the state does not end at drops the state.
		const other = await created(first, bytes.length);
		await first.write(body(bytes.subarray(0, half)), other, 0);
		expect(first.trackedCount).toBe(1);
		await first.write(body(bytes.subarray(half + 1, half + 2)), other, half + 1).catch(() => 0);
		expect(first.trackedCount).toBe(0);
		// The stored bytes are intact either way.
		expect(Buffer.compare(readFileSync(path.join(dir, id)), Buffer.from(bytes))).toBe(0);
	});

	it('writes every byte of a body that broke off, keeps following it, and still reports the break', async () => {
		const bytes = tinyPdf();
		const store = new VerifyingStore(new FileStore({ directory: dir }));
		const id = await created(store, bytes.length);
		await store.write(body(bytes.subarray(0, 50)), id, 0);
		const broken = new Readable({
			read() {
				this.push(Buffer.from(bytes.subarray(50, 100)));
				this.destroy(new Error('connection reset'));
			}
		});
		await expect(store.write(broken, id, 50)).rejects.toThrow('connection reset');
		expect((await store.getUpload(id)).offset).toBe(100);
		expect(store.trackedCount).toBe(1);
		await store.write(body(bytes.subarray(100)), id, 100);
		expect(await store.finishVerification(id, declaredFor(bytes))).toMatchObject({
			ok: true,
			size: bytes.length
		});
	});

	it('drops the state of a PATCH the store failed to write', async () => {
		const bytes = tinyPdf();
		const inner = new FileStore({ directory: dir });
		const store = new VerifyingStore(inner);
		const id = await created(store, bytes.length);
		await store.write(body(bytes.subarray(0, 50)), id, 0);
		const write = inner.write.bind(inner);
		inner.write = async () => {
			throw new Error('disk full');
		};
		await expect(store.write(body(bytes.subarray(50, 100)), id, 50)).rejects.toThrow('disk full');
		expect(store.trackedCount).toBe(0);
		inner.write = write;
		await store.write(body(bytes.subarray(50)), id, 50);
		expect(await store.finishVerification(id, declaredFor(bytes))).toBeNull();
	});

	it('keeps the state of a PATCH cut short by the client: the bytes that came are written', async () => {
		const bytes = tinyPdf();
		const store = new VerifyingStore(new FileStore({ directory: dir }));
		const id = await created(store, bytes.length);
		// tus ends the body early (not an error) when the request is aborted.
		expect(await store.write(body(bytes.subarray(0, 123)), id, 0)).toBe(123);
		expect(await store.write(body(bytes.subarray(123)), id, 123)).toBe(bytes.length);
		const result = await store.finishVerification(id, declaredFor(bytes));
		expect(result).toMatchObject({ ok: true, size: bytes.length });
	});

	it('forgets removed uploads, and bounds what it keeps by count and idle time', async () => {
		let now = 0;
		const store = new VerifyingStore(
			new FileStore({ directory: dir }),
			{ maxTracked: 2, maxIdleMs: 1000 },
			() => now
		);
		const bytes = tinyPdf();
		const ids = [];
		for (let i = 0; i < 3; i++) {
			const id = await created(store, bytes.length);
			await store.write(body(bytes.subarray(0, 10)), id, 0);
			ids.push(id);
		}
		expect(store.trackedCount).toBe(2);
		expect(await store.finishVerification(ids[0]!, declaredFor(bytes))).toBeNull();
		await store.remove(ids[1]!);
		expect(store.trackedCount).toBe(1);
		now = 5000;
		const late = await created(store, bytes.length);
		await store.write(body(bytes.subarray(0, 10)), late, 0);
		expect(store.trackedCount).toBe(1); // ids[2] sat idle too long
	});

	it('content-checks the pieces it kept without reading the file back, within its byte budget', async () => {
		const bytes = pdfWithHiddenScript();
		const declared = declaredFor(bytes);
		for (const maxKeptBytes of [1024 * 1024, 100]) {
			const store = new VerifyingStore(new FileStore({ directory: dir }), { maxKeptBytes });
			let readBacks = 0;
			const read = store.read.bind(store);
			store.read = (id) => {
				readBacks++;
				return read(id);
			};
			const id = await created(store, bytes.length);
			await store.write(body(bytes.subarray(0, 200), 30), id, 0);
			await store.write(body(bytes.subarray(200), 30), id, 200);
			expect(store.keptByteCount).toBe(maxKeptBytes > bytes.length ? bytes.length : 0);
			const result = await store.finishVerification(id, declared);
			expect(result).toMatchObject({ ok: false, reason: 'file_pdf_script' });
			// Over the budget the pieces are dropped and the file is read back instead.
			expect(readBacks).toBe(maxKeptBytes > bytes.length ? 0 : 1);
			expect(store.keptByteCount).toBe(0);
		}
		// Removed, restarted at another offset or evicted: what was kept is let go.
		const store = new VerifyingStore(new FileStore({ directory: dir }), { maxTracked: 1 });
		const a = await created(store, bytes.length);
		await store.write(body(bytes.subarray(0, 100)), a, 0);
		const b = await created(store, bytes.length);
		await store.write(body(bytes.subarray(0, 100)), b, 0);
		expect(store.keptByteCount).toBe(100);
		await store.write(body(bytes.subarray(150, 160)), b, 150);
		expect(store.keptByteCount).toBe(0);
		await store.write(body(bytes.subarray(0, 100)), a, 0);
		await store.remove(a);
		expect(store.keptByteCount).toBe(0);
	});

	it('passes everything else through to the wrapped store', async () => {
		const inner = new FileStore({ directory: dir });
		const store = new VerifyingStore(inner);
		expect(store.extensions).toEqual(inner.extensions);
		expect(store.hasExtension('creation')).toBe(true);
		expect(store.getExpiration()).toBe(inner.getExpiration());
		const id = await created(store, 10);
		expect((await store.getUpload(id)).size).toBe(10);
		let heard = 0;
		const listener = () => heard++;
		store.on('ping', listener);
		inner.emit('ping');
		store.removeListener('ping', listener);
		inner.emit('ping');
		expect(heard).toBe(1);
	});
});
