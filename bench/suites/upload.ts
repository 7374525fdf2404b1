import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, startApp } from '../lib/app';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../lib/chromium';
import { startDeclaration } from '../lib/declaration';
import { allCpus, freePort, pin, startChild, waitForHttp } from '../lib/proc';
import { round } from '../lib/results';
import { median, pdfOfSize } from '../lib/stats';
import type { Suite } from './types';

const MiB = 1024 * 1024;
/** Just under the 10 MiB a page accepts per PDF (MAX_PDF_BYTES): a large real attachment. */
const FILE_BYTES = Math.round(9.5 * MiB);
const FILES = 5;
const WARMUPS = 1;
const RUNS = 3;

interface TusRequest {
	method: string;
	url: string;
	sent: number;
	ended: number;
	status: number;
}

/**
 * Runs in the app's pages before their scripts: records every XMLHttpRequest to /files (how
 * tus-js-client sends in a browser) with performance.now() at send() and at loadend.
 */
function recordTusRequests(): void {
	const log: TusRequest[] = [];
	(window as unknown as { __zcTus: TusRequest[] }).__zcTus = log;
	const open = XMLHttpRequest.prototype.open;
	const send = XMLHttpRequest.prototype.send;
	const seen = new WeakMap<XMLHttpRequest, { method: string; url: string }>();
	XMLHttpRequest.prototype.open = function (
		this: XMLHttpRequest,
		...args: Parameters<XMLHttpRequest['open']>
	) {
		seen.set(this, { method: String(args[0]).toUpperCase(), url: String(args[1]) });
		return (open as (...a: unknown[]) => void).apply(this, args);
	} as XMLHttpRequest['open'];
	XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body) {
		const req = seen.get(this);
		if (req && new URL(req.url, location.href).pathname.startsWith('/files')) {
			const entry = { ...req, sent: performance.now(), ended: 0, status: 0 };
			this.addEventListener('loadend', () => {
				entry.ended = performance.now();
				entry.status = this.status;
				log.push(entry);
			});
		}
		return send.call(this, body);
	};
}

/** Offline as in the e2e suite: the page and its service worker both lose the network. */
async function offline(context: BrowserContext, on: boolean): Promise<void> {
	if (on) {
		await context.setOffline(true);
		await context.route('**/*', (route) => route.abort('internetdisconnected'));
	} else {
		await context.unrouteAll({ behavior: 'ignoreErrors' });
		await context.setOffline(false);
	}
}

/** States of this device's attachments whose names start with `prefix`. */
function attachmentStates(page: Page, prefix: string): Promise<string[]> {
	return page.evaluate(async (prefix) => {
		const name = (await indexedDB.databases())
			.map((d) => d.name ?? '')
			.find((n) => n.startsWith('zhicheng-'));
		if (!name) return [];
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const req = indexedDB.open(name);
			req.onsuccess = () => resolve(req.result);
			req.onerror = () => reject(req.error);
		});
		try {
			const all = await new Promise<{ name: string; state: string }[]>((resolve, reject) => {
				const req = db.transaction('attachments').objectStore('attachments').getAll();
				req.onsuccess = () => resolve(req.result as { name: string; state: string }[]);
				req.onerror = () => reject(req.error);
			});
			return all.filter((a) => a.name.startsWith(prefix)).map((a) => a.state);
		} finally {
			db.close();
		}
	}, prefix);
}

async function waitForStates(page: Page, prefix: string, ok: string[], what: string) {
	const deadline = Date.now() + 120_000;
	for (;;) {
		const states = await attachmentStates(page, prefix);
		if (states.length === FILES && states.every((s) => ok.includes(s))) return;
		if (states.includes('failed')) throw new Error(`${what}: an upload failed (${states})`);
		if (Date.now() > deadline) throw new Error(`${what}: still ${states.join(', ')}`);
		await page.waitForTimeout(50);
	}
}

