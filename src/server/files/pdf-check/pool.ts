import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import workerSource from './worker.js?raw';

/**
 * PDF content checks in worker threads: the request that finishes an upload only awaits a message,
 * so a file that takes seconds to parse never holds up another request. Each file has a time
 * budget (its worker is terminated when it runs over) and a memory budget (the worker's heap
 * limit, and as many bytes of decoded streams); a file over either is refused as too complex.
 */

export type PdfVerdict = 'ok' | 'script' | 'active' | 'encrypted' | 'unreadable' | 'too_complex';

export interface PdfCheckResult {
	verdict: PdfVerdict;
	/** What was found, as PDF names (e.g. `/S /Launch`). */
	findings: string[];
}

export interface PdfCheckOptions {
	/** Worker threads (files checked at the same time). */
	workers: number;
	/** Longest check of one file, milliseconds, before its worker is terminated. */
	timeoutMs: number;
	/** The worker's heap limit, and the most bytes one file's streams may decode to, MiB. */
	memoryMb: number;
}

/** The settings from the environment: PDF_CHECK_WORKERS, PDF_CHECK_TIMEOUT_MS, PDF_CHECK_MEMORY_MB. */
export function pdfCheckOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): PdfCheckOptions {
	return {
		workers: Math.floor(positive(env.PDF_CHECK_WORKERS, availableParallelism() > 2 ? 2 : 1)),
		timeoutMs: positive(env.PDF_CHECK_TIMEOUT_MS, 15_000),
		memoryMb: positive(env.PDF_CHECK_MEMORY_MB, 256)
	};
}

function positive(value: string | undefined, fallback: number): number {
	const n = Number(value);
	return value && Number.isFinite(n) && n >= 1 ? n : fallback;
}

const workerUrl = new URL(
	`data:text/javascript;base64,${Buffer.from(workerSource).toString('base64')}`
);

interface Job {
	bytes: Uint8Array;
	resolve(result: PdfCheckResult): void;
	reject(error: Error): void;
}

interface Slot {
	worker: Worker;
	ready: boolean;
	job: Job | null;
	timer: NodeJS.Timeout | null;
}

export class PdfCheckPool {
	private readonly slots: Slot[] = [];
	private readonly queue: Job[] = [];
	private readonly pdfjsWorker: string;
	private closed = false;

	constructor(readonly options: PdfCheckOptions) {
		this.pdfjsWorker = createRequire(import.meta.url).resolve(
			'pdfjs-dist/legacy/build/pdf.worker.mjs'
		);
	}

	/** Checks one PDF's bytes; never blocks the caller's event loop. */
	check(bytes: Uint8Array): Promise<PdfCheckResult> {
		if (this.closed) return Promise.reject(new Error('the PDF check pool is closed'));
		return new Promise((resolve, reject) => {
			this.queue.push({ bytes, resolve, reject });
			this.dispatch();
		});
	}

	/** Ends every worker; checks still waiting fail. */
	async close(): Promise<void> {
		this.closed = true;
		for (const job of this.queue.splice(0)) job.reject(new Error('the PDF check pool is closed'));
		await Promise.all(this.slots.splice(0).map((slot) => this.end(slot)));
	}

	private dispatch() {
		while (this.queue.length > 0) {
			const slot = this.slots.find((s) => s.ready && !s.job);
			if (!slot) {
				if (this.slots.length < this.options.workers) this.spawn();
				return;
			}
			this.run(slot, this.queue.shift()!);
		}
	}

	private spawn() {
		const worker = new Worker(workerUrl, {
			workerData: { pdfjsWorker: this.pdfjsWorker },
			resourceLimits: {
				maxOldGenerationSizeMb: this.options.memoryMb,
				maxYoungGenerationSizeMb: Math.min(64, Math.max(8, this.options.memoryMb / 8))
			},
			stdout: false,
			stderr: false
		});
		const slot: Slot = { worker, ready: false, job: null, timer: null };
		this.slots.push(slot);
		worker.on('message', (message: PdfCheckResult | 'ready') => {
			if (message === 'ready') {
				slot.ready = true;
				worker.unref();
				this.dispatch();
			} else {
				this.settle(slot, (job) => job.resolve(message));
			}
		});
		worker.on('error', (error) => {
			// Out of memory while checking a file: that file is too complex. Failing before it
			// could check anything (pdf.js missing): every waiting check fails, not refused.
			const ready = slot.ready;
			this.retire(slot);
			if (ready) {
				this.settle(slot, (job) => job.resolve({ verdict: 'too_complex', findings: [] }));
			} else {
				for (const job of this.queue.splice(0)) job.reject(error);
			}
		});
		worker.on('exit', () => {
			this.retire(slot);
			this.settle(slot, (job) => job.resolve({ verdict: 'too_complex', findings: [] }));
		});
	}

	private run(slot: Slot, job: Job) {
		slot.job = job;
		slot.worker.ref();
		slot.timer = setTimeout(() => {
			this.retire(slot);
			this.settle(slot, (j) => j.resolve({ verdict: 'too_complex', findings: [] }));
			void slot.worker.terminate();
		}, this.options.timeoutMs);
		// A copy of its own that can be transferred (a Buffer may share a pooled ArrayBuffer).
		const copy = new Uint8Array(job.bytes);
		slot.worker.postMessage({ bytes: copy, maxDecoded: this.options.memoryMb * 1024 * 1024 }, [
			copy.buffer
		]);
	}

	/** Ends the slot's job (once) and hands the next one out. */
	private settle(slot: Slot, end: (job: Job) => void) {
		const job = slot.job;
		slot.job = null;
		if (slot.timer) clearTimeout(slot.timer);
		slot.timer = null;
		if (this.slots.includes(slot)) slot.worker.unref();
		if (job) end(job);
		if (!this.closed) this.dispatch();
	}

	/** Takes a worker out of the pool; a new one is started when a check needs it. */
	private retire(slot: Slot) {
		const at = this.slots.indexOf(slot);
		if (at >= 0) this.slots.splice(at, 1);
		slot.ready = false;
	}

	private async end(slot: Slot) {
		if (slot.timer) clearTimeout(slot.timer);
		await slot.worker.terminate();
	}
}

let shared: PdfCheckPool | null = null;

/** The process's pool, sized from the environment. */
export function pdfCheckPool(): PdfCheckPool {
	shared ??= new PdfCheckPool(pdfCheckOptionsFromEnv());
	return shared;
}
