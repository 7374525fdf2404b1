import { getLocale } from '$lib/paraglide/runtime.js';
import { inLanguage } from '$lib/domain/reference-bundle';
import { cachedReference, type ReferenceBundle } from '$lib/offline/reference';
import { useOffline } from '$lib/offline/context';

/**
 * The reference bundle for the public query pages, in the reader's language: the one the page
 * load fetched, else (offline) the copy a signed-in applicant's device keeps. Call during
 * component initialisation.
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
			return inLanguage(fromLoad() ?? cached, getLocale());
		},
		get loading() {
			return loading && !fromLoad();
		}
	};
}
