import { liveQuery } from 'dexie';

/**
 * Dexie liveQuery → runes: `current` follows the query's result as IndexedDB changes (in this
 * tab or another). Call during component initialisation.
 */
export function live<T>(
	query: () => Promise<T>,
	initial: T,
	/** When it says a new result equals the last, readers keep the old one and do not re-run. */
	same: (a: T, b: T) => boolean = () => false
): { readonly current: T; readonly ready: boolean } {
	let current = $state.raw(initial);
	let ready = $state(false);
	$effect(() => {
		const subscription = liveQuery(query).subscribe({
			next: (value) => {
				if (!ready || !same(current, value)) current = value;
				ready = true;
			},
			error: (error: unknown) => console.error('liveQuery', error)
		});
		return () => subscription.unsubscribe();
	});
	return {
		get current() {
			return current;
		},
		get ready() {
			return ready;
		}
	};
}
