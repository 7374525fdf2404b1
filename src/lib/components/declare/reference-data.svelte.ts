import { cachedReference, type ReferenceBundle } from '$lib/offline/reference';
import { useOffline } from '$lib/offline/context';

/**
 * The reference bundle for the public query pages: the one the page load fetched, else (offline)
 * the copy a signed-in applicant's device keeps. Call during component initialisation.
 */
export function usePublicReference(fromLoad: () => ReferenceBundle | null): {
	readonly bundle: ReferenceBundle | null;
	readonly loading: boolean;
} {
	const getOffline = useOffline();
	let cached = $state.raw<ReferenceBundle | null>(null);
	let loading = $state(true);
	$effect(() => {
		const offline = getOffline();
		if (fromLoad() || !offline) {
			loading = false;
			return;
		}
		void cachedReference(offline.db).then((b) => {
			cached = b ?? null;
			loading = false;
		});
	});
	return {
		get bundle() {
			return fromLoad() ?? cached;
		},
		get loading() {
			return loading && !fromLoad();
		}
	};
}
