import { uploadAttachment, UploadRefusedError, type UploadOptions } from './attachments';
import type { ZhichengDB } from './db';

/**
 * Uploads at a time. Two: while one file's bytes are on the wire, the next one is created and
 * read from storage, so each file's round trips (creation, the URL saved, its bytes read) no
 * longer wait for the one before — on a phone the round trips are the slow part. The bytes
 * themselves still go one file at a time (`send-lane.ts`). Not more: each upload holds a chunk
 * (up to 10 MiB) in memory.
 */
export const PARALLEL_UPLOADS = 2;

/**
 * Uploads every stored attachment not yet verified by the server, oldest first, PARALLEL_UPLOADS
 * at a time. A refused file is marked with its reason and skipped; a network failure starts no
 * further upload, lets the running ones finish or fail, and fails the pass: the rest stay
 * resumable for the next one.
 */
export async function uploadPending(
	db: ZhichengDB,
	options: Omit<UploadOptions, 'onProgress'> = {}
): Promise<void> {
	const waiting = await db.attachments
		.filter((a) => (a.state === 'local' || a.state === 'uploading') && a.hasLocalBytes)
		.sortBy('createdAt');
	const failures: unknown[] = [];
	const worker = async () => {
		for (let next = waiting.shift(); next && failures.length === 0; next = waiting.shift()) {
			try {
				await uploadAttachment(db, next.id, options);
			} catch (error) {
				if (!(error instanceof UploadRefusedError)) failures.push(error);
			}
		}
	};
	await Promise.all(Array.from({ length: PARALLEL_UPLOADS }, worker));
	if (failures.length > 0) throw failures[0];
}
