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
	const one = liveParts(
		async () => ({ value: await query() }),
		{ value: initial },
		{ value: same }
	);
	return {
		get current() {
			return one.current.value;
		},
		get ready() {
			return one.ready;
		}
	};
}

class Part<T> {
	value = $state.raw() as T;
	constructor(value: T) {
		this.value = value;
	}
}

/** How `liveParts` tells an unchanged part: one test for every part, or one per part. */
export type SameParts<T> =
	((a: unknown, b: unknown) => boolean) | { [K in keyof T]?: (a: T[K], b: T[K]) => boolean };

/**
 * `live` for a query that answers several parts at once (read in one transaction): each part of
 * `current` is its own state, replaced only when `same` says it changed (a part without a test
 * always is), so the readers of one part do not re-run when another changes.
 */
export function liveParts<T extends object>(
	query: () => Promise<T>,
	initial: T,
	same: SameParts<T>
): { readonly current: Readonly<T>; readonly ready: boolean } {
	const keys = Object.keys(initial) as (keyof T)[];
	const parts = keys.map((k) => [k, new Part(initial[k])] as const);
	const test = (k: keyof T) =>
		(typeof same === 'function' ? same : same[k]) as
			((a: unknown, b: unknown) => boolean) | undefined;
	let ready = $state(false);
	$effect(() => {
		const subscription = liveQuery(query).subscribe({
			next: (value) => {
				for (const [k, part] of parts) {
					if (!ready || !test(k)?.(part.value, value[k])) part.value = value[k];
				}
				ready = true;
			},
			error: (error: unknown) => console.error('liveQuery', error)
		});
		return () => subscription.unsubscribe();
	});
	const current = {} as T;
	for (const [k, part] of parts) {
		Object.defineProperty(current, k, { get: () => part.value, enumerable: true });
	}
	return {
		current,
		get ready() {
			return ready;
		}
	};
}
