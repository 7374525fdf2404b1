import {
	MODULE_KEYS,
	isModuleKey,
	moduleProblems,
	type DeclarationInfo,
	type Issue,
	type ModuleKey
} from '$lib/domain/modules/catalog-core';
import type { InitialRule } from '$lib/domain/modules/eligibility';
import {
	chinaDate,
	fixedModuleSet,
	isModuleEmpty,
	ownerOf,
	type FixedModuleSet,
	type ModuleSet
} from '$lib/domain/modules/module-set-core';
import type { CaseKind } from '$lib/domain/sync';
import type { LocalModule } from '$lib/offline/db';
import { leafRegionCodes, moduleSetFor, type ReferenceBundle } from '$lib/domain/reference-bundle';

/** One line of the module list (the manual's left-hand column). */
export interface ModuleListEntry {
	key: ModuleKey;
	title: string;
	required: boolean;
	/** A filled module in which 提交 finds nothing. */
	done: boolean;
	/** Why it cannot be opened yet, if it cannot. */
	locked: string | null;
}

export type Lock = 'stash' | 'owner' | 'no-set' | 'no-reference' | null;

/** Modules one fills before the module list appears (manual ch. 2 §4). */
export const FIRST_MODULES: readonly ModuleKey[] = ['basic_info', 'declaration_info'];

export interface EditorView {
	set: ModuleSet | FixedModuleSet | null;
	lock: Lock;
	/** The set's modules (or, while locked, the first ones). */
	entries: { key: ModuleKey; required: boolean }[];
	/** Filled modules the set does not ask for: kept, flagged. */
	retained: ModuleKey[];
}

/** A module row the server has applied and that holds no edit since. */
export function savedOnServer(row: Pick<LocalModule, 'dirty' | 'baseRevision'> | null): boolean {
	return !!row && !row.dirty && row.baseRevision > 0;
}

/**
 * What the editor shows: the module set chosen by 申报基本信息 (from the device's cache), and
 * whether the list is open — only once 申报基本信息 is `saved` with 暂存 (the caller decides
 * what counts: see CaseEditor).
 */
export function editorView(
	kind: string,
	data: Readonly<Record<string, Record<string, unknown>>>,
	saved: boolean,
	bundle: ReferenceBundle | null
): EditorView {
	const fixed = fixedModuleSet(kind);
	if (fixed) {
		const inFixed = new Set(fixed.modules.map((e) => e.key));
		const retained = MODULE_KEYS.filter((k) => !inFixed.has(k) && !isModuleEmpty(k, data[k]));
		return { set: fixed, lock: null, entries: fixed.modules, retained };
	}
	const info = data.declaration_info as DeclarationInfo | undefined;
	const owner = ownerOf(kind, info);
	const set = moduleSetFor(bundle, kind, info);
	let lock: Lock = null;
	if (!saved) lock = 'stash';
	else if (!owner) lock = 'owner';
	else if (!bundle) lock = 'no-reference';
	else if (!set) lock = 'no-set';
	const entries = set
		? set.modules.filter((e) => isModuleKey(e.key))
		: FIRST_MODULES.map((key) => ({ key, required: true }));
	const inSet = new Set(entries.map((e) => e.key));
	const retained = MODULE_KEYS.filter((k) => !inSet.has(k) && !isModuleEmpty(k, data[k]));
	return { set: lock ? null : set, lock, entries: lock ? entries.slice(0, 2) : entries, retained };
}

export function caseKind(kind: string): CaseKind {
	return kind === 'initial' || kind === 'historical' || kind === 'reissue' ? kind : 'review';
}

export interface CheckContext {
	attachments: ReadonlySet<string>;
	bundle: ReferenceBundle | null;
	initialRules: readonly InitialRule[] | null;
	now?: Date;
}

/**
 * A module's own problems (for its ✓), with the set's required flag and limits: the same that
 * 提交 finds in it, computed without zod so the module list needs none.
 */
export function moduleIssues(
	kind: string,
	key: ModuleKey,
	data: unknown,
	entry: { required: boolean; limits?: ModuleSet['modules'][number]['limits'] },
	ctx: CheckContext
): Issue[] {
	return moduleProblems(key, data ?? {}, {
		kind: caseKind(kind),
		required: entry.required,
		...(entry.limits ? { limits: entry.limits } : {}),
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

export function isDone(
	kind: string,
	key: ModuleKey,
	data: unknown,
	entry: { required: boolean; limits?: ModuleSet['modules'][number]['limits'] },
	ctx: CheckContext
): boolean {
	return !isModuleEmpty(key, data) && moduleIssues(kind, key, data, entry, ctx).length === 0;
}

/** `#m=education&f=records.0.eduCertNo` → the module and field to show. */
export function parseHash(hash: string): { module: ModuleKey | null; field: string | null } {
	const params = new URLSearchParams(hash.replace(/^#/, ''));
	const module = params.get('m');
	return { module: module && isModuleKey(module) ? module : null, field: params.get('f') };
}

/** The fragment (without '#') that opens an issue's module and field. */
export function issueFragment(issue: Issue): string {
	return `m=${issue.module}${issue.field ? `&f=${encodeURIComponent(issue.field)}` : ''}`;
}
