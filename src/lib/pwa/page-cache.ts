/** Runtime cache of visited pages (see src/service-worker.ts); emptied at logout. */
export const PAGE_CACHE = 'pages';

export async function clearPageCache(): Promise<void> {
	if (typeof caches !== 'undefined') await caches.delete(PAGE_CACHE);
}
