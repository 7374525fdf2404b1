import { deleteLocalAttachment } from '$lib/offline/attachments';
import type { ZhichengDB } from '$lib/offline/db';
import { dropQueuedAttach, queueDetach } from '$lib/offline/writes';

/**
 * A file a record no longer holds (replaced, removed, or its record deleted): one that never
 * reached the server is deleted from the device with its queued attach; an uploaded one is
 * detached from the case on the server.
 */
export async function releaseAttachment(
	db: ZhichengDB,
	caseId: string,
	module: string,
	id: string
): Promise<void> {
	const row = await db.attachments.get(id);
	if (row && (row.state === 'local' || row.state === 'failed')) {
		await deleteLocalAttachment(db, id);
		await dropQueuedAttach(db, id);
		return;
	}
	await queueDetach(db, caseId, module, id);
}

/**
 * The files of `ids` that count as uploaded for 保存: every one but those the server refused.
 * The upload itself runs in the background (offline it waits); 提交 checks them on the server.
 */
export async function usableAttachments(
	db: ZhichengDB,
	ids: readonly string[]
): Promise<Set<string>> {
	const rows = await db.attachments.bulkGet([...ids]);
	return new Set(ids.filter((id, i) => rows[i]?.state !== 'failed'));
}
