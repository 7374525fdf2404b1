/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />

/**
 * Service worker: Workbox modules bundled by SvelteKit (stack-notes §3).
 *
 * - Precaches the app shell: Vite output (`build`), `static/` (`files`) and prerendered pages
 *   (among them the `/offline` fallback).
 * - Page navigations are network-first into the 'pages' cache (emptied at logout, see
 *   `$lib/pwa/page-cache`); when neither network nor cache answers, the `/offline` page is shown.
 * - Only pages (HTML) and their layout data (`__data.json`) are ever stored: API answers, file
 *   downloads and PDFs (`/api/`, `/files/`, `/templates/`, `….pdf`, any `Content-Disposition:
 *   attachment`) go to the network and are never kept, so no one's document is served offline
 *   for another URL.
 * - A new version waits until the page asks for it with `{type: 'SKIP_WAITING'}` (the update
 *   prompt does so only when no unsaved input is open), so old pages never run against new chunks.
 */
import { base, build, files, prerendered, version } from '$service-worker';
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';
import type { WorkboxPlugin } from 'workbox-core/types.js';
import { PAGE_CACHE } from '$lib/pwa/page-cache';

const sw = self as unknown as ServiceWorkerGlobalScope;

const OFFLINE_URL = `${base}/offline`;
/** Requests that must always reach the server and never be stored. */
const NEVER_CACHE = [
	new RegExp(`^${base}/api/`),
	new RegExp(`^${base}/files/`),
	new RegExp(`^${base}/templates/`),
	/\.pdf$/i
];

// Only content-hashed Vite output may skip revisioning; anything else is keyed by the build version.
const immutable = `${base}/_app/immutable/`;
precacheAndRoute([
	...build.map((url) => ({ url, revision: url.startsWith(immutable) ? null : version })),
	...files.map((url) => ({ url, revision: version })),
	...prerendered.map((url) => ({ url, revision: version }))
]);
cleanupOutdatedCaches();

/**
 * Keep only complete same-origin pages: no redirects, errors or partial responses, and nothing
 * but HTML for a page (JSON for its `__data.json`): never a PDF or another download.
 */
function isCacheablePage(response: Response, url: URL): boolean {
	if (response.status !== 200 || response.type !== 'basic' || response.redirected) return false;
	return isPageBody(response, url);
}

function isPageBody(response: Response, url: URL): boolean {
	if (/attachment/i.test(response.headers.get('content-disposition') ?? '')) return false;
	const type = (response.headers.get('content-type') ?? '').toLowerCase();
	return isData(url) ? type.startsWith('application/json') : type.startsWith('text/html');
}
/** Visited pages kept for offline use; the least recently stored ones go first. */
const MAX_PAGES = 60;
async function trimPages(): Promise<void> {
	const cache = await caches.open(PAGE_CACHE);
	const keys = await cache.keys(); // in the order the entries were (last) stored
	await Promise.all(keys.slice(0, -MAX_PAGES).map((request) => cache.delete(request)));
}
const onlyOkPages: WorkboxPlugin = {
	cacheWillUpdate: async ({ request, response }) =>
		isCacheablePage(response, new URL(request.url)) ? response : null,
	cacheDidUpdate: trimPages
};

const pages = new NetworkFirst({
	cacheName: PAGE_CACHE,
	networkTimeoutSeconds: 3,
	plugins: [onlyOkPages]
});

registerRoute(
	new NavigationRoute(
		async (options) => {
			try {
				return await pages.handle(options);
			} catch {
				// Offline and never visited: another page of the same client-rendered editor
				// (it renders from this device's data), else the precached fallback page.
				return (
					(await sameShell(options.request)) ??
					(await matchPrecache(OFFLINE_URL)) ??
					Response.error()
				);
			}
		},
		{ denylist: NEVER_CACHE }
	)
);

/**
 * Routes whose pages differ only by an id read from this device's data: the case editor
 * `/cases/<id>` (and its `__data.json`), not what lies below it (`form.pdf`). Its server-rendered
 * HTML is the editor's frame with no case data, and hydration takes the id from the URL, so one
 * case's stored page serves another.
 */
const SHELL_ROUTES = [new RegExp(`^${base}/cases/[^/]+(?:/__data\\.json)?$`)];

function isData(url: URL): boolean {
	return url.pathname.endsWith('/__data.json');
}
const shellRoute = (url: URL) => SHELL_ROUTES.find((route) => route.test(url.pathname));

