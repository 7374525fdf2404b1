import { randomUUID } from 'node:crypto';
import { tinyPdf } from '../helpers/pdf';
import { sleep } from './cluster';
import { logged, type LoadLog } from './load-log';
import { MODULE } from './savers';
import { sha256Of } from './tus-client';

/**
 * The load test's clients, each a loop over one connection's worth of work that retries a failed
 * request as a device does (the same mutation id, the same upload resumed from the server's
 * offset) and logs every answer. They run until `control.running` is false, then finish the
 * write in flight (retrying for at most `FINISH_MS` more).
 */

const RETRY_MS = 100;
const FINISH_MS = 60_000;
/** Small PDFs, each unique (a second copy of the same bytes would be stored once). */
const PDF_PAD = 16 * 1024;

export interface Control {
	running: boolean;
	/** performance.now() when `running` turned false. */
	stoppedAt: number;
}

export interface Account {
	cookie: string;
}

/** A loop may retry while the run goes on, and a while after it to finish its write. */
function mayRetry(control: Control): boolean {
	return control.running || performance.now() < control.stoppedAt + FINISH_MS;
}

/** 4xx other than 423 (tus: the upload is locked, try again) cannot turn into a success. */
const refusal = (status: number | undefined) =>
	status !== undefined && status >= 400 && status < 500 && status !== 423;

function jsonHeaders(base: string, cookie: string): Record<string, string> {
	return { 'content-type': 'application/json', origin: base, cookie };
}

interface PushReply {
	result?: {
		data?: {
			results?: {
				status: string;
				revision?: number;
				result?: { status: string; revision?: number };
			}[];
		};
	};
}

/** The revision a sync.push answer says its one mutation is applied at (first time or again). */
function appliedRevision(text: string): number | null {
	try {
		const r = (JSON.parse(text) as PushReply).result?.data?.results?.[0];
		const final = r?.status === 'duplicate' ? r.result : r;
		return final?.status === 'applied' && typeof final.revision === 'number'
			? final.revision
			: null;
	} catch {
		return null;
	}
}

/** Saves module `MODULE` of `caseId` again and again, each save from the last revision. */
export async function pushLoop(
	base: string,
	log: LoadLog,
	who: Account & { caseId: string },
	control: Control
): Promise<void> {
	const clientId = randomUUID();
	let revision = 0;
	for (let n = 1; control.running; n++) {
		const m = {
			id: randomUUID(),
			caseId: who.caseId,
			op: 'module.save',
			module: MODULE,
			baseRevision: revision,
			payload: { data: { n, text: `第${n}次暂存` } }
		};
		const init = {
			method: 'POST',
			headers: jsonHeaders(base, who.cookie),
			body: JSON.stringify({ clientId, mutations: [m] })
		};
		for (;;) {
			const r = await logged(log, 'push', `${base}/api/trpc/sync.push`, init, (res, text) =>
				res.ok ? appliedRevision(text) !== null : false
			);
			const applied = r?.res.ok ? appliedRevision(r.text) : null;
			if (applied !== null) {
				revision = applied;
				log.saves.push({
					caseId: who.caseId,
					clientId,
					mutationId: m.id,
					n,
					at: performance.now()
				});
				break;
			}
			if (r?.res.ok || refusal(r?.res.status)) {
				log.surprises.push(`push ${r!.res.status}: ${r!.text.slice(0, 300)}`);
				return;
			}
			if (!mayRetry(control)) {
				log.surprises.push(`push ${m.id} still unanswered ${FINISH_MS} ms after the run`);
				return;
			}
			await sleep(RETRY_MS);
		}
	}
}

/** sync.pull from the cursor of the last answer, as a device does after each push. */
export async function pullLoop(
	base: string,
	log: LoadLog,
	who: Account,
	control: Control
): Promise<void> {
	let since = '0';
	while (control.running) {
		const input = encodeURIComponent(JSON.stringify({ since, limit: 100 }));
		const r = await logged(
			log,
			'pull',
			`${base}/api/trpc/sync.pull?input=${input}`,
			{ headers: { cookie: who.cookie } },
			(res) => res.status === 200
		);
		if (r?.res.status === 200) {
			const data = (JSON.parse(r.text) as { result: { data: { cursor: string; more: boolean } } })
				.result.data;
			// A device that has caught up starts again from the beginning: a heavier read.
			since = data.more ? data.cursor : '0';
			continue;
		}
		if (refusal(r?.res.status)) {
			log.surprises.push(`pull ${r!.res.status}: ${r!.text.slice(0, 300)}`);
			return;
		}
		await sleep(RETRY_MS);
	}
}

