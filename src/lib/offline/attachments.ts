import { SHA256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import Dexie from 'dexie';
import type { HttpRequest, HttpStack, PreviousUpload, UrlStorage } from 'tus-js-client';
import { m } from '$lib/paraglide/messages.js';
import { markedWrite } from './device-hint';
import { heldFile, holdFile, releaseFile } from './held-files';
import { FILES_SENDING_AT_ONCE, SendLane } from './send-lane';
import type { AttachmentChunk, LocalAttachment, ZhichengDB } from './db';

/**
 * Attachments on the device: bytes as 1 MiB ArrayBuffer rows (WebKit cannot store Blobs in
 * IndexedDB), uploaded with tus straight from those rows, resumable across reloads.
 * State: local → uploading → uploaded (the server verified it) → attached (the attach mutation
 * applied); failed when the server refused the bytes (the reason is kept).
 */

/** Size of one stored piece. */
export const STORE_CHUNK_BYTES = 1024 * 1024;
/**
 * Size of one tus PATCH; the server's BODY_SIZE_LIMIT (16M) must stay above it. 10 MiB: any file
 * the app accepts (MAX_PDF_BYTES) goes in one PATCH, and each request costs a session check, a
 * lock and a store lookup. A cut costs little: the server keeps the bytes a broken PATCH delivered
 * and the client resumes from its offset (HEAD). Not more: a phone holds the chunk in memory.
 */
export const UPLOAD_CHUNK_BYTES = 10 * 1024 * 1024;
/** Phones lose the network for a while: keep trying for about two minutes, then the outbox retries. */
export const RETRY_DELAYS = [0, 1000, 3000, 10_000, 30_000, 60_000];

export const ALLOWED_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

/** Storing a file failed; nothing of it was kept. `message` is for the person. */
export class AttachmentStoreError extends Error {
	constructor(
		readonly code: 'file_device_full' | 'file_type_not_allowed',
		message: string
	) {
		super(message);
		this.name = 'AttachmentStoreError';
	}
}

/** The server refused the uploaded bytes (4xx); `message` is its reason, for the person. */
export class UploadRefusedError extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super(message);
		this.name = 'UploadRefusedError';
	}
}

function typeOf(file: Blob & { name: string }): string | null {
	if ((ALLOWED_TYPES as readonly string[]).includes(file.type)) return file.type;
	const ext = /\.([A-Za-z0-9]+)$/.exec(file.name)?.[1]?.toLowerCase();
	if (ext === 'pdf') return 'application/pdf';
	if (ext === 'jpg' || ext === 'jpeg') return 'image/jpeg';
	if (ext === 'png') return 'image/png';
	return null;
}

function isQuotaError(error: unknown): boolean {
	for (let e = error as { name?: string; inner?: unknown } | null; e; e = e.inner as typeof e) {
		if (e.name === 'QuotaExceededError' || e.name === 'Dexie.QuotaExceededError') return true;
		if (!e.inner || e.inner === e) break;
	}
	return false;
}

export interface StoreFileInput {
	caseId: string;
	module: string;
	slot: string;
	file: Blob & { name: string };
	id?: string;
}

/**
 * Keeps a chosen file on the device: reads it in 1 MiB pieces, hashing as it goes (SHA-256,
 * never the whole file at once), then writes the pieces and the metadata row (state 'local')
 * in one transaction, so a full disk leaves nothing half-stored. Returns the attachment id.
 */
export async function storeFile(db: ZhichengDB, input: StoreFileInput): Promise<string> {
	const { file } = input;
	const mime = typeOf(file);
	if (!mime) throw new AttachmentStoreError('file_type_not_allowed', m.err_file_type_not_allowed());
	const id = input.id ?? crypto.randomUUID();
	const hash = new SHA256();
	const chunks: AttachmentChunk[] = [];
	for (let start = 0, index = 0; start < file.size; start += STORE_CHUNK_BYTES, index++) {
		const data = await file.slice(start, start + STORE_CHUNK_BYTES).arrayBuffer();
		hash.update(new Uint8Array(data));
		chunks.push({ attachmentId: id, index, data });
	}
	const row: LocalAttachment = {
		id,
		caseId: input.caseId,
		module: input.module,
		slot: input.slot,
		name: file.name,
		mime,
		size: file.size,
		sha256: encodeHexLowerCase(hash.digest()),
		state: 'local',
		uploadedBytes: 0,
		uploadUrl: null,
		hasLocalBytes: true,
		error: null,
		createdAt: new Date().toISOString()
	};
	try {
		await markedWrite(db.name, () =>
			db.transaction('rw', db.attachments, db.chunks, async () => {
				await db.chunks.where('attachmentId').equals(id).delete();
				await db.chunks.bulkAdd(chunks);
				await db.attachments.add(row);
			})
		);
	} catch (error) {
		if (isQuotaError(error)) {
			throw new AttachmentStoreError('file_device_full', m.err_file_device_full());
		}
		throw error;
	}
	holdFile(db.name, id, file);
	return id;
}

