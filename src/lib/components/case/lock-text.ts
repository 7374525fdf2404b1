import { m } from '$lib/paraglide/messages.js';
import type { Lock } from './editor-state';

/** Why the module list is not open yet, in words (the editor and its server-drawn frame). */
export function lockText(lock: Lock, kind: string): string | null {
	switch (lock) {
		case 'stash':
			return m.ed_lock_stash();
		case 'owner':
			return kind === 'initial' ? m.ed_lock_owner_initial() : m.ed_lock_owner_review();
		case 'no-reference':
			return m.ed_reference_missing();
		case 'no-set':
			return m.err_module_set_missing();
		default:
			return null;
	}
}
