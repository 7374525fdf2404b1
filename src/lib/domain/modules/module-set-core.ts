import {
	MODULE_RULES,
	type DeclarationInfo,
	type ModuleKey,
	type ModuleLimits
} from './catalog-core';
import { HISTORICAL_MODULES, REISSUE_MODULES } from '../certificates';

/**
 * A module set ("rule pack"): the modules a declaration shows, which are required (*) and their
 * limits, chosen by kind + owner (评委会 for 评审, 报送受理部门 for 初定) + year. Rows of
 * `module_sets` (migrations/0005); the newest version of an owner's year applies. This part has
 * no zod (the editor's first screen reads it); module-set.ts adds the schema and `validateCase`.
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
	return MODULE_RULES[key].isEmpty(data);
}
