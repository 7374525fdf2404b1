import { trpc } from '$lib/trpc/client';
import { sameJson } from '$lib/domain/canonical-json';
import type { InitialRule } from '$lib/domain/modules/eligibility';
import type { DeclarantProfile, ReferenceBundle } from '$lib/domain/reference-bundle';
import type { ZhichengDB } from './db';
import { getMeta, setMeta } from './meta';

/**
 * Reference data cached on the device (Dexie `meta`) so the declaration forms work offline:
 * the public `reference.bundle` (refreshed when online and its `version` differs), the
 * applicant's own greyed profile (`me.declarant`) and the 初定 rules (`me.initialRules`).
 */

export type {
	AcceptingDepartmentRow,
	CommitteeRow,
	DeclarantProfile,
	ReferenceBundle,
	RegionRow
} from '$lib/domain/reference-bundle';

export const REFERENCE_META = {
	bundle: 'reference',
	profile: 'declarant',
	initialRules: 'initialRules'
} as const;

export function cachedReference(db: ZhichengDB): Promise<ReferenceBundle | undefined> {
	return getMeta<ReferenceBundle>(db, REFERENCE_META.bundle);
}
export function cachedProfile(db: ZhichengDB): Promise<DeclarantProfile | undefined> {
	return getMeta<DeclarantProfile>(db, REFERENCE_META.profile);
}
export function cachedInitialRules(db: ZhichengDB): Promise<InitialRule[] | undefined> {
	return getMeta<InitialRule[]>(db, REFERENCE_META.initialRules);
}

export interface CachedReference {
	bundle: ReferenceBundle | null;
	profile: DeclarantProfile | null;
	rules: InitialRule[] | null;
}

export const NO_CACHED_REFERENCE: CachedReference = { bundle: null, profile: null, rules: null };

/** The three cached parts, read in one transaction (null where the device holds none). */
export function readCachedReference(db: ZhichengDB): Promise<CachedReference> {
	return db.transaction('r', db.meta, async () => {
		const [bundle, profile, rules] = await Promise.all([
			cachedReference(db),
			cachedProfile(db),
			cachedInitialRules(db)
		]);
		return { bundle: bundle ?? null, profile: profile ?? null, rules: rules ?? null };
	});
}

export type RefreshResult = 'updated' | 'current' | 'failed';

/** Fetches the bundle; stores it only when its `version` differs from the cached one. */
export async function refreshReference(db: ZhichengDB, client = trpc()): Promise<RefreshResult> {
	try {
		const bundle = await client.reference.bundle.query();
		const cached = await cachedReference(db);
		if (cached?.version === bundle.version) return 'current';
		await setMeta(db, REFERENCE_META.bundle, bundle);
		return 'updated';
	} catch {
		return 'failed';
	}
}

/** The signed-in applicant's profile and the 初定 rules (never stored for anyone else). */
export async function refreshApplicantData(db: ZhichengDB, client = trpc()): Promise<boolean> {
	try {
		const [profile, rules] = await Promise.all([
			client.me.declarant.query(),
			client.me.initialRules.query()
		]);
		// Written only when changed, in one transaction: each write wakes every reader of it.
		await db.transaction('rw', db.meta, async () => {
			const [oldProfile, oldRules] = await Promise.all([cachedProfile(db), cachedInitialRules(db)]);
			if (oldProfile === undefined || !sameJson(oldProfile, profile))
				await setMeta(db, REFERENCE_META.profile, profile);
			if (oldRules === undefined || !sameJson(oldRules, rules))
				await setMeta(db, REFERENCE_META.initialRules, rules);
		});
		return true;
	} catch {
		return false;
	}
}

const refreshing = new WeakMap<ZhichengDB, Promise<void>>();

/** Refreshes everything once per page load and database (joins a refresh under way). */
export function refreshAll(db: ZhichengDB): Promise<void> {
	let running = refreshing.get(db);
	if (!running) {
		running = Promise.all([refreshReference(db), refreshApplicantData(db)]).then(
			([bundle, applicant]) => {
				// Offline now: the next editor that opens tries again.
				if (bundle === 'failed' || !applicant) refreshing.delete(db);
			}
		);
		refreshing.set(db, running);
	}
	return running;
}
