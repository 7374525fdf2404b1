import type { ModuleKey } from '$lib/domain/modules/catalog';
import type { CaseKind, CaseStatus } from '$lib/domain/sync-limits';
import type { SaveState } from '$lib/offline/save-state';
import type { Lock } from './editor-state';

/**
 * What the server renders of the editor before the device store answers (its owner's copy of the
 * case): the head and the module list with their states, nothing that can be edited.
 */
export interface EditorPreview {
	caseId: string;
	kind: CaseKind;
	status: CaseStatus;
	receiptNo: string | null;
	saveState: SaveState;
	lock: Lock;
	entries: { key: ModuleKey; required: boolean; done: boolean }[];
	retained: { key: ModuleKey; required: boolean; done: boolean }[];
}
