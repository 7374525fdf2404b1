import { uploadAttachment, UploadRefusedError, type UploadOptions } from './attachments';
import type { ZhichengDB } from './db';

/**
 * Uploads every stored attachment not yet verified by the server, oldest first, one at a time
 * (a phone's uplink is the bottleneck). A refused file is marked with its reason and skipped;
 * a network failure stops the pass and leaves the rest resumable for the next one.
 */
export async function uploadPending(
	db: ZhichengDB,
	options: Omit<UploadOptions, 'onProgress'> = {}
): Promise<void> {
	const waiting = await db.attachments
		.filter((a) => (a.state === 'local' || a.state === 'uploading') && a.hasLocalBytes)
		.sortBy('createdAt');
	for (const attachment of waiting) {
		try {
			await uploadAttachment(db, attachment.id, options);
		} catch (error) {
			if (error instanceof UploadRefusedError) continue;
			throw error;
		}
	}
}
