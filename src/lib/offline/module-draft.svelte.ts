import { liveQuery } from 'dexie';
import { sameJson } from '$lib/domain/canonical-json';
import { registerUnsaved } from '$lib/pwa/unsaved';
import type { LocalModule, ZhichengDB } from './db';
import { foldJournal, journalEdit } from './journal';

export type DraftError = 'quota' | 'failed' | null;

/** Quiet time after the last keystroke before the journal becomes a module save. */
export const FOLD_AFTER_MS = 300;
/** A person who never pauses still gets a module save (and a sync) this often. */
export const FOLD_AT_LEAST_EVERY_MS = 2000;

/**
 * The editing copy of one module. Every change is journaled in IndexedDB from the input handler
 * itself (one put per change; IndexedDB applies them in order); the first change to a clean row,
 * and then FOLD_AFTER_MS after the last one, the journal becomes the module row and its outbox
 * entry. A failed write keeps the
 * words on screen with the reason, and the next change or flush writes them again.
 */
export class ModuleDraft {
	data = $state<Record<string, unknown>>({});
	/** A plain copy of `data`, made once per change however many readers there are. */
	readonly snapshot = $derived($state.snapshot(this.data) as Record<string, unknown>);
	row = $state.raw<LocalModule | null>(null);
	/** The store has answered once (the row may still be null: nothing saved yet). */
	loaded = $state(false);
	error = $state<DraftError>(null);
	/** Journal writes issued, and the last one whose words reached IndexedDB (or failed). */
	private issued = 0;
	private settled = 0;
	private lastWrite: Promise<void> = Promise.resolve();
	private failed = false;
	/** When the oldest journaled change not yet folded was written (null: none). */
	private unfoldedSince: number | null = null;
	private folding: Promise<void> = Promise.resolve();
	private foldTimer: ReturnType<typeof setTimeout> | null = null;

	constructor(
		private readonly db: ZhichengDB,
		readonly caseId: string,
		readonly module: string,
		private readonly onSaved: () => void = () => {}
	) {}

	private get key(): { caseId: string; module: string } {
		return { caseId: this.caseId, module: this.module };
	}

	/** Words only in memory: not yet in IndexedDB at all. */
	get unsaved(): boolean {
		return this.settled < this.issued || this.failed;
	}

	/** Anything newer than the module row (in memory or in the journal). */
	get pending(): boolean {
		return this.unsaved || this.unfoldedSince !== null;
	}

	/** The stored row as it now is (attachDrafts): pulled changes are taken when nothing is unsaved. */
	take(row: LocalModule | null): void {
		if (!sameJson(row, this.row)) this.row = row;
		this.loaded = true;
		if (row && !this.pending && !sameJson(row.data, this.snapshot)) {
			this.data = structuredClone(row.data);
		}
	}

	set(field: string, value: unknown): void {
		this.data[field] = value;
		this.journal(this.snapshot);
	}

	/** Resolves once everything typed so far is in the module row and outbox (暂存, pagehide). */
	async flush(): Promise<void> {
		if (this.failed) this.journal(this.snapshot);
		await this.lastWrite;
		await this.fold();
	}

	private journal(data: Record<string, unknown>): void {
		const n = ++this.issued;
		// The first change to a row the server has is folded at once, so the case shows
		// 仅保存在本设备 right away; later ones wait for a pause.
		const first = this.unfoldedSince === null && !this.row?.dirty;
		this.unfoldedSince ??= Date.now();
		this.lastWrite = journalEdit(this.db, this.caseId, this.module, data).then(
			() => {
				this.settle(n);
				this.failed = false;
				this.error = null;
				if (first) void this.fold();
				else this.scheduleFold();
			},
			(error: unknown) => {
				this.settle(n);
				this.failed = true;
				this.fail(error);
			}
		);
	}

	private settle(n: number): void {
		if (n > this.settled) this.settled = n;
	}

	private scheduleFold(): void {
		if (this.foldTimer) clearTimeout(this.foldTimer);
		const overdue =
			this.unfoldedSince !== null && Date.now() - this.unfoldedSince >= FOLD_AT_LEAST_EVERY_MS;
		this.foldTimer = setTimeout(() => void this.fold(), overdue ? 0 : FOLD_AFTER_MS);
	}

	/** One fold at a time; it takes every journal write issued before it. */
	private fold(): Promise<void> {
		if (this.foldTimer) clearTimeout(this.foldTimer);
		this.foldTimer = null;
		this.folding = this.folding.then(async () => {
			const upTo = this.issued;
			// The journal writes issued so far must be in the store before it is read: a fold
			// that missed one and then said "nothing unfolded" let the stored row replace the
			// words on screen, and the next keystroke journaled them without that edit.
			await this.lastWrite;
			try {
				const folded = await foldJournal(this.db, this.key);
				if (this.issued === upTo && !this.failed) this.unfoldedSince = null;
				if (!this.failed) this.error = null;
				if (folded > 0) this.onSaved();
			} catch (error) {
				this.fail(error);
			}
		});
		return this.folding;
	}

	private fail(error: unknown): void {
		this.error = (error as Error)?.name === 'QuotaExceededError' ? 'quota' : 'failed';
	}
}

/**
 * Attaches one case's drafts to the store at once: one fold of the case's journal (words a closed
 * tab journaled but never folded come first, so the rows shown have them) and one live query over
 * the case's module rows, rather than one of each per module (the editor holds about a dozen, and
 * each query's answer re-derived the whole module list on a cheap phone's main thread).
 * Hiding or leaving the page flushes every draft.
 */
export function attachDrafts(db: ZhichengDB, caseId: string, drafts: ModuleDraft[]): () => void {
	let sub: { unsubscribe(): void } | null = null;
	let detached = false;
	const modules = drafts.map((d) => d.module);
	void foldJournal(db, { caseId })
		.catch(() => 0)
		.then(() => {
			if (detached) return;
			sub = liveQuery(() =>
				db.modules
					.where('caseId')
					.equals(caseId)
					.filter((row) => modules.includes(row.module))
					.toArray()
			).subscribe({
				next: (rows) => {
					for (const draft of drafts)
						draft.take(rows.find((r) => r.module === draft.module) ?? null);
				},
				// The store cannot be read (it is logged): the editor shows what it has.
				error: (error: unknown) => {
					console.error('liveQuery', error);
					for (const draft of drafts) draft.take(draft.row);
				}
			});
		});
	const flushAll = () => drafts.forEach((d) => void d.flush());
	const onHidden = () => document.visibilityState === 'hidden' && flushAll();
	addEventListener('pagehide', flushAll);
	document.addEventListener('visibilitychange', onHidden);
	const unregister = registerUnsaved(() => drafts.some((d) => d.unsaved));
	return () => {
		detached = true;
		flushAll();
		sub?.unsubscribe();
		removeEventListener('pagehide', flushAll);
		document.removeEventListener('visibilitychange', onHidden);
		unregister();
	};
}