/**
 * Bytes [start, end) of a stored attachment as a Blob, from whichever pieces hold them: any
 * offset works (a resumed upload starts wherever the server's partial PATCH stopped).
 */
export async function readSlice(
	db: ZhichengDB,
	id: string,
	size: number,
	start: number,
	end: number
): Promise<Blob> {
	end = Math.min(end, size);
	if (start >= end) return new Blob([]);
	const first = Math.floor(start / STORE_CHUNK_BYTES);
	const last = Math.floor((end - 1) / STORE_CHUNK_BYTES);
	const rows = await db.chunks
		.where('[attachmentId+index]')
		.between([id, first], [id, last], true, true)
		.toArray();
	if (rows.length !== last - first + 1) throw new Error(`attachment ${id}: pieces are missing`);
	const parts = rows.map((row) => {
		const base = row.index * STORE_CHUNK_BYTES;
		const from = Math.max(start - base, 0);
		const to = Math.min(end - base, row.data.byteLength);
		return new Uint8Array(row.data, from, to - from);
	});
	return new Blob(parts);
}

/** What tus-js-client's reader is given for one upload. */
interface ReaderInput {
	attachmentId: string;
	/** The stored file's size (its row was read when the upload started). */
	size: number;
	/** Read the first chunk while the creation request is out (a new upload, not a resume). */
	readAhead: boolean;
}

/**
 * tus-js-client's file reader for stored attachments. Bytes come from the file the person chose
 * in this page while it is held (`held-files.ts`) and its requests go well; otherwise from the
 * stored pieces, any offset (a resume starts where the server's partial PATCH stopped).
 */
export function attachmentReader(db: ZhichengDB) {
	return {
		async openFile(input: ReaderInput, chunkSize: number) {
			const { attachmentId: id, size } = input;
			let file = await heldFile(db.name, id, size);
			const firstEnd = Math.min(chunkSize, size);
			let ahead = !file && input.readAhead ? readSlice(db, id, size, 0, firstEnd) : null;
			ahead?.catch(() => {});
			let lastStart = -1;
			return {
				size,
				close() {
					ahead = null;
				},
				async slice(start: number, end: number) {
					end = Math.min(end, size);
					// A start not past the last one is a retry after a failed request: whatever
					// failed, the stored pieces are the surer source from here on.
					if (file && start <= lastStart) {
						releaseFile(db.name, id);
						file = null;
					}
					lastStart = start;
					const done = end >= size;
					if (file) return { value: file.slice(start, end), done };
					const early = start === 0 && end === firstEnd ? ahead : null;
					ahead = null;
					return { value: await (early ?? readSlice(db, id, size, start, end)), done };
				}
			};
		}
	};
}

let keySeq = 0;

function newestFirst(a: PreviousUpload, b: PreviousUpload): number {
	return a.urlStorageKey < b.urlStorageKey ? 1 : a.urlStorageKey > b.urlStorageKey ? -1 : 0;
}

/**
 * tus-js-client's URL storage on the `uploadUrls` table, so an upload resumes after a reload.
 * Keys sort by creation time (creationTime has one-second resolution).
 */
export function dexieUrlStorage(db: ZhichengDB): UrlStorage {
	const withKey = (rows: { key: string; upload: unknown }[]) =>
		rows.map((r) => ({ ...(r.upload as PreviousUpload), urlStorageKey: r.key })).sort(newestFirst);
	return {
		async findAllUploads() {
			return withKey(await db.uploadUrls.toArray());
		},
		async findUploadsByFingerprint(fingerprint) {
			return withKey(await db.uploadUrls.where('fingerprint').equals(fingerprint).toArray());
		},
		async removeUpload(key) {
			await db.uploadUrls.delete(key);
		},
		async addUpload(fingerprint, upload) {
			const key = `${String(Date.now()).padStart(15, '0')}-${String(keySeq++).padStart(6, '0')}-${Math.random().toString(36).slice(2, 8)}`;
			await db.uploadUrls.put({ key, fingerprint, upload });
			return key;
		}
	};
}

export function fingerprintOf(id: string): string {
	return `zc-attachment-${id}`;
}

