import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { loginCookie, ROOT, startApp } from '../lib/app';
import { allCpus, freePort, pin, startChild, waitForHttp } from '../lib/proc';
import { round } from '../lib/results';
import { median, pdfOfSize } from '../lib/stats';
import type { Suite } from './types';

const MiB = 1024 * 1024;
const FILE_BYTES = 32 * MiB;
const WARMUP_BYTES = 4 * MiB;
const RUNS = 3;

/** One PUT of `bytes` to the raw server; resolves with the byte count the server wrote. */
function rawPut(url: string, bytes: Buffer): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = request(
			url,
			{
				method: 'PUT',
				headers: { 'content-type': 'application/pdf', 'content-length': bytes.length }
			},
			(res) => {
				let body = '';
				res.setEncoding('utf8');
				res.on('data', (c: string) => (body += c));
				res.on('end', () =>
					res.statusCode === 201
						? resolve(Number(body))
						: reject(new Error(`raw PUT answered ${res.statusCode}: ${body}`))
				);
			}
		);
		req.on('error', reject);
		req.end(bytes);
	});
}

/**
 * The app's tus endpoint through the real client path — uploadAttachment reading 4 MiB PATCHes
 * (UPLOAD_CHUNK_BYTES) from the stored 1 MiB pieces in Dexie (fake-indexeddb), tus-js-client's
 * Node HTTP stack — for a 32 MiB PDF, against a bare node:http PUT of the same bytes streamed to
 * a file on disk (bench/raw-put-server.mjs). Both servers on loopback, pinned like the others;
 * the PUT's bytes are assembled from Dexie before its timer starts, the tus time includes the
 * Dexie reads, the creation POST and the server's verification (SHA-256, PDF scan). One small
 * warm-up each, then RUNS alternating runs; medians. This suite starts its own `node build`
 * with MAX_FILE_MB=64 (the default 10 MB per file would refuse 32 MiB).
 */
export const uploadThroughput: Suite = {
	name: 'upload',
	metrics: ['upload-throughput-ratio', 'upload-tus-mbps'],
	async run(ctx) {
		const app = await startApp({ cpus: ctx.cpus.server, env: { MAX_FILE_MB: '64' } });
		const outDir = mkdtempSync(path.join(os.tmpdir(), 'zc-bench-put-'));
		const port = await freePort();
		const raw = startChild(process.execPath, [path.join(ROOT, 'bench', 'raw-put-server.mjs')], {
			env: { ...process.env, PORT: String(port), OUT_DIR: outDir },
			cpus: ctx.cpus.server
		});
		const client = await import('../lib/node-client');
		try {
			await waitForHttp(`http://127.0.0.1:${port}/`, raw, 10_000);
			const cookie = await loginCookie(app.url);
			// Per-request times of the last tus upload, to show where its time goes.
			let requests: string[] = [];
			const httpStack = client.cookieHttpStack(app.url, cookie, (method, ms) =>
				requests.push(`${method} ${Math.round(ms)}`)
			);
			const endpoint = `${app.url}/files`;

			/** Stores a fresh PDF in a fresh device database; returns what both uploads need. */
			const prepare = async (size: number, i: number) => {
				const db = client.freshDb('upload');
				const caseId = crypto.randomUUID();
				const bytes = pdfOfSize(size, `${caseId}-${i}`);
				const id = await client.storeFile(db, {
					caseId,
					module: 'work_summary',
					slot: 'evidence',
					file: new File([bytes], `论文-${i}.pdf`, { type: 'application/pdf' })
				});
				return { db, id };
			};
			const tusOnce = async (size: number, i: number) => {
				const { db, id } = await prepare(size, i);
				requests = [];
				try {
					const t0 = performance.now();
					await client.uploadAttachment(db, id, { endpoint, httpStack, retryDelays: null });
					const ms = performance.now() - t0;
					const row = await db.attachments.get(id);
					if (row?.state !== 'uploaded') throw new Error(`tus upload ended as ${row?.state}`);
					return ms;
				} finally {
					await client.dropDb(db);
				}
			};
			const rawOnce = async (size: number, i: number) => {
				const { db, id } = await prepare(size, i);
				try {
					const blob = await client.attachmentBlob(db, id);
					const bytes = Buffer.from(await blob!.arrayBuffer());
					const t0 = performance.now();
					const written = await rawPut(`http://127.0.0.1:${port}/put`, bytes);
					const ms = performance.now() - t0;
					if (written !== size) throw new Error(`raw PUT wrote ${written} of ${size} bytes`);
					return ms;
				} finally {
					await client.dropDb(db);
				}
			};

			const pinned = ctx.cpus.load ? pin(ctx.cpus.load) : false;
			const tusMs: number[] = [];
			const rawMs: number[] = [];
			try {
				await tusOnce(WARMUP_BYTES, 0);
				await rawOnce(WARMUP_BYTES, 0);
				for (let i = 1; i <= RUNS; i++) {
					tusMs.push(await tusOnce(FILE_BYTES, i));
					rawMs.push(await rawOnce(FILE_BYTES, i));
					rmSync(outDir, { recursive: true, force: true });
					mkdirSync(outDir);
					console.log(
						`upload run ${i}/${RUNS}: tus ${Math.round(tusMs.at(-1)!)} ms, ` +
							`raw PUT ${Math.round(rawMs.at(-1)!)} ms; tus requests (ms): ${requests.join(', ')}`
					);
				}
			} finally {
				if (pinned) pin(allCpus());
			}
			const mbps = (ms: number) => FILE_BYTES / 1e6 / (ms / 1000);
			const tus = mbps(median(tusMs));
			const put = mbps(median(rawMs));
			console.log(
				`upload: ${(FILE_BYTES / MiB).toFixed(0)} MiB, median of ${RUNS}: ` +
					`tus ${tus.toFixed(1)} MB/s (${Math.round(median(tusMs))} ms), ` +
					`raw PUT ${put.toFixed(1)} MB/s (${Math.round(median(rawMs))} ms), ratio ${(tus / put).toFixed(3)} ` +
					`(server started with MAX_FILE_MB=64)`
			);
			return {
				'upload-throughput-ratio': {
					value: round(tus / put, 3),
					unit: 'ratio',
					baseline: round(put, 1)
				},
				'upload-tus-mbps': {
					value: round(tus, 1),
					unit: 'MB/s',
					baseline: round(put, 1),
					ratio: round(tus / put, 3)
				}
			};
		} finally {
			await raw.stop();
			await app.stop();
			rmSync(outDir, { recursive: true, force: true });
		}
	}
};
