import type { UploadOptions } from './attachments';
import type { ZhichengDB } from './db';

/**
 * Uploads at a time. The bytes go one file at a time (`send-lane.ts`); the others are created and
 * their first bytes read meanwhile, so the wire never waits on a file's round trips (creation,
 * the URL saved, the bytes read), which on a phone are the slow part. Three: between one file's
 * end and the next one's creation the page has its own writes to do (the state, the URL), and
 * with two the next file was often not ready when the wire came free. Not more: a waiting upload
 * read from storage holds its first chunk (up to 10 MiB) in memory.
 */
export const PARALLEL_UPLOADS = 3;

/**
 * Uploads every stored attachment not yet verified by the server whose case the server has,
 * oldest first, PARALLEL_UPLOADS at a time. A refused file is marked with its reason and
 * skipped; a network failure starts no further upload, lets the running ones finish or fail, and
 * fails the pass: the rest stay resumable for the next one.
 */
export async function uploadPending(
	db: ZhichengDB,
	options: Omit<UploadOptions, 'onProgress'> = {}
): Promise<void> {
	// The server takes files only for a case it has: those of a draft not yet sent wait for it.
	const unsent = new Set(await db.cases.filter((c) => !c.onServer).primaryKeys());
	const waiting = await db.attachments
		.filter(
			(a) =>
				(a.state === 'local' || a.state === 'uploading') && a.hasLocalBytes && !unsent.has(a.caseId)
		)
		.sortBy('createdAt');
	if (waiting.length === 0) return;
	// The upload code (tus) loads only when a file waits: most sync passes have none.
	const { uploadAttachment, UploadRefusedError } = await import('./attachments');
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