/**
 * One round through the app: FILES materials added and their PDFs chosen while offline (kept
 * on the device, as a phone without signal would), then back online; the sync engine uploads
 * them one after another. Time: first tus request sent → last one finished, in the page.
 */
async function tusRound(
	context: BrowserContext,
	page: Page,
	files: { name: string; path: string }[],
	prefix: string
): Promise<{ ms: number; requests: TusRequest[] }> {
	await offline(context, true);
	for (const f of files) {
		await page.getByRole('button', { name: '添加' }).click();
		await page.getByLabel('材料名称').fill(f.name);
		await page.getByRole('button', { name: '保存' }).click();
		await page.getByLabel(`材料上传：${f.name}`).setInputFiles({
			name: `${f.name}.pdf`,
			mimeType: 'application/pdf',
			buffer: readFileSync(f.path)
		});
	}
	await waitForStates(page, prefix, ['local'], 'storing');
	await page.evaluate(() => ((window as unknown as { __zcTus: TusRequest[] }).__zcTus.length = 0));
	await offline(context, false);
	await page.evaluate(() => dispatchEvent(new Event('online')));
	await waitForStates(page, prefix, ['uploaded', 'attached'], 'uploading');
	const requests = await page.evaluate(() => [
		...(window as unknown as { __zcTus: TusRequest[] }).__zcTus
	]);
	const creations = requests.filter((r) => r.method === 'POST');
	if (creations.length !== FILES || requests.some((r) => r.status >= 300)) {
		throw new Error(
			`unexpected tus requests: ${requests.map((r) => `${r.method} ${r.status}`).join(', ')}`
		);
	}
	const first = Math.min(...requests.map((r) => r.sent));
	const last = Math.max(...requests.map((r) => r.ended));
	return { ms: last - first, requests };
}

/** The same files PUT to the raw server from a page of its own origin, one after another. */
async function rawRound(page: Page, names: string[], size: number): Promise<number> {
	return page.evaluate(
		async ({ names, size }) => {
			const blobs = await Promise.all(names.map(async (n) => (await fetch(`/bytes/${n}`)).blob()));
			const put = (blob: Blob) =>
				new Promise<void>((resolve, reject) => {
					const xhr = new XMLHttpRequest();
					xhr.open('PUT', '/put');
					xhr.setRequestHeader('content-type', 'application/pdf');
					xhr.onload = () =>
						xhr.status === 201 && Number(xhr.responseText) === size
							? resolve()
							: reject(new Error(`raw PUT answered ${xhr.status}: ${xhr.responseText}`));
					xhr.onerror = () => reject(new Error('raw PUT failed'));
					xhr.send(blob);
				});
			const t0 = performance.now();
			for (const blob of blobs) await put(blob);
			return performance.now() - t0;
		},
		{ names, size }
	);
}

/**
 * Attachments through the app in Chromium, against a raw HTTP PUT of the same bytes from the
 * same browser. Per run, FILES PDFs of 9.5 MiB (under the page's 10 MiB limit) are added as
 * 其他材料 while offline and uploaded by the sync engine once back online: tus-js-client reading
 * one PATCH per file from the 1 MiB pieces in IndexedDB, a session check on every request, the
 * server's verification (size, SHA-256, PDF scan) and the uploads row. Timed in the page from
 * the first tus request sent to the last one finished. The baseline PUTs the same files, read
 * into Blobs first, with XMLHttpRequest from a page of the raw server's own origin
 * (bench/raw-put-server.mjs streams each to a file). Servers pinned to one CPU, the browser to
 * the other; WARMUPS untimed runs, then RUNS; medians. Its own `node build` with MAX_CASE_MB
 * raised (every run adds to one case).
 */
