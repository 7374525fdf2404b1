import { backoffMs, flushOutbox, MAX_BACKOFF_MS } from './outbox';
import { pullChanges } from './pull';
import type { ZhichengDB } from './db';
import { currentMark } from './device-hint';
import { getMeta, META, nowIso, setMeta } from './meta';
import { serverReachable, trpcTransport } from './trpc-transport';
import { foldJournal } from './journal';
import { sendNoticeReads, type ReadNoticesCall } from './review-notes';
import type { SyncTransport } from './transport';
import { markSyncedIfNothingUnsent } from './unsent';

export type EngineStatus = 'idle' | 'syncing' | 'offline' | 'auth-required' | 'error';

/** Runs before the outbox on each pass: the attachment uploads (set by the uploads module). */
export type UploadRunner = (db: ZhichengDB) => Promise<void>;

/**
 * Moves this device's outbox to the server and pulls what changed. One runner across tabs
 * (Web Locks); triggered at start, when the connection returns, when the tab becomes visible,
 * after local writes, on a timer with backoff (≤ 5 min) and by Background Sync.
 */
export class SyncEngine {
	status = $state<EngineStatus>('idle');
	lastSyncAt = $state<string | null>(null);
	lastError = $state<string | null>(null);
	private failures = 0;
	private timer: ReturnType<typeof setTimeout> | null = null;
	private running: Promise<void> | null = null;
	private queued: Promise<void> | null = null;
	uploadRunner: UploadRunner | null = null;

	constructor(
		readonly db: ZhichengDB,
		private readonly lockName: string,
		private readonly transport: SyncTransport = trpcTransport()
	) {}

	/** Attaches the triggers; returns a function that detaches them. */
	start(): () => void {
		void getMeta<string>(this.db, META.lastSyncAt).then((at) => (this.lastSyncAt = at ?? null));
		const onOnline = () => this.request();
		const onVisible = () => document.visibilityState === 'visible' && this.request();
		const onMessage = (e: MessageEvent) => e.data?.type === 'SYNC_OUTBOX' && this.request();
		addEventListener('online', onOnline);
		document.addEventListener('visibilitychange', onVisible);
		navigator.serviceWorker?.addEventListener('message', onMessage);
		this.request();
		return () => {
			removeEventListener('online', onOnline);
			document.removeEventListener('visibilitychange', onVisible);
			navigator.serviceWorker?.removeEventListener('message', onMessage);
			if (this.timer) clearTimeout(this.timer);
		};
	}

	/** Asks for a pass after `delayMs` (debounced: the latest request wins). */
	request(delayMs = 0): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = setTimeout(() => void this.runPass(), delayMs);
	}

	/**
	 * A pass that starts after this call, so it sends what was just written (暂存, 立即同步): one
	 * under way may have read the outbox already, so it is waited for first.
	 */
	runNow(): Promise<void> {
		this.queued ??= (this.running ?? Promise.resolve())
			.catch(() => {})
			.then(() => {
				this.queued = null;
				return this.runPass();
			});
		return this.queued;
	}

	/**
	 * The pass under way (or queued) has ended, or `capMs` passed: for a page that must not act on
	 * a store its first pull may still be filling. Resolves at once when no pass is under way.
	 */
	settled(capMs = 10_000): Promise<void> {
		const pass = this.queued ?? this.running;
		if (!pass) return Promise.resolve();
		return Promise.race([
			pass.catch(() => {}),
			new Promise<void>((done) => setTimeout(done, capMs))
		]);
	}

	private runPass(): Promise<void> {
		this.running ??= this.locked().finally(() => (this.running = null));
		return this.running;
	}

	private async locked(): Promise<void> {
		if (!('locks' in navigator)) return this.pass();
		await navigator.locks.request(this.lockName, { ifAvailable: true }, async (lock) => {
			// Another tab holds it and is syncing the same database: look again a bit later.
			if (lock) await this.pass();
			else this.request(5000);
		});
	}

	private async pass(): Promise<void> {
		const mark = currentMark(this.db.name);
		// Words journaled by a tab that closed before folding them (a crash, a killed app).
		// A fold that fails (storage full) leaves the journal as it is: the editor shows why.
		await foldJournal(this.db).catch(() => 0);
		if (!(await serverReachable())) return this.failed('offline', null);
		this.status = 'syncing';
		// Text edits must not wait behind a slow or failing upload: the upload is retried later.
		const uploads = this.uploadRunner?.(this.db).then(
			() => true,
			() => false
		);
		try {
			const flushed = await flushOutbox(this.db, this.transport);
			if (flushed.failure === 'auth') return this.failed('auth-required', null);
			if (flushed.failure)
				return this.failed(flushed.failure === 'network' ? 'offline' : 'error', null);
			if (this.transport.readNotices) await this.sendReads(this.transport.readNotices);
			await pullChanges(this.db, this.transport);
			if (uploads && !(await uploads)) return this.failed('offline', null);
			// Files of drafts the flush above just sent: the server took none before it had the case.
			const later = this.uploadRunner?.(this.db).then(
				() => true,
				() => false
			);
			if (later && !(await later)) return this.failed('offline', null);
			// Attach and submit items that were waiting for those uploads go now.
			if (uploads && (await flushOutbox(this.db, this.transport)).failure) {
				return this.failed('offline', null);
			}
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			return this.failed('error', message);
		}
		this.failures = 0;
		this.lastError = null;
		this.lastSyncAt = nowIso();
		await setMeta(this.db, META.lastSyncAt, this.lastSyncAt);
		// Pages that show no case data open this engine again only if a write marks the device.
		await markSyncedIfNothingUnsent(this.db, mark).catch(() => {});
		this.status = 'idle';
		await this.scheduleNext();
	}

	/** Read marks that cannot go now wait on the device for the next pass; nothing else waits on them. */
	private async sendReads(send: ReadNoticesCall): Promise<void> {
		try {
			await sendNoticeReads(this.db, send);
		} catch {
			// Kept (readUnsent) and sent again on the next pass.
		}
	}

	private async failed(status: EngineStatus, message: string | null): Promise<void> {
		this.status = status;
		this.lastError = message;
		if (status === 'auth-required') return; // resumes after the person logs in again
		this.failures++;
		this.request(backoffMs(this.failures));
		await this.registerBackgroundSync();
	}

	/** Items waiting on backoff get their own timer; otherwise a periodic pull. */
	private async scheduleNext(): Promise<void> {
		const waiting = await this.db.outbox.filter((i) => i.state === 'pending').toArray();
		const next = Math.min(...waiting.map((i) => i.nextAttemptAt), Date.now() + MAX_BACKOFF_MS);
		this.request(Math.max(1000, next - Date.now()));
		if (waiting.length > 0) await this.registerBackgroundSync();
	}

	private async registerBackgroundSync(): Promise<void> {
		try {
			const reg = (await navigator.serviceWorker?.getRegistration()) as
				| (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } })
				| undefined;
			await reg?.sync?.register('zhicheng-outbox');
		} catch {
			// Not available (Safari, Firefox) or not permitted: the timers above still run.
		}
	}
}