/**
 * The same route's stored page — or, for a `__data.json` request, its stored layout data — for a
 * URL of a client-rendered route that was never fetched itself (e.g. a draft made offline).
 */
async function sameShell(request: Request): Promise<Response | undefined> {
	const url = new URL(request.url);
	const route = shellRoute(url);
	if (!route) return undefined;
	const cache = await caches.open(PAGE_CACHE);
	for (const key of (await cache.keys()).reverse()) {
		const keyUrl = new URL(key.url);
		if (!route.test(keyUrl.pathname) || isData(keyUrl) !== isData(url)) continue;
		// Only a page (or its data) of the editor: a stored page of another kind never stands in.
		const stored = await cache.match(key);
		if (stored && isPageBody(stored, keyUrl)) return stored;
	}
	return undefined;
}

// Client-rendered routes ask for their layout's server data; keep it for offline opening.
registerRoute(
	({ url, request }) => request.method === 'GET' && isData(url) && !!shellRoute(url),
	async (options) => {
		try {
			return await pages.handle(options);
		} catch {
			return (await sameShell(options.request)) ?? Response.error();
		}
	}
);

/**
 * On activation, bring the page cache in line with this version: cached pages from an older
 * version point at chunks that are no longer precached, so each is fetched again (and dropped if
 * that fails, e.g. after the session ended). Pages open right now are added, so the page on which
 * the app was first installed also opens offline.
 */
async function refreshPages(): Promise<void> {
	const cache = await caches.open(PAGE_CACHE);
	const urls = new Set((await cache.keys()).map((request) => request.url));
	for (const client of await sw.clients.matchAll({ type: 'window', includeUncontrolled: true })) {
		const url = new URL(client.url);
		url.hash = '';
		if (url.origin === location.origin && !NEVER_CACHE.some((re) => re.test(url.pathname))) {
			urls.add(url.href);
		}
	}
	await Promise.all(
		[...urls].map(async (url) => {
			try {
				const response = await fetch(url, {
					credentials: 'same-origin',
					redirect: 'manual',
					headers: { accept: 'text/html' }
				});
				if (isCacheablePage(response, new URL(url))) await cache.put(url, response);
				else await cache.delete(url);
			} catch {
				// Offline while activating: keep what is there.
			}
		})
	);
}

sw.addEventListener('activate', (event) => {
	// Navigations wait for activation, so a slow network must not hold up the reloaded page.
	const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5_000));
	event.waitUntil(Promise.race([refreshPages().catch(() => {}), timeout]));
});

// Background Sync (Chromium): wake the open pages, whose sync engine sends the outbox.
sw.addEventListener('sync', (event) => {
	const e = event as ExtendableEvent & { tag?: string };
	if (e.tag !== 'zhicheng-outbox') return;
	e.waitUntil(
		sw.clients
			.matchAll({ type: 'window' })
			.then((clients) => clients.forEach((c) => c.postMessage({ type: 'SYNC_OUTBOX' })))
	);
});

// Web Push of a case notice (optional): show it, and wake open pages to pull the change.
sw.addEventListener('push', (event) => {
	let message: { title?: string; body?: string; url?: string };
	try {
		message = event.data?.json() ?? {};
	} catch {
		message = { body: event.data?.text() };
	}
	const url = typeof message.url === 'string' && message.url.startsWith('/') ? message.url : '/me';
	event.waitUntil(
		Promise.all([
			sw.registration.showNotification(message.title ?? '职称申报', {
				body: message.body ?? '',
				icon: `${base}/icons/icon-192.png`,
				data: { url }
			}),
			sw.clients
				.matchAll({ type: 'window' })
				.then((clients) => clients.forEach((c) => c.postMessage({ type: 'SYNC_OUTBOX' })))
		])
	);
});

sw.addEventListener('notificationclick', (event) => {
	event.notification.close();
	const url = (event.notification.data as { url?: string } | null)?.url ?? '/me';
	event.waitUntil(
		sw.clients.matchAll({ type: 'window' }).then((clients) => {
			const open = clients.find((c) => new URL(c.url).pathname === url);
			return open ? open.focus() : sw.clients.openWindow(url);
		})
	);
});

sw.addEventListener('message', (event) => {
	if (event.data && event.data.type === 'SKIP_WAITING') void sw.skipWaiting();
});

// Take control of pages opened before the first install; later versions still wait (see above).
clientsClaim();