export interface UploadOptions {
	/** Bytes the server has confirmed or that are on their way, and the total. */
	onProgress?: (sent: number, total: number) => void;
	endpoint?: string;
	signal?: AbortSignal;
	chunkSize?: number;
	retryDelays?: number[] | null;
	/** Another HTTP stack (tests in Node). */
	httpStack?: HttpStack;
}

export interface UploadResult {
	sha256: string;
}

const PROGRESS_WRITE_MS = 300;

/**
 * Uploads (or resumes) one stored attachment with tus. Resolves when the server verified it
 * (state 'uploaded'). A 4xx refusal marks it 'failed' with the server's reason and rejects with
 * UploadRefusedError; network trouble and aborts leave it resumable ('local', the stored URL
 * kept) and reject with the cause, for the outbox to try again later.
 */
export function uploadAttachment(
	db: ZhichengDB,
	id: string,
	options: UploadOptions = {}
): Promise<UploadResult> {
	// One upload per attachment at a time in this page: a second caller shares the first's run
	// (two would PATCH the same offset and collide).
	const key = `${db.name}/${id}`;
	const running = inFlight.get(key);
	if (running) return running;
	const run = runUpload(db, id, options).finally(() => inFlight.delete(key));
	inFlight.set(key, run);
	return run;
}

const inFlight = new Map<string, Promise<UploadResult>>();

/** File bytes go out a few uploads at a time in this page (`send-lane.ts`). */
const sendLane = new SendLane(FILES_SENDING_AT_ONCE);

async function runUpload(
	db: ZhichengDB,
	id: string,
	options: UploadOptions
): Promise<UploadResult> {
	const row = await db.attachments.get(id);
	if (!row) throw new Error(`attachment ${id} not found`);
	if (row.state === 'uploaded' || row.state === 'attached') return { sha256: row.sha256 };
	if (!row.hasLocalBytes) throw new Error(`attachment ${id}: no local bytes`);
	options.signal?.throwIfAborted();
	const urlStorage = dexieUrlStorage(db);
	const fingerprint = fingerprintOf(id);
	await db.attachments.update(id, { state: 'uploading', error: null });
	// Loaded on the first upload: pages that only show files never download the tus client.
	const { DetailedError, Upload } = await import('tus-js-client');

	// Every write of the row re-runs the screens that show it, so progress and the tus URL share
	// throttled writes (the resume offset comes from the server's HEAD, not from this row). The
	// first waits too: a file sent within PROGRESS_WRITE_MS goes from 上传中 to done unwritten.
	let lastWrite = Date.now();
	let unsavedUrl: string | null = null;
	const saveProgress = (bytes: number) => {
		const now = Date.now();
		if (now - lastWrite < PROGRESS_WRITE_MS) return;
		lastWrite = now;
		const url = unsavedUrl ? { uploadUrl: unsavedUrl } : {};
		unsavedUrl = null;
		void db.attachments.update(id, { uploadedBytes: bytes, ...url }).catch(() => {});
	};

	return new Promise<UploadResult>((resolve, reject) => {
		let settled = false;
		const finish = (fn: () => Promise<void>) => {
			if (settled) return;
			settled = true;
			// However it ended, a later try reads the stored pieces.
			releaseFile(db.name, id);
			sendLane.release(upload);
			options.signal?.removeEventListener('abort', onAbort);
			fn().catch(reject);
		};
		const input: ReaderInput = { attachmentId: id, size: row.size, readAhead: true };
		const upload = new Upload(input as unknown as Blob, {
			endpoint: options.endpoint ?? '/files',
			chunkSize: options.chunkSize ?? UPLOAD_CHUNK_BYTES,
			retryDelays: options.retryDelays === undefined ? RETRY_DELAYS : options.retryDelays,
			metadata: {
				attachmentId: row.id,
				caseId: row.caseId,
				filename: row.name,
				filetype: row.mime,
				sha256: row.sha256
			},
			fingerprint: async () => fingerprint,
			storeFingerprintForResuming: true,
			removeFingerprintOnSuccess: true,
			urlStorage,
			fileReader: attachmentReader(db),
			...(options.httpStack ? { httpStack: options.httpStack } : {}),
			// A PATCH waits for its turn; a request after a PATCH that got no answer (a retry starts
			// with a HEAD) gives that PATCH's turn back.
			onBeforeRequest(req: HttpRequest): Promise<void> | undefined {
				if (req.getMethod() === 'PATCH') return sendLane.acquire(upload);
				sendLane.release(upload);
				return undefined;
			},
			onAfterResponse() {
				sendLane.release(upload);
			},
			onUploadUrlAvailable() {
				unsavedUrl = upload.url;
			},
			onProgress(sent, total) {
				options.onProgress?.(sent, total);
				saveProgress(sent);
			},
			onChunkComplete(_size, accepted) {
				saveProgress(accepted);
			},
			onSuccess({ lastResponse }) {
				finish(async () => {
					const confirmed = lastResponse.getHeader('Upload-Sha256')?.toLowerCase();
					if (confirmed === undefined) {
						// All bytes are on the server but it has not verified them (it stopped
						// before it could): not refused, sent afresh by the next pass.
						await removeStoredUrls(db, fingerprint);
						await db.attachments.update(id, { state: 'local', uploadUrl: null });
						reject(new Error(`attachment ${id}: the server did not confirm the upload`));
						return;
					}
					if (confirmed !== row.sha256) {
						const reason = m.err_file_checksum_mismatch();
						await db.attachments.update(id, { state: 'failed', error: reason });
						reject(new UploadRefusedError(lastResponse.getStatus(), reason));
						return;
					}
					await db.attachments.update(id, {
						state: 'uploaded',
						uploadedBytes: row.size,
						uploadUrl: upload.url,
						error: null
					});
					resolve({ sha256: confirmed });
				});
			},
			onError(error) {
				finish(async () => {
					const status =
						error instanceof DetailedError ? (error.originalResponse?.getStatus() ?? 0) : 0;
					const permanent =
						status >= 400 && status < 500 && ![401, 408, 409, 423, 429].includes(status);
					if (permanent) {
						const body = (error as InstanceType<typeof DetailedError>).originalResponse
							?.getBody()
							?.trim();
						const reason = body || error.message;
						await removeStoredUrls(db, fingerprint);
						await db.attachments.update(id, { state: 'failed', error: reason, uploadUrl: null });
						reject(new UploadRefusedError(status, reason));
						return;
					}
					await db.attachments.update(id, { state: 'local' });
					reject(error);
				});
			}
		});

		const onAbort = () => {
			finish(async () => {
				await upload.abort(false);
				await db.attachments.update(id, { state: 'local' });
				reject(options.signal?.reason ?? new DOMException('Aborted', 'AbortError'));
			});
		};
		options.signal?.addEventListener('abort', onAbort, { once: true });

		// Resume from the newest stored URL (pitfall: a failed attempt leaves its URL behind).
		upload
			.findPreviousUploads()
			.then(async (previous) => {
				const [newest, ...stale] = [...previous].sort(newestFirst);
				for (const old of stale) await urlStorage.removeUpload(old.urlStorageKey);
				if (settled) return;
				if (newest) {
					input.readAhead = false;
					upload.resumeFromPreviousUpload(newest);
				}
				upload.start();
			})
			.catch((error: unknown) => finish(() => Promise.reject(error)));
	});
}

