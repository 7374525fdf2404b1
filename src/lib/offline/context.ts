import { getContext, setContext } from 'svelte';
import type { ZhichengDB } from './db';
import type { SyncEngine } from './sync-engine.svelte';

export interface OfflineContext {
	userId: string;
	db: ZhichengDB;
	engine: SyncEngine;
}

interface OfflineSlot {
	get: () => OfflineContext | null;
	/** Asks the root layout to open the device data: this page shows or edits case data. */
	want: () => void;
}

const KEY = Symbol('offline');

/** Set by the root layout for a signed-in applicant (browser only). */
export function setOffline(get: () => OfflineContext | null, want: () => void): void {
	setContext<OfflineSlot>(KEY, { get, want });
}

/**
 * Call during component initialisation; read the returned getter inside `$derived`. Only pages
 * whose components call this open the device database and its sync engine (see the layout).
 */
export function useOffline(): () => OfflineContext | null {
	const slot = getContext<OfflineSlot | undefined>(KEY);
	if (!slot) return () => null;
	slot.want();
	return slot.get;
}
