import { journaledModuleCount } from './journal';
import type { LocalAttachment, LocalCase, LocalModule, OutboxItem, ZhichengDB } from './db';

/** The one state a case shows: where its latest words are and what happens next. */
export type SaveState =
	'device-only' | 'backed-up' | 'submit-queued' | 'submitted' | 'needs-action' | 'conflict';

export interface CaseSummary extends LocalCase {
	saveState: SaveState;
	pending: number;
	/** The modules with a row on the device when this was read. */
	moduleKeys: string[];
}

export async function summarizeCases(db: ZhichengDB): Promise<CaseSummary[]> {
	const [cases, outbox, modules, attachments] = await Promise.all([
		db.cases.orderBy('updatedAt').reverse().toArray(),
		db.outbox.toArray(),
		db.modules.toArray(),
		db.attachments.toArray()
	]);
	return cases.map((c) =>
		summarize(
			c,
			outbox.filter((i) => i.caseId === c.id),
			modules.filter((m) => m.caseId === c.id),
			attachments.filter((a) => a.caseId === c.id)
		)
	);
}

/** A case's summary from its rows as read (all of the same case). */
export function summarize(
	c: LocalCase,
	items: OutboxItem[],
	mods: LocalModule[],
	files: LocalAttachment[]
): CaseSummary {
	let saveState: SaveState;
	if (mods.some((m) => m.conflict)) saveState = 'conflict';
	else if (c.problem || items.some((i) => i.state === 'needs-action')) saveState = 'needs-action';
	else if (items.some((i) => i.op === 'case.submit')) saveState = 'submit-queued';
	else if (['submitted', 'approved', 'rejected'].includes(c.status)) saveState = 'submitted';
	else if (
		c.untouched ||
		items.length > 0 ||
		mods.some((m) => m.dirty) ||
		files.some((f) => f.state !== 'attached')
	)
		saveState = 'device-only';
	else saveState = 'backed-up';
	// A keystroke rewrites only its module row, so the case's last change is the latest of them.
	const updatedAt = mods.reduce(
		(latest, m) => (m.updatedAt > latest ? m.updatedAt : latest),
		c.updatedAt
	);
	const moduleKeys = mods.map((m) => m.module).sort();
	return { ...c, updatedAt, saveState, pending: items.length, moduleKeys };
}

/** Edits, files and mutations that would be lost if this device's data were deleted now. */
export async function unsyncedCount(db: ZhichengDB): Promise<number> {
	const [items, journaled, dirty, files] = await Promise.all([
		db.outbox.count(),
		journaledModuleCount(db),
		db.modules.filter((m) => m.dirty || !!m.conflict).count(),
		db.attachments.filter((a) => a.state !== 'attached').count()
	]);
	return items + journaled + dirty + files;
}
