import { Readable } from 'node:stream';
import { DataStore, Upload } from '@tus/utils';
import { VerifyingStore } from './verifying-store';

export type StorageState = { writable: true } | { writable: false; reason: string };

/** How long one probe's answer is reused: readiness is asked every few seconds per process. */
const CACHE_MS = 30_000;
let cached: { at: number; store: DataStore; state: Promise<StorageState> } | null = null;

/**
 * Whether uploads can be stored: a one-byte upload is created, written (finished) and removed
 * through the same store API the uploads use (a file in FILES_DIR, or an S3 multipart upload
 * completed and deleted). Answers within `timeoutMs`, and a success reused for 30 s.
 */
export function storageReadiness(
	store: DataStore,
	timeoutMs = 5000,
	now = Date.now()
): Promise<StorageState> {
	const inner = store instanceof VerifyingStore ? store.inner : store;
	if (cached && cached.store === inner && now - cached.at < CACHE_MS) return cached.state;
	const state = probe(inner, timeoutMs);
	cached = { at: now, store: inner, state };
	// Only a success is reused: a store that failed is asked again at the next probe.
	void state.then((s) => {
		if (!s.writable && cached?.state === state) cached = null;
	});
	return state;
}

async function probe(store: DataStore, timeoutMs: number): Promise<StorageState> {
	const id = `ready-probe-${process.pid}-${Date.now().toString(36)}`;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
	});
	const roundTrip = async () => {
		await store.create(new Upload({ id, size: 1, offset: 0, metadata: {} }));
		const written = await store.write(Readable.from([Buffer.from('.')]), id, 0);
		if (written !== 1) throw new Error(`wrote ${written} bytes of 1`);
		await store.remove(id);
	};
	try {
		await Promise.race([roundTrip(), timeout]);
		return { writable: true };
	} catch (error) {
		void store.remove(id).catch(() => {});
		const code = (error as { code?: unknown }).code;
		const reason =
			typeof code === 'string' ? code : error instanceof Error ? error.message : 'error';
		return { writable: false, reason };
	} finally {
		clearTimeout(timer);
	}
}
