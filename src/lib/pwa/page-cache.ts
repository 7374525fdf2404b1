/** Runtime cache of visited pages (see src/service-worker.ts); emptied at logout. */
export const PAGE_CACHE = 'pages';

export async function clearPageCache(): Promise<void> {
	if (typeof caches !== 'undefined') await caches.delete(PAGE_CACHE);
}

/**
 * Stores one page of a client-rendered route (and its layout data, `__data.json`) while online,
 * so any page of that route opens offline even when it was only reached by in-app navigation
 * (the worker serves the stored one for it).
 */
export async function warmPageShell(path: string, extras: string[] = []): Promise<void> {
	if (typeof caches === 'undefined' || !navigator.onLine) return;
	try {
		const cache = await caches.open(PAGE_CACHE);
		for (const url of [path, ...extras.map((e) => `${path}/${e}`)]) {
			if (!(await cache.match(url))) await cache.add(url);
		}
	} catch {
		// Offline after all, or storage refused: the page still works online.
	}
}
