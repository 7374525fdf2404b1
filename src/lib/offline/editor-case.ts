import type { PinnedNote, ReviewEventRecord } from '$lib/domain/review';
import type { LocalNotice, ZhichengDB } from './db';
import { getMeta } from './meta';
import { lastReturnOf, oldestFirst, openNotesOf, type LastReturn } from './review-notes';
import { summarize, type CaseSummary } from './save-state';

/** What the case editor shows of its case besides the modules' words, read together. */
export interface EditorCase {
	summary: CaseSummary | null;
	/** The case's files on this device that did not fail, sorted. */
	attachmentIds: string[];
	/** Review events, oldest first. */
	events: ReviewEventRecord[];
	returned: LastReturn | null;
	/** Notes still to be answered (the case is 退回). */
	notes: PinnedNote[];
	/** 申报基本信息 was saved with 暂存 on this device (the module list may open offline). */
	stashed: boolean;
	/** Unread 「申报要求有变化」 notices of the case, oldest first. */
	requirementNotices: LocalNotice[];
}

export const NO_EDITOR_CASE: EditorCase = {
	summary: null,
	attachmentIds: [],
	events: [],
	returned: null,
	notes: [],
	stashed: false,
	requirementNotices: []
};

/** The meta key of `stashed`. */
export const stashedKey = (caseId: string): string => `stashed:${caseId}`;

/**
 * One transaction for everything the editor watches of its case: a write to any of it re-runs
 * one query, not one per part (each a transaction of its own on a phone's slow storage).
 */
export async function readEditorCase(db: ZhichengDB, caseId: string): Promise<EditorCase> {
	const tables = [
		db.cases,
		db.outbox,
		db.modules,
		db.attachments,
		db.reviewEvents,
		db.notices,
		db.meta
	];
	return db.transaction('r', tables, async () => {
		const [c, outbox, modules, attachments, events, notices, stashed] = await Promise.all([
			db.cases.get(caseId),
			db.outbox.where('caseId').equals(caseId).toArray(),
			db.modules.where('caseId').equals(caseId).toArray(),
			db.attachments.where('caseId').equals(caseId).toArray(),
			db.reviewEvents.where('caseId').equals(caseId).toArray(),
			db.notices.where('caseId').equals(caseId).toArray(),
			getMeta<boolean>(db, stashedKey(caseId))
		]);
		const ordered = oldestFirst(events);
		const returned = lastReturnOf(ordered);
		return {
			summary: c ? summarize(c, outbox, modules, attachments) : null,
			attachmentIds: attachments
				.filter((a) => a.state !== 'failed')
				.map((a) => a.id)
				.sort(),
			events: ordered,
			returned,
			notes: openNotesOf(c?.status, returned),
			stashed: stashed === true,
			requirementNotices: notices
				.filter((n) => n.kind === 'requirements_changed' && n.unread === 1)
				.sort((a, b) => (a.at < b.at ? -1 : 1))
		};
	});
}
