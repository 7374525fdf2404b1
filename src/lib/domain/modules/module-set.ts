import * as z from 'zod/mini';
import {
	MODULE_KEYS,
	MODULES,
	isModuleKey,
	type DeclarationInfo,
	type Education,
	type BasicInfo,
	type Issue,
	type ModuleContext
} from './catalog';
import { checkInitialEligibility, highestEducation, type InitialRule } from './eligibility';
import {
	OWNER_TYPES,
	SET_KINDS,
	chinaDate,
	isModuleEmpty,
	isPeriodOpen,
	type ModuleSetEntry,
	type Period
} from './module-set-core';
import type { CaseKind } from '../sync';

/**
 * Module sets with zod: the schema a device accepts a cached set by, and `validateCase`, what
 * 提交 checks (browser and server). The sets themselves are in module-set-core.ts, exported here
 * too.
 */

export * from './module-set-core';

const limits = z.object({
	minChars: z.optional(z.int().check(z.minimum(0))),
	maxChars: z.optional(z.int().check(z.minimum(1))),
	minRows: z.optional(z.int().check(z.minimum(0))),
	maxRows: z.optional(z.int().check(z.minimum(1)))
});

/** What a device accepts as a cached module set (from `reference.bundle` / `reference.moduleSet`). */
export const moduleSetSchema = z.object({
	id: z.string(),
	kind: z.enum(SET_KINDS),
	ownerType: z.enum(OWNER_TYPES),
	ownerId: z.string(),
	year: z.int(),
	version: z.int(),
	modules: z.array(
		z.object({ key: z.enum(MODULE_KEYS), required: z.boolean(), limits: z.optional(limits) })
	)
});

export interface CaseContext {
	/** Ids of files attached to the case (server: `attachments` rows with status 'attached'). */
	attachments: ReadonlySet<string>;
	today: Date;
	/**
	 * The owner's 申报期 open at `today`, null when none is (提交 refused), undefined when unknown
	 * (an offline check in the browser: the server decides).
	 */
	period?: Period | null;
	registryCertNos?: ReadonlySet<string>;
	leafRegions?: ReadonlySet<string>;
	/** `initial_rules` rows: with them, 初定 eligibility blocks become issues. */
	initialRules?: readonly InitialRule[];
	declarationPoints?: ModuleContext['declarationPoints'];
	pdfAttachments?: ReadonlySet<string>;
	imageAttachments?: ReadonlySet<string>;
}

/**
 * Every problem that keeps this case from 提交, in module order: required modules missing or
 * empty, each filled module's own rules (with the set's limits), the 申报期, and for 初定 the
 * eligibility blocks. Data of modules not in the set is ignored (kept, never deleted).
 */
export function validateCase(
	set: { kind: CaseKind; modules: readonly ModuleSetEntry[] },
	modulesData: Readonly<Record<string, unknown>>,
	ctx: CaseContext
): Issue[] {
	const today = chinaDate(ctx.today);
	const issues: Issue[] = [];
	for (const entry of set.modules) {
		if (!isModuleKey(entry.key)) continue;
		const data = modulesData[entry.key];
		if (isModuleEmpty(entry.key, data)) {
			if (entry.required)
				issues.push({ module: entry.key, code: 'module_required', params: { module: entry.key } });
			continue;
		}
		issues.push(
			...MODULES[entry.key].validateForSubmit(data, {
				kind: set.kind,
				required: entry.required,
				...(entry.limits ? { limits: entry.limits } : {}),
				attachments: ctx.attachments,
				today,
				...(ctx.registryCertNos ? { registryCertNos: ctx.registryCertNos } : {}),
				...(ctx.leafRegions ? { leafRegions: ctx.leafRegions } : {}),
				...(ctx.declarationPoints ? { declarationPoints: ctx.declarationPoints } : {}),
				...(ctx.pdfAttachments ? { pdfAttachments: ctx.pdfAttachments } : {}),
				...(ctx.imageAttachments ? { imageAttachments: ctx.imageAttachments } : {})
			})
		);
	}
	if (ctx.period !== undefined && !isPeriodOpen(ctx.period, ctx.today))
		issues.push({ module: 'declaration_info', code: 'period_closed' });
	if (set.kind === 'initial' && ctx.initialRules) {
		const basic = (modulesData.basic_info ?? {}) as BasicInfo;
		const info = (modulesData.declaration_info ?? {}) as DeclarationInfo;
		const top = highestEducation((modulesData.education as Education | undefined)?.records ?? []);
		if (top && info.level) {
			const verdict = checkInitialEligibility(
				{
					education: top.education ?? null,
					studyMode: top.studyMode ?? null,
					graduatedOn: top.graduatedOn ?? null,
					firstWorkedOn: basic.firstWorkedOn ?? null,
					targetLevel: info.level,
					regionCode: basic.regionCode ?? null,
					today
				},
				ctx.initialRules
			);
			for (const b of verdict.blocks)
				issues.push({
					module: 'declaration_info',
					field: 'level',
					code: b.code,
					...(b.params ? { params: b.params } : {})
				});
		}
	}
	return issues;
}
