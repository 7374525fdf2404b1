import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { FileStore } from '@tus/file-store';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { userIdBy } from '../../../../tests/helpers/context';
import { openTestDatabase, type TestDatabase } from '../../../../tests/helpers/db';
import { pageObjects, rawPdf } from '../../../../tests/helpers/raw-pdf';
import { sendWebResponse, toWebRequest } from '../../../../tests/helpers/tus-server';
import { GET as health } from '../../../routes/api/health/+server';
import { createSession, SESSION_COOKIE } from '../../auth/session';
import { seedDemoAccounts } from '../../seed/demo';
import { createTusServer } from '../tus';
import { findUpload } from '../uploads';

/**
 * One process serves `/api/health` and the tus endpoint, as the built app does. While it takes
 * (and checks) a 1.3 MB PDF whose streams inflate to 1.25 GiB, a probe asks `/api/health` every
 * 10 ms; each answer's time counts from when the probe was due, so a blocked event loop (which
 * also delays the probe's own timer) shows in full.
 */

const STREAM_BYTES = 256 * 1024 * 1024;
const STREAMS = 5;
const PROBE_EVERY_MS = 10;

let tdb: TestDatabase;
let dir: string;
let server: Server;
let base: string;
let cookie: string;
let caseId: string;

beforeAll(async () => {
	tdb = await openTestDatabase();
	await seedDemoAccounts(tdb.sql);
	const wang = await userIdBy(tdb.sql, '13800000001');
	const session = await createSession(tdb.sql, { id: wang, kind: 'applicant' });
	cookie = `${SESSION_COOKIE}=${session.token}`;
	caseId = randomUUID();
	await tdb.sql`insert into cases (id, applicant_id, kind, status) values (${caseId}, ${wang}, 'review', 'draft')`;
	dir = mkdtempSync(path.join(tmpdir(), 'zc-pdf-loop-'));
	const config = {
		filesDir: dir,
		maxFileBytes: 10 * 1024 * 1024,
		maxCaseBytes: 50 * 1024 * 1024,
		maxApplicantBytes: 200 * 1024 * 1024,
		s3: null
	};
	const tus = createTusServer({
		sql: () => tdb.sql,
		config,
		origin: null,
		datastore: new FileStore({ directory: dir })
	});
	server = createServer((req, res) => {
		const answer =
			req.url === '/api/health'
				? Promise.resolve(health())
				: toWebRequest(req, base).then((request) => tus.handleWeb(request));
		answer
			.then((response) => sendWebResponse(res, response))
			.catch(() => {
				if (!res.headersSent) res.writeHead(500);
				res.end();
			});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server?.closeAllConnections();
	await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
	await tdb?.close();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

function bombPdf(): Uint8Array {
	const zeros = deflateSync(Buffer.alloc(STREAM_BYTES), { level: 9 });
	const contents = Array.from({ length: STREAMS }, (_, i) => `${4 + i} 0 R`).join(' ');
	return rawPdf([
		...pageObjects('', `/Contents [${contents}]`),
		...Array.from({ length: STREAMS }, () => ({ dict: '/Filter /FlateDecode', data: zeros }))
	]);
}

function quantile(sorted: number[], q: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

async function createUpload(pdf: Uint8Array, attachmentId: string): Promise<URL> {
	const b64 = (v: string) => Buffer.from(v).toString('base64');
	const metadata = [
		['attachmentId', attachmentId],
		['caseId', caseId],
		['filename', 'bomb.pdf'],
		['filetype', 'application/pdf'],
		['sha256', createHash('sha256').update(pdf).digest('hex')]
	]
		.map(([k, v]) => `${k} ${b64(v!)}`)
		.join(',');
	const created = await fetch(`${base}/files`, {
		method: 'POST',
		headers: {
			'Tus-Resumable': '1.0.0',
			cookie,
			'Upload-Length': String(pdf.length),
			'Upload-Metadata': metadata
		}
	});
	expect(created.status).toBe(201);
	return new URL(created.headers.get('location')!, base);
}

function patchWhole(location: URL, pdf: Uint8Array): Promise<Response> {
	return fetch(location, {
		method: 'PATCH',
		headers: {
			'Tus-Resumable': '1.0.0',
			cookie,
			'Content-Type': 'application/offset+octet-stream',
			'Upload-Offset': '0'
		},
		body: new Uint8Array(pdf)
	});
}

it('keeps /api/health answering while a PDF bomb is uploaded, and refuses it', async () => {
	// A server that has served before: one ordinary upload first (the database's first queries
	// and the check's worker start are not what this measures).
	const plain = rawPdf(pageObjects());
	expect((await patchWhole(await createUpload(plain, randomUUID()), plain)).status).toBe(204);

	const pdf = bombPdf();
	expect(pdf.length).toBeLessThan(10 * 1024 * 1024);
	const attachmentId = randomUUID();
	const location = await createUpload(pdf, attachmentId);

	const latencies: number[] = [];
	let uploading = true;
	const probing = (async () => {
		let due = performance.now();
		while (uploading) {
			const answer = await fetch(`${base}/api/health`);
			expect(answer.status).toBe(200);
			await answer.arrayBuffer();
			latencies.push(performance.now() - due);
			due += PROBE_EVERY_MS;
			// Behind schedule (a stall): the probes due meanwhile go at once, each timed from when
			// it was due, so a stall counts once per probe it held up.
			const wait = due - performance.now();
			if (wait > 0) await new Promise((r) => setTimeout(r, wait));
		}
	})();
	const started = performance.now();
	const done = await patchWhole(location, pdf);
	const uploadMs = performance.now() - started;
	uploading = false;
	await probing;

	expect(done.status).toBe(422);
	expect(await done.text()).toContain('PDF 文件过于复杂');
	const row = await findUpload(tdb.sql, attachmentId);
	expect(row?.reason).toBe('file_pdf_too_complex');

	const sorted = [...latencies].sort((a, b) => a - b);
	const p99 = quantile(sorted, 0.99);
	console.log(
		`/api/health during a ${(pdf.length / 1e6).toFixed(2)} MB PDF inflating to ` +
			`${((STREAM_BYTES * STREAMS) / 2 ** 30).toFixed(2)} GiB: upload ${uploadMs.toFixed(0)} ms, ` +
			`${latencies.length} probes, p50 ${quantile(sorted, 0.5).toFixed(1)} ms, ` +
			`p99 ${p99.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`
	);
	// Probes run only while the upload does: a loop blocked by the check would answer one or two.
	// The latency figures are for reading, not asserting (timing belongs in the bench).
	expect(latencies.length).toBeGreaterThanOrEqual(10);
}, 120_000);