/** A reviewer's dashboard: the pending queue and the counts, one after the other. */
export async function queueLoop(
	base: string,
	log: LoadLog,
	who: Account,
	control: Control
): Promise<void> {
	const reads = [
		`review.queue?input=${encodeURIComponent(JSON.stringify({ queue: 'pending' }))}`,
		'review.counts'
	];
	for (let i = 0; control.running; i++) {
		const r = await logged(
			log,
			'queue',
			`${base}/api/trpc/${reads[i % reads.length]}`,
			{ headers: { cookie: who.cookie } },
			(res) => res.status === 200
		);
		if (refusal(r?.res.status)) {
			log.surprises.push(`queue ${r!.res.status}: ${r!.text.slice(0, 300)}`);
			return;
		}
		if (r?.res.status !== 200) await sleep(RETRY_MS);
	}
}

export function uniquePdf(): Buffer {
	return Buffer.from(tinyPdf([`(${randomUUID()} ${'0'.repeat(PDF_PAD)})`]));
}

const b64 = (v: string) => Buffer.from(v, 'utf8').toString('base64');

/**
 * Uploads small PDFs to `caseId` through tus, one after the other: POST (created), PATCH of all
 * bytes; after a failure a HEAD asks the server's offset and the rest is sent from there (a new
 * upload when the server has none). Complete = a 204 whose offset is the size, or a HEAD saying
 * all bytes are there with their verified SHA-256 (the finishing answer was lost).
 */
export async function uploadLoop(
	base: string,
	log: LoadLog,
	who: Account & { caseId: string },
	control: Control
): Promise<void> {
	const tus = { cookie: who.cookie, origin: base, 'tus-resumable': '1.0.0' };
	while (control.running) {
		const bytes = uniquePdf();
		const sha256 = sha256Of(bytes);
		const attachmentId = randomUUID();
		const metadata = { attachmentId, caseId: who.caseId, filename: '学历证书.pdf' };
		const header = Object.entries({ ...metadata, filetype: 'application/pdf', sha256 })
			.map(([k, v]) => `${k} ${b64(v)}`)
			.join(',');
		let path: string | null = null;
		let offset: number | null = 0;
		const ack = (via: 'patch' | 'head') =>
			log.uploads.push({
				attachmentId,
				caseId: who.caseId,
				sha256,
				size: bytes.length,
				at: performance.now(),
				via
			});
		for (;;) {
			let r: Awaited<ReturnType<typeof logged>>;
			if (!path) {
				r = await logged(
					log,
					'upload',
					`${base}/files`,
					{
						method: 'POST',
						headers: { ...tus, 'upload-length': String(bytes.length), 'upload-metadata': header }
					},
					(res) => res.status === 201
				);
				if (r?.res.status === 201) {
					path = new URL(r.res.headers.get('location')!, base).pathname;
					offset = 0;
					continue;
				}
			} else if (offset === null) {
				r = await logged(
					log,
					'upload',
					`${base}${path}`,
					{ method: 'HEAD', headers: tus },
					(res) => res.status === 200
				);
				if (r?.res.status === 200) {
					offset = Number(r.res.headers.get('upload-offset'));
					if (offset === bytes.length && r.res.headers.get('upload-sha256') === sha256) {
						ack('head');
						break;
					}
					continue;
				}
				if (r?.res.status === 404 || r?.res.status === 410) {
					path = null; // the server kept nothing of it: a new upload of the same attachment
					continue;
				}
			} else {
				r = await logged(
					log,
					'upload',
					`${base}${path}`,
					{
						method: 'PATCH',
						headers: {
							...tus,
							'upload-offset': String(offset),
							'content-type': 'application/offset+octet-stream'
						},
						body: new Uint8Array(bytes.subarray(offset))
					},
					(res) => res.status === 204
				);
				if (r?.res.status === 204 && Number(r.res.headers.get('upload-offset')) === bytes.length) {
					ack('patch');
					break;
				}
				offset = null;
				if (r?.res.status === 409) continue; // the offset moved on: ask it at once
			}
			if (refusal(r?.res.status)) {
				log.surprises.push(`upload ${r!.res.status}: ${r!.text.slice(0, 300)}`);
				return;
			}
			if (!mayRetry(control)) {
				log.surprises.push(`upload ${attachmentId} unfinished ${FINISH_MS} ms after the run`);
				return;
			}
			await sleep(RETRY_MS);
		}
	}
}
