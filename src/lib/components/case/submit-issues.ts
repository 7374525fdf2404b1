import {
	MODULES,
	type DeclarationInfo,
	type Issue,
	type ModuleKey
} from '$lib/domain/modules/catalog';
import {
	chinaDate,
	fixedModuleSet,
	isModuleEmpty,
	ownerOf,
	validateCase
} from '$lib/domain/modules/module-set';
import { leafRegionCodes, moduleSetFor, ownerPeriod } from '$lib/domain/reference-bundle';
import { caseKind, FIRST_MODULES, type CheckContext } from './editor-state';

/*
 * What 提交 checks on the device, with the modules' zod schemas (as the server checks): loaded
 * with the first 提交, so the editor's first screen downloads no zod (its done marks come from
 * editor-state.ts).
 */

function moduleSubmitIssues(
	kind: string,
	key: ModuleKey,
	data: unknown,
	ctx: CheckContext
): Issue[] {
	return MODULES[key].validateForSubmit(data ?? {}, {
		kind: caseKind(kind),
		required: true,
		attachments: ctx.attachments,
		today: chinaDate(ctx.now ?? new Date()),
		...(ctx.bundle
			? {
					leafRegions: leafRegionCodes(ctx.bundle.regions),
					declarationPoints: ctx.bundle.declarationPoints
				}
			: {})
	});
}

/**
 * Everything that keeps the case from 提交, as the server will see it: without a module set,
 * what 申报基本信息 lacks; with one, `validateCase` with the owner's 申报期 from the cache.
 */
export function submitIssues(
	kind: string,
	data: Readonly<Record<string, Record<string, unknown>>>,
	ctx: CheckContext
): Issue[] {
	const now = ctx.now ?? new Date();
	const fixed = fixedModuleSet(kind);
	if (fixed)
		return validateCase(fixed, data, {
			attachments: ctx.attachments,
			today: now,
			...(ctx.bundle
				? {
						leafRegions: leafRegionCodes(ctx.bundle.regions),
						declarationPoints: ctx.bundle.declarationPoints
					}
				: {})
		});
	const info = data.declaration_info as DeclarationInfo | undefined;
	const owner = ownerOf(kind, info);
	const set = moduleSetFor(ctx.bundle, kind, info);
	if (!owner || !set) {
		const out: Issue[] = [];
		for (const key of FIRST_MODULES) {
			if (isModuleEmpty(key, data[key]))
				out.push({ module: key, code: 'module_required', params: { module: key } });
			else out.push(...moduleSubmitIssues(kind, key, data[key], ctx));
		}
		if (owner && ctx.bundle && !set)
			out.push({ module: 'declaration_info', code: 'module_set_missing' });
		return out;
	}
	const period = ownerPeriod(ctx.bundle, owner.ownerType, owner.ownerId, now);
	return validateCase(set, data, {
		attachments: ctx.attachments,
		today: now,
		...(period !== undefined ? { period } : {}),
		...(ctx.bundle ? { leafRegions: leafRegionCodes(ctx.bundle.regions) } : {}),
		...(kind === 'initial' && ctx.initialRules ? { initialRules: ctx.initialRules } : {})
	});
}
