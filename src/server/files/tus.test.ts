import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { S3 } from '@aws-sdk/client-s3';
import { FileStore } from '@tus/file-store';
import type { Server } from '@tus/server';
import type { DataStore, Locker } from '@tus/utils';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../tests/helpers/db';
import { startS3Server } from '../../../tests/helpers/s3-server';
import { userIdBy } from '../../../tests/helpers/context';
import { tinyPdf } from '../../../tests/helpers/pdf';
import { createSession, SESSION_COOKIE } from '../auth/session';
import { loadSessionUser } from '../auth/users';
import { seedDemoAccounts } from '../seed/demo';
import { deleteAbandonedUploads } from './abandoned-uploads';
import { downloadResponse } from './download';
import { PgLocker } from './pg-locker';
import { createS3Store } from './s3-store';
import { createTusServer } from './tus';
import { findUpload, findUploadByStorageKey } from './uploads';

const ORIGIN = 'http://localhost:5173';
const MAX_FILE = 64 * 1024;
const MAX_CASE = 100 * 1024;
const MAX_APPLICANT = 10 * 1024 * 1024;
const DAY = 24 * 60 * 60 * 1000;
const CONFIG = {
	filesDir: '',
	maxFileBytes: MAX_FILE,
	maxCaseBytes: MAX_CASE,
	maxApplicantBytes: MAX_APPLICANT,
	s3: null
};

let tdb: TestDatabase;
let dir: string;
let tus: Server;
/** The store the tests at hand run on (each store's suite sets it). */
let store: DataStore;
let fileStore: FileStore;
/** On PostgreSQL, the app's locker (advisory locks); on the embedded database tus's default. */
let locker: PgLocker | undefined;

/** A store the upload tests run on, and how a test looks at what it holds. */
interface StoreFixture {
	store: DataStore;
	/** The bytes stored under a finished upload's key, or null. */
	stored(key: string): Promise<Buffer | null>;
	/** Whether anything of the upload is left (its bytes or its metadata). */
	anyLeft(key: string): Promise<boolean>;
	/** Objects or files in the store. */
	count(): Promise<number>;
	/** Makes the upload look last written `days` ago. */
	age(key: string, days: number): Promise<void>;
	close(): Promise<void>;
}

function fileFixture(): StoreFixture {
	return {
		store: fileStore,
		stored: async (key) =>
			existsSync(path.join(dir, key)) ? readFileSync(path.join(dir, key)) : null,
		anyLeft: async (key) =>
			existsSync(path.join(dir, key)) || existsSync(path.join(dir, `${key}.json`)),
		count: async () => readdirSync(dir).length,
		age: async (key, days) => {
			const when = new Date(Date.now() - days * DAY);
			utimesSync(path.join(dir, key), when, when);
		},
		close: async () => {}
	};
}

/** @tus/s3-store (through the app's `createS3Store`) on an S3 server started for the test. */
async function s3Fixture(): Promise<StoreFixture> {
	const server = await startS3Server();
	const { bucket, endpoint, region, accessKeyId, secretAccessKey } = server.config;
	const client = new S3({
		endpoint,
		region,
		forcePathStyle: true,
		credentials: { accessKeyId, secretAccessKey }
	});
	const get = async (key: string) => {
		try {
			const object = await client.getObject({ Bucket: bucket, Key: key });
			return Buffer.from(await object.Body!.transformToByteArray());
		} catch (error) {
			if ((error as { name?: string }).name === 'NoSuchKey') return null;
			throw error;
		}
	};
	return {
		store: createS3Store(server.config),
		stored: get,
		anyLeft: async (key) => {
			for (const k of [key, `${key}.info`, `${key}.part`]) if ((await get(k)) !== null) return true;
			return false;
		},
		count: async () => (await client.listObjectsV2({ Bucket: bucket })).KeyCount ?? 0,
		age: (key, days) => server.age(key, new Date(Date.now() - days * DAY)),
		close: async () => {
			client.destroy();
			await server.close();
		}
	};
}

const STORES: [string, () => Promise<StoreFixture>][] = [
	['the file store', async () => fileFixture()],
	['S3 (s3rver on loopback)', s3Fixture]
];

