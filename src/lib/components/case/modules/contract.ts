import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '$lib/trpc/client';
import type { ModuleSet } from '$lib/domain/modules/module-set';
import type { ModuleKey } from '$lib/domain/modules/catalog';
import type { OfflineContext } from '$lib/offline/context';
import type { ModuleDraft } from '$lib/offline/module-draft.svelte';
import type { CaseSummary } from '$lib/offline/save-state';

/** Everything the forms need offline (cached on the device by $lib/offline/reference). */
export type ReferenceBundle = inferRouterOutputs<AppRouter>['reference']['bundle'];

/** The props every module editor (one per module key) receives from the case editor. */
export interface ModuleEditorProps {
	offline: OfflineContext;
	kase: CaseSummary;
	module: ModuleKey;
	/** The editing copy: `draft.data`, `draft.set(field, value)` (written to IndexedDB at once). */
	draft: ModuleDraft;
	readonly: boolean;
	reference: ReferenceBundle | null;
	moduleSet: Pick<ModuleSet, 'modules'> | null;
	/** 保存: flushes this module to IndexedDB and asks the sync engine to send it now. */
	onSave: () => Promise<void>;
}
