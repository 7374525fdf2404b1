import { m } from '$lib/paraglide/messages.js';
import { AttachmentStoreError, deleteLocalAttachment, storeFile } from '$lib/offline/attachments';
import type { ZhichengDB } from '$lib/offline/db';
import { dropQueuedAttach, queueAttach, queueDetach } from '$lib/offline/writes';

/** Where a file goes: a slot of a module of a case. */
export interface FileTarget {
	caseId: string;
	module: string;
	slot: string;
}

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
 * After 保存 or 取消 of an entry's form: releases the files of `had` (those it held and those
 * chosen while it was open) that the entry does not keep.
 */
export async function releaseUnkept(
	db: ZhichengDB,
	caseId: string,
	module: string,
	had: readonly string[],
	kept: readonly string[]
): Promise<void> {
	const keep = new Set(kept);
	for (const id of new Set(had)) if (!keep.has(id)) await releaseAttachment(db, caseId, module, id);
}

/**
 * Keeps a chosen file on the device, queues its upload and attach, and hands its id to the
 * form; then releases `old`, the file it replaces (null: the form releases it itself).
 */
export async function keepFile(
	db: ZhichengDB,
	target: FileTarget,
	file: Blob & { name: string },
	old: string | null,
	onChange: (id: string) => void | Promise<void>
): Promise<string> {
	const { caseId, module, slot } = target;
	const stored = await storeFile(db, { caseId, module, slot, file });
	await queueAttach(db, caseId, module, stored, slot);
	await onChange(stored);
	if (old && old !== stored) await releaseAttachment(db, caseId, module, old);
	return stored;
}

/** Takes the file out of the form, then releases it. */
export async function dropFile(
	db: ZhichengDB,
	target: FileTarget,
	old: string,
	onChange: (id: null) => void | Promise<void>
): Promise<void> {
	await onChange(null);
	await releaseAttachment(db, target.caseId, target.module, old);
}

/** 文件未能保存：… for a file the device could not keep. */
export function storeFailedText(error: unknown): string {
	const reason = error instanceof AttachmentStoreError ? error.message : String(error);
	return m.attachment_store_failed({ reason });
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
