import { createHash, randomUUID } from 'node:crypto';
import { request, type ClientRequest } from 'node:http';
import { tinyPdf } from '../helpers/pdf';

/** A device's side of tus, by hand: every request says which origin the page had (`origin`). */

export function pdfOfSize(size: number): Buffer {
	const base = Buffer.from(tinyPdf());
	const pad = Buffer.alloc(Math.max(0, size - base.length), 0x20);
	return Buffer.concat([base.subarray(0, 9), pad, base.subarray(9)]);
}

export const sha256Of = (bytes: Buffer | Uint8Array) =>
	createHash('sha256').update(bytes).digest('hex');

const b64 = (v: string) => Buffer.from(v, 'utf8').toString('base64');

export interface Device {
	cookie: string;
	/** The page's origin (the app's ORIGIN). */
	origin: string;
}

/** POST /files: a new upload of `bytes` for `caseId`; its path (`/files/<id>`) and attachment id. */
export async function createUpload(
	base: string,
	device: Device,
	caseId: string,
	bytes: Buffer
): Promise<{ path: string; attachmentId: string }> {
	const attachmentId = randomUUID();
	const meta = {
		attachmentId,
		caseId,
		filename: '学历证书.pdf',
		filetype: 'application/pdf',
		sha256: sha256Of(bytes)
	};
	const res = await fetch(`${base}/files`, {
		method: 'POST',
		headers: {
			cookie: device.cookie,
			origin: device.origin,
			'tus-resumable': '1.0.0',
			'upload-length': String(bytes.length),
			'upload-metadata': Object.entries(meta)
				.map(([k, v]) => `${k} ${b64(v)}`)
				.join(',')
		}
	});
	if (res.status !== 201) throw new Error(`tus POST: ${res.status} ${await res.text()}`);
	return { path: new URL(res.headers.get('location')!, base).pathname, attachmentId };
}

/** HEAD: the offset the server holds. */
export async function uploadOffset(base: string, device: Device, path: string): Promise<number> {
	const res = await fetch(`${base}${path}`, {
		method: 'HEAD',
		headers: { cookie: device.cookie, 'tus-resumable': '1.0.0' },
		signal: AbortSignal.timeout(60_000)
	});
	if (res.status !== 200) throw new Error(`tus HEAD: ${res.status}`);
	return Number(res.headers.get('upload-offset'));
}

/** PATCH `body` at `offset` in one request: status and the verified SHA-256 answered at the end. */
export async function patch(
	base: string,
	device: Device,
	path: string,
	offset: number,
	body: Buffer
): Promise<{ status: number; offset: number; sha256: string | null }> {
	const res = await fetch(`${base}${path}`, {
		method: 'PATCH',
		headers: {
			cookie: device.cookie,
			origin: device.origin,
			'tus-resumable': '1.0.0',
			'upload-offset': String(offset),
			'content-type': 'application/offset+octet-stream'
		},
		body: new Uint8Array(body),
		signal: AbortSignal.timeout(60_000)
	});
	await res.arrayBuffer();
	return {
		status: res.status,
		offset: Number(res.headers.get('upload-offset')),
		sha256: res.headers.get('upload-sha256')
	};
}

export interface OpenPatch {
	req: ClientRequest;
	/** Settles when the request ends either way (an answer's status, or the error's message). */
	ended: Promise<string>;
}

/**
 * A PATCH declaring all of `rest` (from `offset`) whose first `sendBytes` are written, in 64 KiB
 * pieces `everyMs` apart, and then nothing more: a device whose line went quiet. `sent(n)` is
 * called after each piece.
 */
export function stalledPatch(
	base: string,
	device: Device,
	path: string,
	offset: number,
	rest: Buffer,
	sendBytes: number,
	everyMs: number,
	sent: (n: number) => void = () => {}
): OpenPatch {
	const req = request(`${base}${path}`, {
		method: 'PATCH',
		agent: false,
		headers: {
			cookie: device.cookie,
			origin: device.origin,
			'tus-resumable': '1.0.0',
			'upload-offset': String(offset),
			'content-type': 'application/offset+octet-stream',
			'content-length': String(rest.length)
		}
	});
	const ended = new Promise<string>((resolve) => {
		req.on('response', (res) => {
			res.resume();
			resolve(String(res.statusCode));
		});
		req.on('error', (error) => resolve(error.message));
	});
	let n = 0;
	const next = () => {
		if (n >= sendBytes || req.destroyed) return;
		const piece = rest.subarray(n, Math.min(sendBytes, n + 64 * 1024));
		n += piece.length;
		req.write(piece, () => {
			sent(n);
			setTimeout(next, everyMs);
		});
	};
	next();
	return { req, ended };
}

/** The bytes the download handler serves for an attachment, and its status. */
export async function download(
	base: string,
	device: Device,
	attachmentId: string
): Promise<{ status: number; sha256: string }> {
	const res = await fetch(`${base}/files/download/${attachmentId}`, {
		headers: { cookie: device.cookie }
	});
	return { status: res.status, sha256: sha256Of(new Uint8Array(await res.arrayBuffer())) };
}