function serverOn(datastore: DataStore, config = CONFIG): Server {
	return createTusServer({ sql: () => tdb.sql, config, origin: ORIGIN, datastore, locker });
}
let wangCookie: string;
let liCookie: string;
let wangId: string;
let liId: string;
/** Drafts of 王芳's that uploads go to unless a test names a case (each takes a few uploads). */
let wangCases: string[] = [];
let nextCase = 0;

function sha(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

function b64(value: string): string {
	return Buffer.from(value, 'utf8').toString('base64');
}

interface Meta {
	attachmentId?: string;
	caseId?: string;
	filename?: string;
	filetype?: string;
	sha256?: string;
}

function metadata(m: Meta): string {
	return Object.entries(m)
		.map(([k, v]) => `${k} ${b64(String(v))}`)
		.join(',');
}

function headers(cookie: string | null, extra: Record<string, string> = {}): Headers {
	const h = new Headers({ 'Tus-Resumable': '1.0.0', Origin: ORIGIN, ...extra });
	if (cookie) h.set('cookie', cookie);
	return h;
}

async function create(cookie: string | null, length: number, m: Meta): Promise<Response> {
	return tus.handleWeb(
		new Request(`${ORIGIN}/files`, {
			method: 'POST',
			headers: headers(cookie, { 'Upload-Length': String(length), 'Upload-Metadata': metadata(m) })
		})
	);
}

async function patch(
	cookie: string | null,
	location: string,
	offset: number,
	body: Uint8Array
): Promise<Response> {
	return tus.handleWeb(
		new Request(new URL(location, ORIGIN), {
			method: 'PATCH',
			headers: headers(cookie, {
				'Content-Type': 'application/offset+octet-stream',
				'Upload-Offset': String(offset),
				'Content-Length': String(body.length)
			}),
			body: new Uint8Array(body)
		})
	);
}

function metaFor(bytes: Uint8Array, over: Meta = {}): Required<Meta> {
	return {
		attachmentId: randomUUID(),
		caseId: wangCases[nextCase++ % wangCases.length],
		filename: '学历证书.pdf',
		filetype: 'application/pdf',
		sha256: sha(bytes),
		...over
	} as Required<Meta>;
}

/** A PDF of about `size` bytes: a valid header, padding in a comment-free body, and %%EOF. */
function pdfOfSize(size: number): Uint8Array {
	const base = Buffer.from(tinyPdf());
	const pad = Buffer.alloc(Math.max(0, size - base.length), 0x20);
	return new Uint8Array(Buffer.concat([base.subarray(0, 9), pad, base.subarray(9)]));
}

/** New draft cases of `applicantId` (status: draft unless given). */
async function newCases(applicantId: string, count = 1, status = 'draft'): Promise<string[]> {
	const rows = await tdb.sql<{ id: string }[]>`
		insert into cases (id, applicant_id, kind, status)
		select gen_random_uuid(), ${applicantId}, 'review', ${status} from generate_series(1, ${count})
		returning id`;
	return rows.map((r) => r.id);
}

async function uploadWhole(cookie: string, bytes: Uint8Array, m: Meta) {
	const created = await create(cookie, bytes.length, m);
	expect(created.status).toBe(201);
	const location = created.headers.get('location')!;
	const done = await patch(cookie, location, 0, bytes);
	return { location, done };
}

beforeAll(async () => {
	tdb = await openTestDatabase();
	await seedDemoAccounts(tdb.sql);
	wangId = await userIdBy(tdb.sql, '13800000001');
	liId = await userIdBy(tdb.sql, '13800000002');
	const wang = await createSession(tdb.sql, { id: wangId, kind: 'applicant' });
	const li = await createSession(tdb.sql, { id: liId, kind: 'applicant' });
	wangCookie = `${SESSION_COOKIE}=${wang.token}`;
	liCookie = `${SESSION_COOKIE}=${li.token}`;
	wangCases = await newCases(wangId, 60);
	dir = mkdtempSync(path.join(tmpdir(), 'zc-files-'));
	CONFIG.filesDir = dir;
	fileStore = new FileStore({ directory: dir });
	if (tdb.kind === 'postgres') locker = new PgLocker({ url: tdb.url });
});

afterAll(async () => {
	await locker?.close();
	await tdb?.close();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.each(STORES)('tus uploads on %s', (_name, makeFixture) => {
	let fx: StoreFixture;
	beforeAll(async () => {
		fx = await makeFixture();
		store = fx.store;
		tus = serverOn(store);
	});
	afterAll(async () => {
		await fx?.close();
	});

	it('creates, takes two PATCHes, verifies and records the upload; the stored bytes match', async () => {
		const bytes = pdfOfSize(40_000);
		const m = metaFor(bytes);
		const created = await create(wangCookie, bytes.length, m);
		expect(created.status).toBe(201);
		const location = created.headers.get('location')!;
		expect(location).toMatch(new RegExp(`^/files/${m.attachmentId}-[0-9a-f]{16}$`));
		expect(created.headers.get('access-control-allow-origin')).toBe(ORIGIN);

		const half = 17_111;
		const first = await patch(wangCookie, location, 0, bytes.subarray(0, half));
		expect(first.status).toBe(204);
		expect(first.headers.get('upload-offset')).toBe(String(half));
		expect(await findUpload(tdb.sql, m.attachmentId)).toBeNull();

		const head = await tus.handleWeb(
			new Request(new URL(location, ORIGIN), { method: 'HEAD', headers: headers(wangCookie) })
		);
		expect(head.headers.get('upload-offset')).toBe(String(half));
		expect(head.headers.get('upload-sha256')).toBeNull();

		const second = await patch(wangCookie, location, half, bytes.subarray(half));
		expect(second.status).toBe(204);
		expect(second.headers.get('upload-sha256')).toBe(m.sha256);
		// A client that lost that answer learns from its HEAD that the bytes were verified.
		const headAfter = await tus.handleWeb(
			new Request(new URL(location, ORIGIN), { method: 'HEAD', headers: headers(wangCookie) })
		);
		expect(headAfter.headers.get('upload-offset')).toBe(String(bytes.length));
		expect(headAfter.headers.get('upload-sha256')).toBe(m.sha256);

		const row = await findUpload(tdb.sql, m.attachmentId);
		expect(row).toMatchObject({
			ownerId: wangId,
			caseId: m.caseId,
			name: '学历证书.pdf',
			mime: 'application/pdf',
			size: bytes.length,
			sha256: m.sha256,
			status: 'verified',
			reason: null
		});
		const key = location.split('/').at(-1)!;
		expect(row!.storageKey).toBe(key);
		expect(sha((await fx.stored(key))!)).toBe(m.sha256);

		// The owner downloads it with safe headers; others cannot.
		const wang = await loadSessionUser(tdb.sql, wangId);
		const res = await downloadResponse(tdb.sql, store, wang, m.attachmentId);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		expect(res.headers.get('content-disposition')).toContain(
			"filename*=UTF-8''%E5%AD%A6%E5%8E%86%E8%AF%81%E4%B9%A6.pdf"
		);
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('content-security-policy')).toContain('sandbox');
		expect(sha(new Uint8Array(await res.arrayBuffer()))).toBe(m.sha256);
		const byKey = await downloadResponse(tdb.sql, store, wang, key);
		expect(byKey.status).toBe(200);
		await byKey.body?.cancel();
		const li = await loadSessionUser(tdb.sql, liId);
		expect((await downloadResponse(tdb.sql, store, li, m.attachmentId)).status).toBe(404);
		expect((await downloadResponse(tdb.sql, store, null, m.attachmentId)).status).toBe(401);

		// Terminating a verified upload is refused: its row points at these bytes.
		const del = await tus.handleWeb(
			new Request(new URL(location, ORIGIN), { method: 'DELETE', headers: headers(wangCookie) })
		);
		expect(del.status).toBe(400);
		expect(await fx.stored(key)).not.toBeNull();
	});

	it('verifies the bytes as PATCHes write them, and reads them back when it did not see them all', async () => {
		const read = vi.spyOn(store as DataStore & { read(id: string): unknown }, 'read');
		const first = tus;
		try {
			// In order through one server: no read-back at all (the PDF's content check takes the
			// pieces the store kept as they came). A script cut in two is found.
			const pdf = tinyPdf(['<< /S /JavaScript >>']);
			const m = metaFor(pdf);
			const location = (await create(wangCookie, pdf.length, m)).headers.get('location')!;
			const cut = Buffer.from(pdf).indexOf('/JavaScript') + 4;
			expect((await patch(wangCookie, location, 0, pdf.subarray(0, cut))).status).toBe(204);
			const refused = await patch(wangCookie, location, cut, pdf.subarray(cut));
			expect(refused.status).toBe(422);
			expect((await findUpload(tdb.sql, m.attachmentId))?.reason).toBe('file_pdf_script');
			expect(read).toHaveBeenCalledTimes(0);

			// The rest of an upload after a restart (a new server on the same files): read back.
			const bytes = pdfOfSize(30_000);
			const m2 = metaFor(bytes);
			const loc2 = (await create(wangCookie, bytes.length, m2)).headers.get('location')!;
			expect((await patch(wangCookie, loc2, 0, bytes.subarray(0, 10_000))).status).toBe(204);
			tus = serverOn(store);
			const done = await patch(wangCookie, loc2, 10_000, bytes.subarray(10_000));
			expect(done.status).toBe(204);
			expect(done.headers.get('upload-sha256')).toBe(m2.sha256);
			// Read back once, for the byte checks and the content check together.
			expect(read).toHaveBeenCalledTimes(1);
			expect((await findUpload(tdb.sql, m2.attachmentId))?.status).toBe('verified');
		} finally {
			tus = first;
			read.mockRestore();
		}
	});

	it('refuses every request without a valid session with 401', async () => {
		const bytes = pdfOfSize(1000);
		const anonymous = await create(null, bytes.length, metaFor(bytes));
		expect(anonymous.status).toBe(401);
		expect(await anonymous.text()).toBe('请先登录');
		const forged = await create(`${SESSION_COOKIE}=abc.def`, bytes.length, metaFor(bytes));
		expect(forged.status).toBe(401);

		const { location } = await (async () => {
			const c = await create(wangCookie, bytes.length, metaFor(bytes));
			return { location: c.headers.get('location')! };
		})();
		expect((await patch(null, location, 0, bytes)).status).toBe(401);
		const head = await tus.handleWeb(
			new Request(new URL(location, ORIGIN), { method: 'HEAD', headers: headers(null) })
		);
		expect(head.status).toBe(401);
	});

	it("answers 403 to PATCH, HEAD and DELETE on another person's upload", async () => {
		const bytes = pdfOfSize(2000);
		const created = await create(wangCookie, bytes.length, metaFor(bytes));
		const location = created.headers.get('location')!;
		expect((await patch(liCookie, location, 0, bytes)).status).toBe(403);
		for (const method of ['HEAD', 'DELETE']) {
			const res = await tus.handleWeb(
				new Request(new URL(location, ORIGIN), { method, headers: headers(liCookie) })
			);
			expect(res.status, method).toBe(403);
		}
		// The owner still can.
		expect((await patch(wangCookie, location, 0, bytes)).status).toBe(204);
	});

	it('refuses a JPEG declared as a PDF: 422 with the reason, bytes deleted, row refused', async () => {
		const jpeg = new Uint8Array(3000);
		jpeg.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
		const m = metaFor(jpeg, { filename: '身份证.pdf' });
		const { location, done } = await uploadWhole(wangCookie, jpeg, m);
		expect(done.status).toBe(422);
		expect(await done.text()).toContain('文件内容与文件类型不符');
		const key = location.split('/').at(-1)!;
		expect(await fx.anyLeft(key)).toBe(false);
		expect(await findUpload(tdb.sql, m.attachmentId)).toMatchObject({
			status: 'refused',
			reason: 'file_type_mismatch',
			mime: 'image/jpeg'
		});
	});

	it('refuses a PDF with JavaScript and a wrong SHA-256, answering in English when asked', async () => {
		const pdf = tinyPdf(['<< /S /J#61vaScript /JS (app.alert(1)) >>']);
		const script = await uploadWhole(wangCookie, pdf, metaFor(pdf));
		expect(script.done.status).toBe(422);
		expect(await script.done.text()).toContain('JavaScript');

		const clean = tinyPdf();
		const m = metaFor(clean, { sha256: sha(pdf) });
		const created = await create(`${wangCookie}; PARAGLIDE_LOCALE=en`, clean.length, m);
		const res = await patch(
			`${wangCookie}; PARAGLIDE_LOCALE=en`,
			created.headers.get('location')!,
			0,
			clean
		);
		expect(res.status).toBe(422);
		expect(await res.text()).toMatch(/checksum/);
		expect((await findUpload(tdb.sql, m.attachmentId))?.reason).toBe('file_checksum_mismatch');
	});

	it('answers 413 over the file size limit and over the case total', async () => {
		const big = await create(wangCookie, MAX_FILE + 1, metaFor(new Uint8Array(1)));
		expect(big.status).toBe(413);
		expect(await big.text()).toBe('文件超过单个文件的大小上限');

		const [caseId] = await newCases(wangId);
		const kept: { bytes: Uint8Array; meta: Meta }[] = [];
		for (let i = 0; i < 2; i++) {
			const bytes = pdfOfSize(MAX_CASE / 2 - 100 + i);
			const meta = metaFor(bytes, { caseId });
			const { done } = await uploadWhole(wangCookie, bytes, meta);
			expect(done.status).toBe(204);
			kept.push({ bytes, meta });
		}
		const third = pdfOfSize(1000);
		const over = await create(wangCookie, third.length, metaFor(third, { caseId }));
		expect(over.status).toBe(413);
		expect(await over.text()).toContain('总大小');
		// Sending a verified file again: its own bytes do not count against it.
		const again = await create(wangCookie, kept[0]!.bytes.length, kept[0]!.meta);
		expect(again.status).toBe(201);
		// Someone else's total does not count against this person.
		const [liCase] = await newCases(liId);
		const other = await create(liCookie, third.length, metaFor(third, { caseId: liCase }));
		expect(other.status).toBe(201);
	});

	it("answers 413 over the person's total across all their cases", async () => {
		const cases = await newCases(liId, 3);
		const [total] = await tdb.sql<{ bytes: number }[]>`
			select coalesce(sum(size), 0)::float8 as bytes from uploads
			where owner_id = ${liId} and status = 'verified'`;
		const limited = serverOn(store, { ...CONFIG, maxApplicantBytes: total!.bytes + 50_000 });
		const send = (bytes: Uint8Array, caseId: string) =>
			limited.handleWeb(
				new Request(`${ORIGIN}/files`, {
					method: 'POST',
					headers: headers(liCookie, {
						'Upload-Length': String(bytes.length),
						'Upload-Metadata': metadata(metaFor(bytes, { caseId }))
					})
				})
			);
		// Two cases well under their own limit, together at the person's.
		for (const caseId of cases.slice(0, 2)) {
			const bytes = pdfOfSize(24_000);
			const created = await send(bytes, caseId);
			expect(created.status).toBe(201);
			const location = new URL(created.headers.get('location')!, ORIGIN);
			const done = await limited.handleWeb(
				new Request(location, {
					method: 'PATCH',
					headers: headers(liCookie, {
						'Content-Type': 'application/offset+octet-stream',
						'Upload-Offset': '0'
					}),
					body: new Uint8Array(bytes)
				})
			);
			expect(done.status).toBe(204);
		}
		const over = await send(pdfOfSize(3000), cases[2]!);
		expect(over.status).toBe(413);
		expect(await over.text()).toBe('您上传的全部材料总大小已超过上限');
	});

	it('creates no upload for a case that does not exist or can no longer be changed', async () => {
		const bytes = pdfOfSize(1000);
		const [submitted] = await newCases(wangId, 1, 'submitted');
		const before = await fx.count();
		for (const caseId of [randomUUID(), submitted!]) {
			const refused = await create(wangCookie, bytes.length, metaFor(bytes, { caseId }));
			expect(refused.status).toBe(422);
			expect(await refused.text()).toBe('该办件不存在或已不能修改，不能为它上传材料');
		}
		const english = await create(
			`${wangCookie}; PARAGLIDE_LOCALE=en`,
			bytes.length,
			metaFor(bytes, { caseId: randomUUID() })
		);
		expect(await english.text()).toContain('does not exist');
		expect(await fx.count()).toBe(before);
	});

	it('checks metadata at creation, and case ownership when the case exists', async () => {
		const bytes = pdfOfSize(1000);
		const bad: Meta[] = [
			{ ...metaFor(bytes), attachmentId: 'not-a-uuid' },
			{ ...metaFor(bytes), sha256: 'abc' },
			{ ...metaFor(bytes), filename: '' }
		];
		for (const m of bad) expect((await create(wangCookie, bytes.length, m)).status).toBe(400);
		const gif = await create(
			wangCookie,
			10,
			metaFor(bytes, { filename: 'a.gif', filetype: 'image/gif' })
		);
		expect(gif.status).toBe(415);
		const mismatch = await create(wangCookie, 10, metaFor(bytes, { filetype: 'image/png' }));
		expect(mismatch.status).toBe(422);

		const [caseId] = await newCases(liId);
		const foreign = await create(wangCookie, bytes.length, metaFor(bytes, { caseId }));
		expect(foreign.status).toBe(403);
		expect((await create(liCookie, bytes.length, metaFor(bytes, { caseId }))).status).toBe(201);
	});

	it('a retried creation for the same attachment gets a new upload id; a re-upload is idempotent', async () => {
		const bytes = pdfOfSize(5000);
		const m = metaFor(bytes);
		const first = await create(wangCookie, bytes.length, m);
		const second = await create(wangCookie, bytes.length, m);
		expect(first.headers.get('location')).not.toBe(second.headers.get('location'));
		expect((await patch(wangCookie, second.headers.get('location')!, 0, bytes)).status).toBe(204);
		const again = await patch(wangCookie, first.headers.get('location')!, 0, bytes);
		expect(again.status).toBe(204);
		expect(again.headers.get('upload-sha256')).toBe(m.sha256);
		const row = await findUpload(tdb.sql, m.attachmentId);
		expect(row?.storageKey).toBe(second.headers.get('location')!.split('/').at(-1));
		// The same id with other bytes is refused.
		const other = pdfOfSize(5001);
		const reuse = await create(wangCookie, other.length, { ...m, sha256: sha(other) });
		expect(reuse.status).toBe(422);
		// Nor may someone else use it.
		expect((await create(liCookie, bytes.length, m)).status).toBe(403);
	});
});

describe.each(STORES)('abandoned uploads on %s', (_name, makeFixture) => {
	let fx: StoreFixture;
	beforeAll(async () => {
		fx = await makeFixture();
		store = fx.store;
		tus = serverOn(store);
	});
	afterAll(async () => {
		await fx?.close();
	});
	const keyOf = (location: string) => location.split('/').at(-1)!;
	const age = (key: string, days: number) => fx.age(key, days);
	/** Finished bytes are stored under the key. */
	const stored = async (key: string) => (await fx.stored(key)) !== null;
	const anyLeft = (key: string) => fx.anyLeft(key);

	async function partial(days: number) {
		const bytes = pdfOfSize(6000);
		const created = await create(wangCookie, bytes.length, metaFor(bytes));
		const location = created.headers.get('location')!;
		expect((await patch(wangCookie, location, 0, bytes.subarray(0, 2500))).status).toBe(204);
		await age(keyOf(location), days);
		return location;
	}

	it('deletes partial uploads idle for longer than the limit, and nothing else', async () => {
		const old = await partial(8);
		const recent = await partial(2);
		const bytes = pdfOfSize(5000);
		const { location: finished, done } = await uploadWhole(wangCookie, bytes, metaFor(bytes));
		expect(done.status).toBe(204);
		await age(keyOf(finished), 30);

		const [row] = await tdb.sql<{ id: string; caseId: string }[]>`
			select id, case_id from uploads where storage_key = ${keyOf(finished)}`;
		await tdb.sql`insert into attachments (id, case_id, module, slot)
			values (${row!.id}, ${row!.caseId}, 'other_materials', 'evidence')`;

		const removed = await deleteAbandonedUploads(tus, tdb.sql, 7 * DAY);
		expect(removed).toContain(keyOf(old));
		expect(removed).not.toContain(keyOf(recent));
		expect(removed).not.toContain(keyOf(finished));
		expect(await anyLeft(keyOf(old))).toBe(false);
		expect(await anyLeft(keyOf(recent))).toBe(true);
		expect(await stored(keyOf(finished))).toBe(true);
		// The device's resume finds it gone and starts a new upload (tus-js-client on a 404).
		const head = await tus.handleWeb(
			new Request(new URL(old, ORIGIN), { method: 'HEAD', headers: headers(wangCookie) })
		);
		expect(head.status).toBe(404);
		expect((await findUploadByStorageKey(tdb.sql, keyOf(finished)))?.status).toBe('verified');
	});

	it('deletes finished bytes the server never recorded, once idle', async () => {
		const bytes = pdfOfSize(4000);
		const created = await create(wangCookie, bytes.length, metaFor(bytes));
		const key = keyOf(created.headers.get('location')!);
		// Every byte written, no row: the server stopped between the last byte and its record.
		await store.write(Readable.from([Buffer.from(bytes)]), key, 0);
		expect(await deleteAbandonedUploads(tus, tdb.sql, 7 * DAY)).not.toContain(key);
		await age(key, 8);
		expect(await deleteAbandonedUploads(tus, tdb.sql, 7 * DAY)).toContain(key);
		expect(await anyLeft(key)).toBe(false);
	});

	it('deletes verified uploads never attached to their case, with their row, once idle', async () => {
		const bytes = pdfOfSize(3000);
		const m = metaFor(bytes);
		const { location, done } = await uploadWhole(wangCookie, bytes, m);
		expect(done.status).toBe(204);
		const key = keyOf(location);
		expect(await deleteAbandonedUploads(tus, tdb.sql, 7 * DAY)).not.toContain(key);
		await age(key, 8);
		expect(await deleteAbandonedUploads(tus, tdb.sql, 7 * DAY)).toContain(key);
		expect(await anyLeft(key)).toBe(false);
		expect(await findUpload(tdb.sql, m.attachmentId)).toBeNull();
	});

	it('takes the upload from a request holding it before deleting it', async () => {
		const location = await partial(8);
		const key = keyOf(location);
		const held = tus.options.locker as Locker;
		const lock = held.newLock(key);
		let asked = false;
		await lock.lock(new AbortController().signal, async () => {
			asked = true;
		});
		const sweep = deleteAbandonedUploads(tus, tdb.sql, 7 * DAY);
		await vi.waitFor(() => expect(asked).toBe(true));
		expect(await anyLeft(key)).toBe(true);
		await lock.unlock();
		expect(await sweep).toContain(key);
		expect(await anyLeft(key)).toBe(false);
	});
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('two app processes on one PostgreSQL', () => {
	it('a request through B takes the upload from a stalled PATCH through A, which lets go', async () => {
		// Two servers, each with its own locker (connection) and store instance over one folder.
		const lockerB = new PgLocker({ url: tdb.url, name: 'zc-tus-test-b' });
		const a = serverOn(new FileStore({ directory: dir }));
		const b = createTusServer({
			sql: () => tdb.sql,
			config: CONFIG,
			origin: ORIGIN,
			datastore: new FileStore({ directory: dir }),
			locker: lockerB
		});
		try {
			const bytes = pdfOfSize(20_000);
			const m = metaFor(bytes);
			tus = a;
			const location = (await create(wangCookie, bytes.length, m)).headers.get('location')!;
			const key = location.split('/').at(-1)!;
			// A PATCH that sends 5000 bytes and then nothing more, as a phone that went quiet.
			const body = new ReadableStream<Uint8Array>({
				start(controller) {
					controller.enqueue(bytes.subarray(0, 5000));
				}
			});
			const stalled = a.handleWeb(
				new Request(new URL(location, ORIGIN), {
					method: 'PATCH',
					headers: headers(wangCookie, {
						'Content-Type': 'application/offset+octet-stream',
						'Upload-Offset': '0'
					}),
					body,
					duplex: 'half'
				} as RequestInit)
			);
			await vi.waitFor(() => expect(locker!.held.get(key)?.trying).toBe(false));
			// The device retries through B: B asks A (NOTIFY), A stops after tus's drain time.
			const head = await b.handleWeb(
				new Request(new URL(location, ORIGIN), { method: 'HEAD', headers: headers(wangCookie) })
			);
			expect(head.status).toBe(200);
			// A answered with what it had written: not finished, nothing verified.
			const cut = await stalled;
			expect(cut.headers.get('upload-sha256')).toBeNull();
			expect(Number(cut.headers.get('upload-offset') ?? 0)).toBeLessThan(bytes.length);
			expect(locker!.held.has(key)).toBe(false);
			const offset = Number(head.headers.get('upload-offset'));
			expect(offset).toBeLessThanOrEqual(5000);
			tus = b;
			const done = await patch(wangCookie, location, offset, bytes.subarray(offset));
			expect(done.status).toBe(204);
			expect(done.headers.get('upload-sha256')).toBe(m.sha256);
		} finally {
			await lockerB.close();
		}
	}, 30_000);
});
