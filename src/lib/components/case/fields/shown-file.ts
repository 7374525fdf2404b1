import type { CaseAttachmentView } from '$lib/domain/review';
import type { AttachmentState } from '$lib/offline/db';

/**
 * A file as a field shows it: on the applicant's device with its upload state (a stored
 * LocalAttachment is one), in a view of submitted data with the link it opens at.
 */
export interface ShownFile {
	id: string;
	name: string;
	size: number;
	state?: AttachmentState;
	uploadedBytes?: number;
	error?: string | null;
	href?: string;
}

/** A case's attachment as the server lists it (the view's `attachments`). */
export type ViewAttachment = CaseAttachmentView;

/** Files (or anything with an id) by id. */
export function byId<T extends { id: string }>(list: readonly T[]): ReadonlyMap<string, T> {
	return new Map(list.map((x) => [x.id, x]));
}

/** The view's files by id, each with its link. */
export function viewFiles(
	attachments: readonly ViewAttachment[],
	fileHref: (attachmentId: string) => string
): ReadonlyMap<string, ShownFile> {
	return byId(
		attachments.map((a) => ({ id: a.id, name: a.name, size: a.size, href: fileHref(a.id) }))
	);
}
