import { liveQuery } from 'dexie';
import { sameJson } from '$lib/domain/canonical-json';
import { registerUnsaved } from '$lib/pwa/unsaved';
import type { LocalModule, ZhichengDB } from './db';
import { saveModule } from './writes';

export type DraftError = 'quota' | 'failed' | null;

/**
 * The editing copy of one module. Every change is written to IndexedDB (with its outbox entry)
 * at once; keystrokes that arrive while a write is in flight are coalesced into the next one, so
 * the words are in memory only for about one write's time. A failed write keeps them on screen
 * with the reason.
 */
export class ModuleDraft {
	data = $state<Record<string, unknown>>({});
	row = $state.raw<LocalModule | null>(null);
	error = $state<DraftError>(null);
	private scheduled = false;
	private writing: Promise<void> | null = null;

	constructor(
		private readonly db: ZhichengDB,
		readonly caseId: string,
		readonly module: string,
		private readonly onWritten: () => void = () => {}
	) {}

	get pending(): boolean {
		return this.scheduled || this.writing !== null;
	}

	/** Follows the stored row; takes pulled changes when the person has nothing unsaved. */
	attach(): () => void {
		const sub = liveQuery(() => this.db.modules.get([this.caseId, this.module])).subscribe({
			next: (row) => {
				this.row = row ?? null;
				if (row && !this.pending && !sameJson(row.data, $state.snapshot(this.data))) {
					this.data = structuredClone(row.data);
				}
			}
		});
		const flushNow = () => void this.flush();
		const onHidden = () => document.visibilityState === 'hidden' && flushNow();
		addEventListener('pagehide', flushNow);
		document.addEventListener('visibilitychange', onHidden);
		const unregister = registerUnsaved(() => this.pending);
		return () => {
			flushNow();
			sub.unsubscribe();
			removeEventListener('pagehide', flushNow);
			document.removeEventListener('visibilitychange', onHidden);
			unregister();
		};
	}

	set(field: string, value: unknown): void {
		this.data[field] = value;
		this.scheduled = true;
		void this.pump();
	}

	/** Resolves once everything typed so far is in IndexedDB (暂存, pagehide). */
	flush(): Promise<void> {
		this.scheduled = true;
		return this.pump();
	}

	private pump(): Promise<void> {
		this.writing ??= (async () => {
			while (this.scheduled) {
				this.scheduled = false;
				await this.writeOnce();
			}
		})().finally(() => (this.writing = null));
		return this.writing;
	}

	private async writeOnce(): Promise<void> {
		const data = $state.snapshot(this.data);
		if (this.row && sameJson(this.row.data, data)) return;
		if (!this.row && Object.keys(data).length === 0) return;
		try {
			await saveModule(this.db, this.caseId, this.module, data);
			this.error = null;
			this.onWritten();
		} catch (error) {
			this.error = (error as Error)?.name === 'QuotaExceededError' ? 'quota' : 'failed';
		}
	}
}
