import * as z from 'zod/mini';
import {
	MODULE_KEYS,
	MODULES,
	isModuleKey,
	type DeclarationInfo,
	type Education,
	type BasicInfo,
	type Issue,
	type ModuleContext,
	type ModuleKey,
	type ModuleLimits
} from './catalog';
import { checkInitialEligibility, highestEducation, type InitialRule } from './eligibility';
import { HISTORICAL_MODULES, REISSUE_MODULES } from '../certificates';
import type { CaseKind } from '../sync';

/**
 * A module set ("rule pack"): the modules a declaration shows, which are required (*) and their
 * limits, chosen by kind + owner (评委会 for 评审, 报送受理部门 for 初定) + year. Rows of
 * `module_sets` (migrations/0005); the newest version of an owner's year applies.
 */

export const OWNER_TYPES = ['committee', 'accepting_department'] as const;
export type OwnerType = (typeof OWNER_TYPES)[number];
export const SET_KINDS = ['initial', 'review'] as const;
export type SetKind = (typeof SET_KINDS)[number];

export interface ModuleSetEntry {
	key: ModuleKey;
	required: boolean;
	limits?: ModuleLimits;
}

export interface ModuleSet {
	id: string;
	kind: SetKind;
	ownerType: OwnerType;
	ownerId: string;
	year: number;
	version: number;
	modules: ModuleSetEntry[];
}

const limits = z.object({
	minChars: z.optional(z.int().check(z.minimum(0))),
	maxChars: z.optional(z.int().check(z.minimum(1))),
	minRows: z.optional(z.int().check(z.minimum(0))),
	maxRows: z.optional(z.int().check(z.minimum(1)))
});

/**
 * The certificate services have one form each, the same everywhere (manual ch. 4, ch. 5): their
 * modules are fixed here, all required, with no owner, year or 申报期.
 */
export const FIXED_KINDS = ['historical', 'reissue'] as const;
export type FixedKind = (typeof FIXED_KINDS)[number];
export interface FixedModuleSet {
	kind: FixedKind;
	modules: ModuleSetEntry[];
}
const FIXED_SETS: Record<FixedKind, readonly ModuleKey[]> = {
	historical: HISTORICAL_MODULES,
	reissue: REISSUE_MODULES
};

export function isFixedKind(kind: string): kind is FixedKind {
	return (FIXED_KINDS as readonly string[]).includes(kind);
}

/** The fixed module set of a certificate service; null for 初定 and 评审 (chosen by owner). */
export function fixedModuleSet(kind: string): FixedModuleSet | null {
	if (!isFixedKind(kind)) return null;
	return { kind, modules: FIXED_SETS[kind].map((key) => ({ key, required: true })) };
}

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

/** The set's owner, as chosen in 申报基本信息: 评委会 (评审) or 报送受理部门 (初定). */
export function ownerOf(
	kind: string,
	info: DeclarationInfo | null | undefined
): { kind: SetKind; ownerType: OwnerType; ownerId: string; year: number } | null {
	if (!info || typeof info.year !== 'number') return null;
	if (kind === 'review' && info.committeeId)
		return { kind, ownerType: 'committee', ownerId: info.committeeId, year: info.year };
	if (kind === 'initial' && info.acceptingDepartmentId)
		return {
			kind,
			ownerType: 'accepting_department',
			ownerId: info.acceptingDepartmentId,
			year: info.year
		};
	return null;
}

export interface Period {
	startsAt: string | Date;
	endsAt: string | Date;
}

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

/** YYYY-MM-DD of a moment in China Standard Time. */
export function chinaDate(at: Date): string {
	return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function isPeriodOpen(period: Period | null | undefined, at: Date): boolean {
	if (!period) return false;
	const t = at.getTime();
	return new Date(period.startsAt).getTime() <= t && t <= new Date(period.endsAt).getTime();
}

export function isModuleEmpty(key: ModuleKey, data: unknown): boolean {
	return MODULES[key].isEmpty(data);
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
