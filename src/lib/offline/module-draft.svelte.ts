import { liveQuery } from 'dexie';
import { sameJson } from '$lib/domain/canonical-json';
import { registerUnsaved } from '$lib/pwa/unsaved';
import type { LocalModule, ZhichengDB } from './db';
import { saveModule } from './writes';

/** Keystroke to IndexedDB: at most this long, and at once on pagehide or when hidden. */
export const SAVE_DEBOUNCE_MS = 250;

export type DraftError = 'quota' | 'failed' | null;

/**
 * The editing copy of one module. Every change is written to IndexedDB (with its outbox entry)
 * within SAVE_DEBOUNCE_MS; the words are never only in memory for longer than that, and a
 * failed write keeps them on screen with the reason.
 */
export class ModuleDraft {
	data = $state<Record<string, unknown>>({});
	row = $state.raw<LocalModule | null>(null);
	error = $state<DraftError>(null);
	private timer: ReturnType<typeof setTimeout> | null = null;
	private writing: Promise<void> | null = null;

	constructor(
		private readonly db: ZhichengDB,
		readonly caseId: string,
		readonly module: string,
		private readonly onWritten: () => void = () => {}
	) {}

	get pending(): boolean {
		return this.timer !== null || this.writing !== null;
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
		if (this.timer) clearTimeout(this.timer);
		this.timer = setTimeout(() => void this.flush(), SAVE_DEBOUNCE_MS);
	}

	/** Writes now (暂存, pagehide): resolves once the words are in IndexedDB. */
	async flush(): Promise<void> {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		await this.writing;
		if (this.row && sameJson(this.row.data, $state.snapshot(this.data))) return;
		if (!this.row && Object.keys(this.data).length === 0) return;
		this.writing = saveModule(this.db, this.caseId, this.module, $state.snapshot(this.data))
			.then(() => {
				this.error = null;
				this.onWritten();
			})
			.catch((error: unknown) => {
				this.error = (error as Error)?.name === 'QuotaExceededError' ? 'quota' : 'failed';
			})
			.finally(() => (this.writing = null));
		await this.writing;
	}
}
