import { sameJson } from '../canonical-json';
import type { ModuleKey, ModuleLimits } from './catalog';
import type { ModuleSetEntry } from './module-set';

/**
 * One difference between two versions of a module set, as the applicant is told it in the
 * 「申报要求有变化」 notice. A module removed keeps its data on the case (read-only, flagged).
 */
export type RequirementChange =
	| { module: ModuleKey; change: 'added'; required: boolean }
	| { module: ModuleKey; change: 'removed' }
	| { module: ModuleKey; change: 'required' }
	| { module: ModuleKey; change: 'optional' }
	| {
			module: ModuleKey;
			change: 'limits';
			before: ModuleLimits | null;
			after: ModuleLimits | null;
	  };

/**
 * What changed from `before` to `after`: modules added, made required, made optional and whose
 * limits changed in the new set's order, then the modules removed in the old set's order.
 */
export function diffModuleSets(
	before: readonly ModuleSetEntry[],
	after: readonly ModuleSetEntry[]
): RequirementChange[] {
	const was = new Map(before.map((e) => [e.key, e]));
	const now = new Set(after.map((e) => e.key));
	const out: RequirementChange[] = [];
	for (const entry of after) {
		const old = was.get(entry.key);
		if (!old) {
			out.push({ module: entry.key, change: 'added', required: entry.required });
			continue;
		}
		if (entry.required !== old.required)
			out.push({ module: entry.key, change: entry.required ? 'required' : 'optional' });
		const a = entry.limits ?? null;
		const b = old.limits ?? null;
		if (!sameJson(emptyToNull(b), emptyToNull(a)))
			out.push({ module: entry.key, change: 'limits', before: b, after: a });
	}
	for (const entry of before)
		if (!now.has(entry.key)) out.push({ module: entry.key, change: 'removed' });
	return out;
}

function emptyToNull(limits: ModuleLimits | null): ModuleLimits | null {
	if (!limits) return null;
	const set = Object.entries(limits).filter(([, v]) => v !== undefined && v !== null);
	return set.length ? (Object.fromEntries(set) as ModuleLimits) : null;
}
