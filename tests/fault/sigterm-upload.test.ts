import { createHash, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyPdf } from '../helpers/pdf';
import { buildPresent, startBuiltApp, type AppProcess } from './app';
import { registerSaver } from './savers';

/**
 * SIGTERM to `node build` while an upload's PATCH is still sending: the process takes no new
 * connection, the upload finishes (verified, its SHA-256 answered), and the process exits 0 with
 * a structured log that never carries the session token.
 */

const SIZE = 1024 * 1024;
const CHUNK = 32 * 1024;
const CHUNK_EVERY_MS = 60; // about 2 s for the whole body

const skip = !buildPresent()
	? 'build/ is missing; run `npm run build` first (CI runs this after the build)'
	: null;
if (skip) console.warn(`SIGTERM fault test skipped: ${skip}`);

let app: AppProcess;
afterAll(async () => {
	await app?.stop();
});

function pdfOfSize(size: number): Buffer {
	const base = Buffer.from(tinyPdf());
	const pad = Buffer.alloc(Math.max(0, size - base.length), 0x20);
	return Buffer.concat([base.subarray(0, 9), pad, base.subarray(9)]);
}

const b64 = (v: string) => Buffer.from(v, 'utf8').toString('base64');

/** A PATCH whose body is sent slowly; `sent(n)` is called after each chunk. */
function slowPatch(
	url: string,
	cookie: string,
	body: Buffer,
	sent: (bytes: number) => void
): Promise<{ status: number; sha256: string | null }> {
	return new Promise((resolve, reject) => {
		const req = request(
			url,
			{
				method: 'PATCH',
				headers: {
					cookie,
					origin: new URL(url).origin,
					'tus-resumable': '1.0.0',
					'upload-offset': '0',
					'content-type': 'application/offset+octet-stream',
					'content-length': String(body.length)
				}
			},
			(res) => {
				res.resume();
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						sha256: (res.headers['upload-sha256'] as string | undefined) ?? null
					})
				);
			}
		);
		req.on('error', reject);
		let offset = 0;
		const next = () => {
			if (offset >= body.length) return void req.end();
			const chunk = body.subarray(offset, offset + CHUNK);
			offset += chunk.length;
			req.write(chunk, () => {
				sent(offset);
				setTimeout(next, CHUNK_EVERY_MS);
			});
		};
		next();
	});
}

function newConnection(url: string): Promise<'answered' | 'refused'> {
	return new Promise((resolve) => {
		const req = request(url, { agent: false }, (res) => {
			res.resume();
			resolve('answered');
		});
		req.on('error', () => resolve('refused'));
		req.end();
	});
}

describe.skipIf(skip)('SIGTERM during an upload', () => {
	beforeAll(async () => {
		app = await startBuiltApp({ SHUTDOWN_GRACE_MS: '30000', LOG_LEVEL: 'info' });
	});

	it('lets the upload finish, takes no new connection, and exits 0', async () => {
		const { cookie, saver } = await registerSaver(app.url, 0, Date.now() % 10_000);
		const bytes = pdfOfSize(SIZE);
		const sha256 = createHash('sha256').update(bytes).digest('hex');
		const meta = {
			attachmentId: randomUUID(),
			caseId: saver.caseId,
			filename: '学历证书.pdf',
			filetype: 'application/pdf',
			sha256
		};
		const created = await fetch(`${app.url}/files`, {
			method: 'POST',
			headers: {
				cookie,
				origin: app.url,
				'tus-resumable': '1.0.0',
				'upload-length': String(SIZE),
				'upload-metadata': Object.entries(meta)
					.map(([k, v]) => `${k} ${b64(v)}`)
					.join(',')
			}
		});
		expect(created.status).toBe(201);
		const location = new URL(created.headers.get('location')!, app.url).toString();

		const exit = new Promise<number | string | null>((resolve) =>
			app.child.once('exit', (code, signal) => resolve(code ?? signal))
		);
		let signalled = false;
		const answer = slowPatch(location, cookie, bytes, (n) => {
			if (!signalled && n >= SIZE / 4) {
				signalled = true;
				app.child.kill('SIGTERM');
			}
		});
		// Once it has the signal, the process listens no more (a new connection, not a pooled one).
		while (!signalled) await new Promise((r) => setTimeout(r, 20));
		await new Promise((r) => setTimeout(r, 300));
		const refused = await newConnection(`${app.url}/api/health`);
		expect(await answer).toEqual({ status: 204, sha256 });
		expect(signalled).toBe(true);
		expect(refused).toBe('refused');
		expect(await exit).toBe(0);

		// JSON lines: the upload's own request line, the shutdown's, and no session token anywhere.
		const lines = app
			.log()
			.split('\n')
			.filter((l) => l.startsWith('{'))
			.map((l) => JSON.parse(l) as Record<string, unknown>);
		expect(lines).toContainEqual(
			expect.objectContaining({ method: 'PATCH', route: '/files/[...path]', status: 204 })
		);
		expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['shut down']));
		const token = cookie.split('=')[1]!;
		expect(app.log()).not.toContain(token);
	});
});
