import { liveQuery } from 'dexie';
import type { LocalAttachment, ZhichengDB } from '$lib/offline/db';
import { byId } from '../fields/shown-file';

/**
 * The device's row of the file a slot holds, following IndexedDB. `loaded` is false while the
 * row of the current id is being read (so a file kept here is never first asked of the server).
 * Call during component initialisation.
 */
export function storedFile(
	getDb: () => ZhichengDB,
	getId: () => string | null | undefined
): { readonly row: LocalAttachment | undefined; readonly loaded: boolean } {
	// Through a derived value: a parent re-deriving its list (as it does on every write of the
	// case) must not restart the query, which would read the row again for every slot.
	const id = $derived(getId() || null);
	let result = $state.raw<{ id: string | null; row: LocalAttachment | undefined } | null>(null);
	$effect(() => {
		const current = id;
		const db = getDb();
		const subscription = liveQuery(async () => ({
			id: current,
			row: current ? await db.attachments.get(current) : undefined
		})).subscribe({
			next: (value) => (result = value),
			error: (error: unknown) => console.error('liveQuery', error)
		});
		return () => subscription.unsubscribe();
	});
	return {
		get row() {
			return result?.id === id ? result.row : undefined;
		},
		get loaded() {
			return result?.id === id;
		}
	};
}

/** The device's rows of a module's files in a case, by id, following IndexedDB. */
export function storedFiles(
	getDb: () => ZhichengDB,
	getCaseId: () => string,
	getModule: () => string
): { readonly byId: ReadonlyMap<string, LocalAttachment> } {
	let rows = $state.raw<LocalAttachment[]>([]);
	const files = $derived(byId(rows));
	$effect(() => {
		const [db, caseId, module] = [getDb(), getCaseId(), getModule()];
		const subscription = liveQuery(() =>
			db.attachments
				.where('caseId')
				.equals(caseId)
				.filter((a) => a.module === module)
				.toArray()
		).subscribe({
			next: (value) => (rows = value),
			error: (error: unknown) => console.error('liveQuery', error)
		});
		return () => subscription.unsubscribe();
	});
	return {
		get byId() {
			return files;
		}
	};
}
