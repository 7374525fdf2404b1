/**
 * Registry of open, unsaved input. A form registers a check while it is mounted; the update
 * prompt asks before reloading the page into a new version, so nothing typed is lost.
 *
 * ```ts
 * onMount(() => registerUnsaved(() => dirty));
 * ```
 */
const checks = new Set<() => boolean>();

/** Registers `check` (true = unsaved input exists). Returns the function that unregisters it. */
export function registerUnsaved(check: () => boolean): () => void {
	// A fresh wrapper per call, so registering the same function twice needs two unregisters.
	const entry = () => check();
	checks.add(entry);
	return () => {
		checks.delete(entry);
	};
}

/** True when any registered check reports unsaved input. A failing check counts as unsaved. */
export function hasUnsavedInput(): boolean {
	for (const check of checks) {
		try {
			if (check()) return true;
		} catch {
			return true;
		}
	}
	return false;
}
