import type { ZhichengDB } from './db';
import { getMeta, setMeta } from './meta';

const ASKED = 'persistAsked';
let askedThisPage = false;

/** After the first save: ask the browser not to evict this origin's data (once per device). */
export async function askPersistence(db: ZhichengDB): Promise<void> {
	if (askedThisPage) return;
	askedThisPage = true;
	if (!navigator.storage?.persist || (await getMeta<boolean>(db, ASKED))) return;
	await setMeta(db, ASKED, true);
	await navigator.storage.persist();
}

export interface StorageInfo {
	persisted: boolean;
	usage: number | null;
	quota: number | null;
}

export async function storageInfo(): Promise<StorageInfo> {
	const persisted = (await navigator.storage?.persisted?.()) ?? false;
	const estimate = await navigator.storage?.estimate?.();
	return { persisted, usage: estimate?.usage ?? null, quota: estimate?.quota ?? null };
}

export function formatBytes(n: number | null): string {
	if (n === null) return '—';
	if (n < 1024 * 1024) return `${Math.ceil(n / 1024)} KB`;
	if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
	return `${(n / 1024 ** 3).toFixed(1)} GB`;
}
