import { getContext, setContext } from 'svelte';
import type { PinnedNote } from '$lib/domain/review';

/**
 * The open 退回 notes of the case on screen, for any component to show beside what they point at:
 * the applicant's editor sets it from the device store, the reviewer's case view from the server.
 * A component asks for its own place; with no provider it gets nothing.
 */
export interface NotesLookup {
	/** Notes pinned to exactly this place (a field of a row when rowId is given). */
	at(place: {
		module: string;
		field?: string;
		rowId?: string;
		attachmentId?: string;
	}): PinnedNote[];
	/** Every note of a module (for its heading's count). */
	ofModule(module: string): PinnedNote[];
}

const KEY = Symbol('return-notes');

const NONE: NotesLookup = { at: () => [], ofModule: () => [] };

export function provideNotes(getNotes: () => readonly PinnedNote[]): void {
	setContext<NotesLookup>(KEY, {
		at: (p) =>
			getNotes().filter(
				(n) =>
					n.module === p.module &&
					(n.field ?? undefined) === p.field &&
					(n.rowId ?? undefined) === p.rowId &&
					(n.attachmentId ?? undefined) === p.attachmentId
			),
		ofModule: (module) => getNotes().filter((n) => n.module === module)
	});
}

export function useNotes(): NotesLookup {
	return getContext<NotesLookup | undefined>(KEY) ?? NONE;
}