async function removeStoredUrls(db: ZhichengDB, fingerprint: string): Promise<void> {
	await db.uploadUrls.where('fingerprint').equals(fingerprint).delete();
}

/** Frees the device's copy once the attachment is linked to its case on the server. */
export async function dropLocalBytes(db: ZhichengDB, id: string): Promise<void> {
	await db.transaction('rw', db.attachments, db.chunks, async () => {
		const row = await db.attachments.get(id);
		if (!row) throw new Error(`attachment ${id} not found`);
		if (row.state !== 'attached') {
			throw new Error(`attachment ${id} is '${row.state}': its bytes are still needed`);
		}
		await db.chunks.where('attachmentId').equals(id).delete();
		await db.attachments.update(id, { hasLocalBytes: false });
	});
}

/** Removes an attachment that never reached the server (state 'local' or 'failed'). */
export async function deleteLocalAttachment(db: ZhichengDB, id: string): Promise<void> {
	releaseFile(db.name, id);
	await db.transaction('rw', db.attachments, db.chunks, db.uploadUrls, async () => {
		const row = await db.attachments.get(id);
		if (!row) return;
		if (row.state !== 'local' && row.state !== 'failed') {
			throw new Error(`attachment ${id} is '${row.state}' and cannot be deleted here`);
		}
		await db.chunks.where('attachmentId').equals(id).delete();
		await db.uploadUrls.where('fingerprint').equals(fingerprintOf(id)).delete();
		await db.attachments.delete(id);
	});
}

/** The stored bytes as one Blob (thumbnails, preview); null once they were dropped. */
export async function attachmentBlob(db: ZhichengDB, id: string): Promise<Blob | null> {
	const row = await db.attachments.get(id);
	if (!row || !row.hasLocalBytes) return null;
	const rows = await db.chunks
		.where('[attachmentId+index]')
		.between([id, Dexie.minKey], [id, Dexie.maxKey])
		.toArray();
	return new Blob(
		rows.map((r) => r.data),
		{ type: row.mime }
	);
}
