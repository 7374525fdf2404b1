import { getContext, setContext } from 'svelte';
import type { ZhichengDB } from './db';
import type { SyncEngine } from './sync-engine.svelte';

export interface OfflineContext {
	userId: string;
	db: ZhichengDB;
	engine: SyncEngine;
}

const KEY = Symbol('offline');

/** Set by the root layout for a signed-in applicant (browser only). */
export function setOffline(value: () => OfflineContext | null): void {
	setContext(KEY, value);
}

/** Call during component initialisation; read the returned getter inside `$derived`. */
export function useOffline(): () => OfflineContext | null {
	return getContext<(() => OfflineContext | null) | undefined>(KEY) ?? (() => null);
}
