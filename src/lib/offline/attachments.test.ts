import 'fake-indexeddb/auto';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { DefaultHttpStack, type HttpRequest, type HttpStack } from 'tus-js-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLoopbackTus, type LoopbackTus } from '../../../tests/helpers/tus-server';
import { tinyPdf } from '../../../tests/helpers/pdf';
import {
	AttachmentStoreError,
	STORE_CHUNK_BYTES,
	UploadRefusedError,
	attachmentBlob,
	deleteLocalAttachment,
	dexieUrlStorage,
	dropLocalBytes,
	fingerprintOf,
	readSlice,
	storeFile,
	uploadAttachment
} from './attachments';
import { ZhichengDB } from './db';
import { releaseFile } from './held-files';
import { FILES_SENDING_AT_ONCE } from './send-lane';
import { PARALLEL_UPLOADS, uploadPending } from './upload-runner';

const MiB = 1024 * 1024;

function sha(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

let db: ZhichengDB;
let n = 0;

function freshDb(): ZhichengDB {
	db = new ZhichengDB(`attachments-test-${process.pid}-${n++}`);
	return db;
}

afterEach(async () => {
	db?.close();
	await db?.delete();
});

/** A PDF of exactly `size` bytes: a valid header, space padding, and the rest of a real PDF. */
function pdfOfSize(size: number): Uint8Array {
	const base = Buffer.from(tinyPdf());
	const pad = Buffer.alloc(size - base.length, 0x20);
	return new Uint8Array(Buffer.concat([base.subarray(0, 9), pad, base.subarray(9)]));
}

function file(bytes: Uint8Array, name: string, type = 'application/pdf'): File {
	return new File([new Uint8Array(bytes)], name, { type });
}

describe('storeFile', () => {
	it('splits 2.5 MiB into 1 MiB pieces and hashes them incrementally', async () => {
		freshDb();
		const bytes = randomBytes(2.5 * MiB);
		bytes.set(tinyPdf().subarray(0, 8));
		const id = await storeFile(db, {
			caseId: randomUUID(),
			module: 'other',
			slot: 'misc',
			file: file(bytes, '论文.pdf')
		});
		const row = await db.attachments.get(id);
		expect(row).toMatchObject({
			name: '论文.pdf',
			mime: 'application/pdf',
			size: bytes.length,
			sha256: sha(bytes),
			state: 'local',
			uploadedBytes: 0,
			hasLocalBytes: true,
			error: null
		});
		const chunks = await db.chunks.where('attachmentId').equals(id).sortBy('index');
		expect(chunks.map((c) => c.data.byteLength)).toEqual([MiB, MiB, MiB / 2]);
		expect(chunks.every((c) => c.data instanceof ArrayBuffer)).toBe(true);
		const blob = await attachmentBlob(db, id);
		expect(blob?.type).toBe('application/pdf');
		expect(sha(new Uint8Array(await blob!.arrayBuffer()))).toBe(sha(bytes));
	});

	it('takes the type from the extension when the browser gives none, and refuses others', async () => {
		freshDb();
		const id = await storeFile(db, {
			caseId: randomUUID(),
			module: 'm',
			slot: 's',
			file: file(new Uint8Array([0x89, 0x50]), 'photo.PNG', '')
		});
		expect((await db.attachments.get(id))?.mime).toBe('image/png');
		await expect(
			storeFile(db, {
				caseId: 'c',
				module: 'm',
				slot: 's',
				file: file(new Uint8Array(3), 'a.gif', 'image/gif')
			})
		).rejects.toMatchObject({ code: 'file_type_not_allowed' });
	});

	it('leaves nothing behind when the device is full', async () => {
		freshDb();
		const original = db.chunks.bulkAdd.bind(db.chunks);
		const spy = vi.spyOn(db.chunks, 'bulkAdd').mockImplementationOnce(((
			items: Parameters<typeof original>[0]
		) =>
			original(items.slice(0, 1)).then(() => {
				throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			})) as typeof original);
		const error = await storeFile(db, {
			caseId: randomUUID(),
			module: 'm',
			slot: 's',
			file: file(randomBytes(3 * MiB), 'big.pdf')
		}).catch((e: unknown) => e);
		spy.mockRestore();
		expect(error).toBeInstanceOf(AttachmentStoreError);
		expect((error as AttachmentStoreError).code).toBe('file_device_full');
		expect((error as Error).message).toContain('存储空间不足');
		expect(await db.attachments.count()).toBe(0);
		expect(await db.chunks.count()).toBe(0);
	});
});

describe('readSlice', () => {
	it('returns any byte range across piece boundaries, unaligned', async () => {
		freshDb();
		const bytes = randomBytes(3 * MiB + 12_345);
		const id = await storeFile(db, {
			caseId: randomUUID(),
			module: 'm',
			slot: 's',
			file: file(bytes, 'x.pdf')
		});
		const ranges: [number, number][] = [
			[0, 1],
			[0, MiB],
			[MiB - 1, MiB + 1],
			[2_736_128, 2_736_128 + 4 * MiB], // a real resume offset from the stack trial
			[MiB + 638_976, 3 * MiB + 5],
			[3 * MiB, 3 * MiB + 12_345],
			[3 * MiB + 12_344, 3 * MiB + 20_000],
			[17, 17]
		];
		for (const [start, end] of ranges) {
			const blob = await readSlice(db, id, bytes.length, start, end);
			const expected = bytes.subarray(start, Math.min(end, bytes.length));
			expect(blob.size, `${start}-${end}`).toBe(expected.length);
			expect(Buffer.from(await blob.arrayBuffer()).equals(expected), `${start}-${end}`).toBe(true);
		}
		for (let i = 0; i < 50; i++) {
			const start = Math.floor(Math.random() * bytes.length);
			const end = start + Math.floor(Math.random() * 2.5 * STORE_CHUNK_BYTES);
			const blob = await readSlice(db, id, bytes.length, start, end);
			expect(Buffer.from(await blob.arrayBuffer()).equals(bytes.subarray(start, end))).toBe(true);
		}
	});
});

describe('local state rules', () => {
	it('drops bytes only once attached, and deletes only local or failed ones', async () => {
		freshDb();
		const id = await storeFile(db, {
			caseId: randomUUID(),
			module: 'm',
			slot: 's',
			file: file(tinyPdf(), 'a.pdf')
		});
		await expect(dropLocalBytes(db, id)).rejects.toThrow(/still needed/);
		await db.attachments.update(id, { state: 'attached' });
		await dropLocalBytes(db, id);
		expect(await db.chunks.where('attachmentId').equals(id).count()).toBe(0);
		expect((await db.attachments.get(id))?.hasLocalBytes).toBe(false);
		expect(await attachmentBlob(db, id)).toBeNull();
		await expect(deleteLocalAttachment(db, id)).rejects.toThrow();

		const other = await storeFile(db, {
			caseId: randomUUID(),
			module: 'm',
			slot: 's',
			file: file(tinyPdf(), 'b.pdf')
		});
		await deleteLocalAttachment(db, other);
		expect(await db.attachments.get(other)).toBeUndefined();
		expect(await db.chunks.where('attachmentId').equals(other).count()).toBe(0);
	});

	it('lists stored upload URLs newest first', async () => {
		freshDb();
		const storage = dexieUrlStorage(db);
		const entry = (url: string) => ({
			size: 1,
			metadata: {},
			creationTime: new Date().toString(),
			urlStorageKey: '',
			uploadUrl: url,
			parallelUploadUrls: null
		});
		await storage.addUpload('fp', entry('/files/a'));
		await storage.addUpload('fp', entry('/files/b'));
		await storage.addUpload('other', entry('/files/c'));
		const found = await storage.findUploadsByFingerprint('fp');
		expect(found.map((u) => u.uploadUrl)).toEqual(['/files/b', '/files/a']);
		await storage.removeUpload(found[1]!.urlStorageKey);
		expect((await storage.findAllUploads()).map((u) => u.uploadUrl)).toEqual([
			'/files/c',
			'/files/b'
		]);
	});
});

describe('uploadAttachment against a real tus server', () => {
	let server: LoopbackTus;
	const requests: { method: string; offset: string | undefined }[] = [];

	/**
	 * Node's tus-js-client stack, sending the session cookie and the reader's Blobs as bytes;
	 * `trickle` sends them in 50 kB pieces with pauses, like a slow phone, so an abort lands
	 * in the middle of a PATCH.
	 */
	function cookieStack(trickle = false): HttpStack {
		const inner = new DefaultHttpStack({});
		return {
			getName: () => 'node-with-cookie',
			createRequest(method: string, url: string): HttpRequest {
				const req = inner.createRequest(method, url);
				req.setHeader('Cookie', server.cookie);
				const send = req.send.bind(req);
				req.send = async (body: unknown) => {
					requests.push({ method, offset: req.getHeader('Upload-Offset') });
					if (body instanceof Blob) {
						const bytes = Buffer.from(await body.arrayBuffer());
						req.setHeader('Content-Length', String(bytes.length));
						if (!trickle) return send(bytes);
						const pieces = async function* () {
							for (let i = 0; i < bytes.length; i += 50_000) {
								yield bytes.subarray(i, i + 50_000);
								await new Promise((r) => setTimeout(r, 8));
							}
						};
						return send(Readable.from(pieces()));
					}
					return send(body);
				};
				return req;
			}
		};
	}

	beforeAll(async () => {
		server = await startLoopbackTus();
	});

	afterAll(async () => {
		await server?.close();
	});

	it('resumes after an abort at about half and ends byte-identical', async () => {
		freshDb();
		const bytes = pdfOfSize(6 * MiB + 4321);
		const id = await storeFile(db, {
			caseId: server.caseId,
			module: 'other',
			slot: 'misc',
			file: file(bytes, '业绩材料.pdf')
		});
		requests.length = 0;
		const abort = new AbortController();
		const seen: number[] = [];
		const first = uploadAttachment(db, id, {
			endpoint: server.endpoint,
			httpStack: cookieStack(true),
			retryDelays: null,
			signal: abort.signal,
			onProgress(sent) {
				seen.push(sent);
				if (sent >= bytes.length / 2) abort.abort();
			}
		});
		await expect(first).rejects.toThrow();
		expect(seen.length).toBeGreaterThan(1);
		const afterAbort = await db.attachments.get(id);
		expect(afterAbort?.state).toBe('local');
		expect(afterAbort?.uploadUrl).toMatch(/\/files\//);
		expect(await db.uploadUrls.where('fingerprint').equals(fingerprintOf(id)).count()).toBe(1);

		requests.length = 0;
		const states: number[] = [];
		const result = await uploadAttachment(db, id, {
			endpoint: server.endpoint,
			httpStack: cookieStack(),
			retryDelays: null,
			onProgress: (sent) => states.push(sent)
		});
		expect(result.sha256).toBe(sha(bytes));
		// It resumed (HEAD, then PATCHes from the server's offset), it did not start over.
		expect(requests[0]?.method).toBe('HEAD');
		expect(requests.some((r) => r.method === 'POST')).toBe(false);
		const resumedAt = Number(requests.find((r) => r.method === 'PATCH')?.offset);
		expect(resumedAt).toBeGreaterThan(0);
		expect(resumedAt).toBeLessThan(bytes.length);
		// The server kept the aborted PATCH's partial bytes: the resume offset is unaligned.
		expect(resumedAt % MiB).not.toBe(0);

		const row = await db.attachments.get(id);
		expect(row).toMatchObject({ state: 'uploaded', uploadedBytes: bytes.length, error: null });
		expect(await db.uploadUrls.count()).toBe(0);
		const recorded = await server.upload(id);
		expect(recorded).toMatchObject({ status: 'verified', sha256: sha(bytes), size: bytes.length });
		const stored = readFileSync(path.join(server.filesDir, recorded!.storageKey));
		expect(sha(stored)).toBe(sha(bytes));
	});

	it('starts over from the stored pieces when the server deleted the partial upload as abandoned', async () => {
		freshDb();
		const bytes = pdfOfSize(3 * MiB + 777);
		const id = await stored(bytes, 'abandoned.pdf');
		const abort = new AbortController();
		await expect(
			uploadAttachment(db, id, {
				endpoint: server.endpoint,
				httpStack: cookieStack(true),
				retryDelays: null,
				signal: abort.signal,
				onProgress(sent) {
					if (sent >= bytes.length / 2) abort.abort();
				}
			})
		).rejects.toThrow();
		const partial = (await db.attachments.get(id))?.uploadUrl?.split('/').at(-1);
		expect(partial).toBeTruthy();
		expect(await server.sweep()).toContain(partial);

		requests.length = 0;
		const result = await uploadAttachment(db, id, {
			endpoint: server.endpoint,
			httpStack: cookieStack(),
			retryDelays: null
		});
		// Its HEAD finds nothing (404): a new upload, every byte sent again from this device.
		expect(requests.slice(0, 3).map((r) => r.method)).toEqual(['HEAD', 'POST', 'PATCH']);
		expect(requests[2]?.offset).toBe('0');
		expect(result.sha256).toBe(sha(bytes));
		const recorded = await server.upload(id);
		expect(recorded).toMatchObject({ status: 'verified', sha256: sha(bytes), size: bytes.length });
		expect(recorded?.storageKey).not.toBe(partial);
		expect(sha(readFileSync(path.join(server.filesDir, recorded!.storageKey)))).toBe(sha(bytes));
		expect(await db.uploadUrls.count()).toBe(0);
	});

	it('marks a refused upload failed with the server reason', async () => {
		freshDb();
		const jpeg = new Uint8Array(5000);
		jpeg.set([0xff, 0xd8, 0xff, 0xe0]);
		const id = await storeFile(db, {
			caseId: server.caseId,
			module: 'other',
			slot: 'misc',
			file: file(jpeg, 'renamed.pdf')
		});
		const options = { endpoint: server.endpoint, httpStack: cookieStack() };
		const running = uploadAttachment(db, id, options);
		// A second caller shares the running upload instead of racing it.
		expect(uploadAttachment(db, id, options)).toBe(running);
		const error = await running.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(UploadRefusedError);
		expect((error as UploadRefusedError).status).toBe(422);
		const row = await db.attachments.get(id);
		expect(row?.state).toBe('failed');
		expect(row?.error).toContain('文件内容与文件类型不符');
		expect(await db.uploadUrls.count()).toBe(0);
	});

	/** Counts reads of stored pieces (the held-file path reads none). */
	function countPieceReads(): { count: number } {
		const seen = { count: 0 };
		const where = db.chunks.where.bind(db.chunks);
		vi.spyOn(db.chunks, 'where').mockImplementation(((index: string) => {
			seen.count++;
			return where(index);
		}) as typeof db.chunks.where);
		return seen;
	}

	async function stored(bytes: Uint8Array, name: string, chosen?: Blob & { name: string }) {
		return storeFile(db, {
			caseId: server.caseId,
			module: 'other',
			slot: 'misc',
			file: chosen ?? file(bytes, name)
		});
	}

	it('sends the chosen file while this page holds it, else the stored pieces', async () => {
		freshDb();
		const a = pdfOfSize(2 * MiB + 17);
		const b = pdfOfSize(MiB + 5);
		const idA = await stored(a, 'a.pdf');
		const idB = await stored(b, 'b.pdf');
		const reads = countPieceReads();
		const options = { endpoint: server.endpoint, httpStack: cookieStack(), retryDelays: null };
		expect((await uploadAttachment(db, idA, options)).sha256).toBe(sha(a));
		expect(reads.count).toBe(0);
		releaseFile(db.name, idB); // as after a reload
		expect((await uploadAttachment(db, idB, options)).sha256).toBe(sha(b));
		expect(reads.count).toBeGreaterThan(0);
		expect((await server.upload(idB))?.sha256).toBe(sha(b));
	});

	it('reads the stored pieces when the chosen file can no longer be read', async () => {
		freshDb();
		const bytes = pdfOfSize(MiB + 99);
		// A File whose disk copy changed refuses every read.
		const gone = Object.assign(new Blob([new Uint8Array(bytes)]), { name: 'gone.pdf' });
		const id = await stored(bytes, 'gone.pdf', gone);
		gone.slice = () =>
			({ arrayBuffer: () => Promise.reject(new Error('NotReadableError')) }) as Blob;
		const reads = countPieceReads();
		const result = await uploadAttachment(db, id, {
			endpoint: server.endpoint,
			httpStack: cookieStack(),
			retryDelays: null
		});
		expect(result.sha256).toBe(sha(bytes));
		expect(reads.count).toBeGreaterThan(0);
	});

	/**
	 * The cookie stack, with the network down for requests of `method` numbered below `failing`
	 * (counting from 0); `sent()` tells how many such requests were made.
	 */
	function downFor(method: string, failing: number): HttpStack & { sent(): number } {
		const inner = cookieStack();
		let made = 0;
		return {
			getName: () => 'down-for',
			sent: () => made,
			createRequest(m: string, url: string) {
				const req = inner.createRequest(m, url);
				if (m === method && made++ < failing) {
					req.send = () => Promise.reject(new Error('network down'));
				}
				return req;
			}
		};
	}

	/** The cookie stack; the first PATCH reaches the server, but its answer is lost. */
	function firstPatchAnswerLost(): HttpStack {
		const inner = cookieStack();
		let lost = 0;
		return {
			getName: () => 'answer-lost',
			createRequest(method: string, url: string) {
				const req = inner.createRequest(method, url);
				if (method === 'PATCH' && lost++ === 0) {
					const send = req.send.bind(req);
					req.send = async (body: unknown) => {
						await send(body);
						throw new Error('connection reset');
					};
				}
				return req;
			}
		};
	}

	it('takes a resumed upload the server had already finished as done, not as refused', async () => {
		freshDb();
		const bytes = pdfOfSize(MiB + 4242);
		const id = await stored(bytes, 'answer-lost.pdf');
		requests.length = 0;
		const result = await uploadAttachment(db, id, {
			endpoint: server.endpoint,
			httpStack: firstPatchAnswerLost(),
			retryDelays: [0]
		});
		expect(requests.map((r) => r.method)).toEqual(['POST', 'PATCH', 'HEAD']);
		expect(result.sha256).toBe(sha(bytes));
		expect(await db.attachments.get(id)).toMatchObject({ state: 'uploaded', error: null });
		expect(await server.upload(id)).toMatchObject({ status: 'verified', sha256: sha(bytes) });
	});

	it('sends afresh a file whose bytes the server holds but never verified', async () => {
		freshDb();
		const bytes = pdfOfSize(MiB + 4343);
		const id = await stored(bytes, 'unrecorded.pdf');
		const options = { endpoint: server.endpoint, retryDelays: null };
		await expect(
			uploadAttachment(db, id, { ...options, httpStack: firstPatchAnswerLost() })
		).rejects.toThrow('connection reset');
		await server.forget(id);

		requests.length = 0;
		await expect(
			uploadAttachment(db, id, { ...options, httpStack: cookieStack() })
		).rejects.toThrow('did not confirm');
		expect(requests.map((r) => r.method)).toEqual(['HEAD']);
		expect(await db.attachments.get(id)).toMatchObject({ state: 'local', error: null });
		expect(await db.uploadUrls.count()).toBe(0);

		requests.length = 0;
		const result = await uploadAttachment(db, id, { ...options, httpStack: cookieStack() });
		expect(requests.map((r) => r.method)).toEqual(['POST', 'PATCH']);
		expect(result.sha256).toBe(sha(bytes));
		expect(await server.upload(id)).toMatchObject({ status: 'verified', sha256: sha(bytes) });
	});

	it('retries a failed request from the stored pieces', async () => {
		freshDb();
		const bytes = pdfOfSize(MiB + 1234);
		const id = await stored(bytes, 'retry.pdf');
		const reads = countPieceReads();
		const flaky = downFor('PATCH', 1);
		const result = await uploadAttachment(db, id, {
			endpoint: server.endpoint,
			httpStack: flaky,
			retryDelays: [0]
		});
		expect(result.sha256).toBe(sha(bytes));
		expect(flaky.sent()).toBeGreaterThanOrEqual(2);
		expect(reads.count).toBeGreaterThan(0);
	});

	/**
	 * The cookie stack counting requests in flight at once: all of them, and PATCHes. The first
	 * requests are held until `together` are in flight, and the first PATCHes until
	 * `patchesTogether` are (or a second has passed), so how many run together does not hang on
	 * how fast the server answers the first.
	 */
	function concurrencyStack(
		inner: HttpStack = cookieStack(),
		together = PARALLEL_UPLOADS,
		patchesTogether = FILES_SENDING_AT_ONCE
	) {
		const most = { requests: 0, patches: 0 };
		let requests = 0;
		let patches = 0;
		const gate = () => {
			let open!: () => void;
			const opened = new Promise<void>((resolve) => (open = resolve));
			setTimeout(open, 1000).unref();
			return { opened, open };
		};
		const all = gate();
		const patching = gate();
		const stack: HttpStack = {
			getName: () => 'counting',
			createRequest(method: string, url: string) {
				const req = inner.createRequest(method, url);
				const send = req.send.bind(req);
				req.send = async (body: unknown) => {
					const patch = method === 'PATCH';
					most.requests = Math.max(most.requests, ++requests);
					if (patch) most.patches = Math.max(most.patches, ++patches);
					if (requests >= together) all.open();
					if (patches >= patchesTogether) patching.open();
					try {
						await all.opened;
						if (patch) await patching.opened;
						return await send(body);
					} finally {
						requests--;
						if (patch) patches--;
					}
				};
				return req;
			}
		};
		return { stack, most };
	}

	it('uploads what is waiting several at a time, the bytes of two files at a time, skipping a refused file', async () => {
		freshDb();
		const files = [pdfOfSize(MiB + 1), pdfOfSize(MiB + 2), pdfOfSize(MiB + 3)];
		const ids = [];
		for (const [i, bytes] of files.entries()) ids.push(await stored(bytes, `p${i}.pdf`));
		const jpeg = new Uint8Array(5000);
		jpeg.set([0xff, 0xd8, 0xff, 0xe0]);
		const refused = await stored(jpeg, 'renamed.pdf');
		const { stack, most } = concurrencyStack();
		await uploadPending(db, { endpoint: server.endpoint, httpStack: stack });
		expect(most.requests).toBe(PARALLEL_UPLOADS);
		expect(most.patches).toBe(FILES_SENDING_AT_ONCE);
		for (const [i, id] of ids.entries()) {
			expect(await db.attachments.get(id)).toMatchObject({ state: 'uploaded' });
			expect((await server.upload(id))?.sha256).toBe(sha(files[i]!));
		}
		expect((await db.attachments.get(refused))?.state).toBe('failed');
	});

	it('gives the turn to send on when a PATCH gets no answer', async () => {
		freshDb();
		const files = [pdfOfSize(MiB + 7), pdfOfSize(MiB + 8), pdfOfSize(MiB + 9)];
		const ids = [];
		for (const [i, bytes] of files.entries()) ids.push(await stored(bytes, `t${i}.pdf`));
		const { stack, most } = concurrencyStack(downFor('PATCH', 1), 3);
		await expect(
			uploadPending(db, { endpoint: server.endpoint, httpStack: stack, retryDelays: null })
		).rejects.toThrow('network down');
		expect(most.patches).toBe(FILES_SENDING_AT_ONCE);
		// Whichever PATCH went first got no answer; the waiting file took its turn and went through.
		const states = await Promise.all(ids.map(async (id) => (await db.attachments.get(id))?.state));
		expect([...states].sort()).toEqual(['local', 'uploaded', 'uploaded']);
		for (const [i, id] of ids.entries()) {
			if (states[i] !== 'uploaded') continue;
			expect((await server.upload(id))?.sha256).toBe(sha(files[i]!));
		}
	});

	it('starts nothing more after a network failure and fails the pass', async () => {
		freshDb();
		const ids = [];
		for (let i = 0; i < 4; i++) ids.push(await stored(pdfOfSize(MiB + i), `n${i}.pdf`));
		const down = downFor('POST', Infinity);
		await expect(
			uploadPending(db, { endpoint: server.endpoint, httpStack: down, retryDelays: null })
		).rejects.toThrow();
		expect(down.sent()).toBe(PARALLEL_UPLOADS);
		const states = await Promise.all(ids.map(async (id) => (await db.attachments.get(id))?.state));
		expect(states).toEqual(['local', 'local', 'local', 'local']);
	});
});
