import { liveQuery } from 'dexie';

/**
 * Dexie liveQuery → runes: `current` follows the query's result as IndexedDB changes (in this
 * tab or another). Call during component initialisation.
 */
export function live<T>(
	query: () => Promise<T>,
	initial: T
): { readonly current: T; readonly ready: boolean } {
	let current = $state.raw(initial);
	let ready = $state(false);
	$effect(() => {
		const subscription = liveQuery(query).subscribe({
			next: (value) => {
				current = value;
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
