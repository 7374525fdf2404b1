import type { ReturnNote } from '$lib/domain/review';

/** A 退回 note while it is being written (`key` only keys the list on screen). */
export interface NoteDraft {
	key: string;
	module: string;
	field: string;
	rowId: string;
	attachmentId: string;
	text: string;
}

export function newNote(module: string): NoteDraft {
	return { key: crypto.randomUUID(), module, field: '', rowId: '', attachmentId: '', text: '' };
}

/** The notes as the server takes them: empty ones (nothing typed) are left out. */
export function notesToSend(drafts: readonly NoteDraft[]): ReturnNote[] {
	return drafts
		.filter((d) => d.text.trim())
		.map((d) => ({
			module: d.module,
			...(d.field ? { field: d.field } : {}),
			...(d.rowId ? { rowId: d.rowId } : {}),
			...(d.attachmentId ? { attachmentId: d.attachmentId } : {}),
			text: d.text.trim()
		}));
}