export const uploadThroughput: Suite = {
	name: 'upload',
	metrics: ['upload-throughput-ratio', 'upload-tus-mbps'],
	async run(ctx) {
		const app = await startApp({ cpus: ctx.cpus.server, env: { MAX_CASE_MB: '4096' } });
		const work = mkdtempSync(path.join(os.tmpdir(), 'zc-bench-upload-'));
		const srcDir = path.join(work, 'src');
		const outDir = path.join(work, 'out');
		const profile = path.join(work, 'profile');
		mkdirSync(srcDir);
		mkdirSync(outDir);
		const port = await freePort();
		const raw = startChild(process.execPath, [path.join(ROOT, 'bench', 'raw-put-server.mjs')], {
			env: { ...process.env, PORT: String(port), OUT_DIR: outDir, SRC_DIR: srcDir },
			cpus: ctx.cpus.server
		});
		const rawUrl = `http://127.0.0.1:${port}`;
		let context: BrowserContext | undefined;
		const pinned = ctx.cpus.load ? pin(ctx.cpus.load) : false;
		try {
			await waitForHttp(`${rawUrl}/`, raw, 10_000);
			context = await chromium.launchPersistentContext(profile, {
				executablePath: CHROMIUM_PATH,
				headless: true,
				args: CHROMIUM_FLAGS.filter((f) => f !== '--headless'),
				viewport: { width: 390, height: 844 }
			});
			const login = await context.request.post(`${app.url}/api/trpc/auth.login`, {
				data: { identifier: '13800000001', password: 'Zhicheng#2026' },
				headers: { origin: app.url }
			});
			if (!login.ok()) throw new Error(`login failed: HTTP ${login.status()}`);
			const page = context.pages()[0] ?? (await context.newPage());
			await page.addInitScript(recordTusRequests);
			await startDeclaration(page, app.url, /其他材料/);
			await page.getByRole('button', { name: '添加' }).waitFor({ state: 'visible' });
			const rawPage = await context.newPage();
			await rawPage.goto(`${rawUrl}/`);

			const tusMs: number[] = [];
			const rawMs: number[] = [];
			for (let run = 1 - WARMUPS; run <= RUNS; run++) {
				const prefix = `材料${run + WARMUPS}-`;
				const files = Array.from({ length: FILES }, (_, i) => {
					const file = `r${run + WARMUPS}-${i}.pdf`;
					writeFileSync(path.join(srcDir, file), pdfOfSize(FILE_BYTES, file));
					return { name: `${prefix}${i + 1}`, file, path: path.join(srcDir, file) };
				});
				const tus = await tusRound(context, page, files, prefix);
				const put = await rawRound(
					rawPage,
					files.map((f) => f.file),
					FILE_BYTES
				);
				rmSync(outDir, { recursive: true, force: true });
				mkdirSync(outDir);
				const patches = tus.requests.filter((r) => r.method === 'PATCH');
				const label = run < 1 ? `warm-up ${run + WARMUPS}/${WARMUPS}` : `run ${run}/${RUNS}`;
				console.log(
					`upload ${label}: tus ${Math.round(tus.ms)} ms, raw PUT ${Math.round(put)} ms; ` +
						`tus requests (ms): ${tus.requests.map((r) => `${r.method} ${Math.round(r.ended - r.sent)}`).join(', ')} ` +
						`(${patches.length} PATCH)`
				);
				if (run < 1) continue;
				tusMs.push(tus.ms);
				rawMs.push(put);
			}
			const bytes = FILES * FILE_BYTES;
			const mbps = (ms: number) => bytes / 1e6 / (ms / 1000);
			const tus = mbps(median(tusMs));
			const put = mbps(median(rawMs));
			console.log(
				`upload: ${FILES} × ${(FILE_BYTES / MiB).toFixed(1)} MiB in Chromium, median of ${RUNS}: ` +
					`tus ${tus.toFixed(1)} MB/s (${Math.round(median(tusMs))} ms), ` +
					`raw PUT ${put.toFixed(1)} MB/s (${Math.round(median(rawMs))} ms), ratio ${(tus / put).toFixed(3)}`
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
			if (pinned) pin(allCpus());
			await context?.close();
			await raw.stop();
			await app.stop();
			rmSync(work, { recursive: true, force: true });
		}
	}
};
