import { untrack } from 'svelte';
import { getLocale } from '$lib/paraglide/runtime.js';
import { inLanguage } from '$lib/domain/reference-bundle';
import type { InitialRule } from '$lib/domain/modules/eligibility';
import type { ZhichengDB } from './db';
import { sameJson } from '$lib/domain/canonical-json';
import { live, liveParts } from './live.svelte';
import {
	NO_CACHED_REFERENCE,
	readCachedReference,
	refreshAll,
	refreshReference,
	type DeclarantProfile,
	type ReferenceBundle
} from './reference';

export interface ReferenceState {
	/** The cached bundle in the reader's language (null until the device has fetched it once). */
	readonly bundle: ReferenceBundle | null;
	readonly profile: DeclarantProfile | null;
	readonly initialRules: InitialRule[] | null;
	/** The cache has been read, and if it held nothing, this page's first refresh has ended. */
	readonly ready: boolean;
}

/**
 * The device's reference cache as runes: follows IndexedDB (another tab's refresh shows too)
 * and refreshes from the server once per page load. Call during component initialisation.
 */
export function useReference(db: ZhichengDB): ReferenceState {
	// The three cached parts in one transaction; a bundle is the same while its version is.
	const cached = liveParts(() => readCachedReference(db), NO_CACHED_REFERENCE, {
		bundle: (a, b) => a?.version === b?.version,
		profile: sameJson,
		rules: sameJson
	});
	// A device that never fetched the bundle is not told 「没有参考数据」 while it is on its way.
	let refreshing = $state(true);
	$effect(() => {
		untrack(() => void refreshAll(db).finally(() => (refreshing = false)));
	});
	// A pull that brought a 「申报要求有变化」 notice: the cached module sets are out of date, and
	// the editor must show (and check 提交 against) the new version offline afterwards.
	const changed = live(
		() => db.notices.filter((n) => n.kind === 'requirements_changed').count(),
		null as number | null
	);
	let seen: number | null = null;
	$effect(() => {
		const count = changed.current;
		if (count === null) return;
		if (seen !== null && count > seen) void refreshReference(db);
		seen = count;
	});
	return {
		get bundle() {
			return inLanguage(cached.current.bundle, getLocale());
		},
		get profile() {
			return cached.current.profile;
		},
		get initialRules() {
			return cached.current.rules;
		},
		get ready() {
			return cached.ready && (!refreshing || !!cached.current.bundle);
		}
	};
}
