/**
 * Registers `/service-worker.js` with workbox-window (kit.serviceWorker.register is false) and
 * exposes what the update prompt needs. Browser only; call it from `onMount`.
 * workbox-window is imported dynamically so the first page load stays small.
 */
import { dev } from '$app/environment';
import type { Workbox } from 'workbox-window';

/** Deployments are looked for at most this often (visibility changes, navigations). */
export const UPDATE_CHECK_INTERVAL_MS = 60_000;

export interface ServiceWorkerHandle {
	/** Asks the registration for a new version unless one was asked for within the interval. */
	checkForUpdate(force?: boolean): void;
	/**
	 * Activates the waiting version and reloads once it controls the page. When a new version
	 * already controls the page (activated from another tab), just reloads.
	 */
	applyUpdate(): void;
}

export interface RegisterOptions {
	/** A new version is installed and waits for the person's consent. */
	onUpdateReady(): void;
}

export async function registerServiceWorker(
	options: RegisterOptions
): Promise<ServiceWorkerHandle | null> {
	if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return null;

	const { Workbox } = await import('workbox-window');
	const wb: Workbox = new Workbox('/service-worker.js', { type: dev ? 'module' : 'classic' });
	let reloadRequested = false;
	let lastCheck = Date.now();

	wb.addEventListener('waiting', () => options.onUpdateReady());
	let controlled = navigator.serviceWorker.controller !== null;
	wb.addEventListener('controlling', () => {
		if (reloadRequested) location.reload();
		// Another tab activated a new version: this page still runs the old code, so offer a reload.
		// (The first install taking control of an uncontrolled page is not an update.)
		else if (controlled) options.onUpdateReady();
		controlled = true;
	});

	const registration = await wb.register().catch((error: unknown) => {
		console.warn('service worker registration failed', error);
		return undefined;
	});
	if (!registration) return null;

	return {
		checkForUpdate(force = false) {
			const now = Date.now();
			if (!force && now - lastCheck < UPDATE_CHECK_INTERVAL_MS) return;
			lastCheck = now;
			// Offline or a server error: try again at the next opportunity.
			registration.update().catch(() => {});
		},
		applyUpdate() {
			reloadRequested = true;
			if (registration.waiting) wb.messageSkipWaiting();
			else location.reload();
		}
	};
}
