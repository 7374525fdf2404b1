import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '$lib/trpc/client';
import type { DeclarationInfo, LevelCode } from './modules/catalog-core';
import {
	isPeriodOpen,
	ownerOf,
	type ModuleSet,
	type OwnerType,
	type Period
} from './modules/module-set-core';

/**
 * The reference data the forms work from (the public `reference.bundle`, cached on the device by
 * src/lib/offline/reference.ts) and the pure rules over it, shared by the browser and the server.
 */

type Outputs = inferRouterOutputs<AppRouter>;
export type ReferenceBundle = Outputs['reference']['bundle'];
export type DeclarantProfile = Outputs['me']['declarant'];
export type RegionRow = ReferenceBundle['regions'][number];
export type CommitteeRow = ReferenceBundle['committees'][number];
export type AcceptingDepartmentRow = ReferenceBundle['acceptingDepartments'][number];

type Named = { name: string; nameEn?: string | null };
const inEnglish = new WeakMap<ReferenceBundle, ReferenceBundle>();

/**
 * The bundle as a reader of `locale` sees it: in English, each name that has an English one
 * (series, regions, unit natures, the 「无」 choice, a committee's region, series and 示例 note)
 * shows it. Ids and codes are unchanged, and so are stored values named in Chinese — specialties
 * and title names: show those with `specialtyLabel` and `titleLabel`. Institutions keep their
 * names. A bundle cached before English names existed shows Chinese until it is refreshed.
 */
export function inLanguage(bundle: ReferenceBundle, locale: string): ReferenceBundle;
export function inLanguage(bundle: ReferenceBundle | null, locale: string): ReferenceBundle | null;
export function inLanguage(bundle: ReferenceBundle | null, locale: string) {
	if (!bundle || locale !== 'en') return bundle;
	let out = inEnglish.get(bundle);
	if (!out) {
		const en = <T extends Named>(row: T): T => (row.nameEn ? { ...row, name: row.nameEn } : row);
		out = {
			...bundle,
			regions: bundle.regions.map(en),
			series: bundle.series.map(en),
			unitNatures: bundle.unitNatures.map(en),
			departments: bundle.departments.map(en),
			committees: bundle.committees.map((c) => ({
				...c,
				regionName: c.regionNameEn ?? c.regionName,
				seriesName: c.seriesNameEn ?? c.seriesName,
				note: c.noteEn ?? c.note
			}))
		};
		inEnglish.set(bundle, out);
	}
	return out;
}

type SeriesRow = ReferenceBundle['series'][number];

/** A specialty (stored by its Chinese name) in the reader's language. */
export function specialtyLabel(
	series: SeriesRow | null | undefined,
	name: string,
	locale: string
): string {
	return (locale === 'en' && series?.specialtiesEn?.[name]) || name;
}

/** The title a series gives at a level (「工程师」), in the reader's language, or undefined. */
export function titleLabel(
	series: SeriesRow | null | undefined,
	level: LevelCode,
	locale: string
): string | undefined {
	return (locale === 'en' ? series?.titlesEn?.[level] : undefined) ?? series?.titles[level];
}

/** Children of a region in the cascade (省 → 设区市 / 省本级 → 市本级 / 区县 / 功能区). */
export function childRegions(regions: readonly RegionRow[], parent: string | null): RegionRow[] {
	return regions
		.filter((r) => r.parentCode === parent)
		.sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code));
}

/** The chain from the root down to `code` (empty when unknown). */
export function regionPath(regions: readonly RegionRow[], code: string | null | undefined) {
	const out: RegionRow[] = [];
	const byCode = new Map(regions.map((r) => [r.code, r]));
	let at = code ? byCode.get(code) : undefined;
	while (at && out.length < 10) {
		out.unshift(at);
		at = at.parentCode ? byCode.get(at.parentCode) : undefined;
	}
	return out;
}

/** 省 / 市 / 区 names joined, e.g. 「江苏省 / 南京市 / 鼓楼区」. */
export function regionLabel(regions: readonly RegionRow[], code: string | null | undefined) {
	return regionPath(regions, code)
		.map((r) => r.name)
		.join(' / ');
}

/** Region codes that end the cascade (no children). */
export function leafRegionCodes(regions: readonly RegionRow[]): Set<string> {
	const parents = new Set(regions.map((r) => r.parentCode).filter(Boolean));
	return new Set(regions.filter((r) => !parents.has(r.code)).map((r) => r.code));
}

/**
 * The regions whose bodies serve a region, as the server computes them: itself, its 设区市's
 * 本级 and the 设区市 (a city committee serves its districts), and with `withProvince` 省本级.
 */
export function servingRegions(code: string, withProvince: boolean): string[] {
	const out = [code];
	const six = code.slice(0, 6);
	if (/^32\d{4}$/.test(six) && six !== '320000') {
		const city = `${six.slice(0, 4)}00`;
		out.push(`${city}-BJ`, city);
	}
	if (withProvince || six === '320000') out.push('320000-BJ', '320000');
	return [...new Set(out)];
}

interface PeriodRow {
	startsAt: string;
	endsAt: string;
}

/** The 申报期 of a list open at `now` (computed on the device: the cache may be days old). */
export function openPeriod<T extends PeriodRow>(periods: readonly T[], now: Date): T | null {
	return periods.find((p) => isPeriodOpen(p, now)) ?? null;
}

export interface CommitteeFilter {
	regionCode?: string | null;
	seriesId?: string | null;
	level?: string | null;
	specialty?: string | null;
	openOnly?: boolean;
}

/** 评委会信息查询 and the 申报评委会 choice, from the cached bundle. */
export function filterCommittees(
	bundle: ReferenceBundle,
	filter: CommitteeFilter,
	now = new Date()
): CommitteeRow[] {
	const regions = filter.regionCode ? new Set(servingRegions(filter.regionCode, true)) : null;
	return bundle.committees.filter(
		(c) =>
			!c.retired &&
			(!regions || regions.has(c.regionCode)) &&
			(!filter.seriesId || c.seriesId === filter.seriesId) &&
			(!filter.level || c.levelCodes.includes(filter.level)) &&
			(!filter.specialty || c.specialties.includes(filter.specialty)) &&
			(!filter.openOnly || openPeriod(c.periods, now) !== null)
	);
}

/** 报送受理部门 (初定, up to 中级) for a region, series and level. */
export function filterAcceptingDepartments(
	bundle: ReferenceBundle,
	filter: { regionCode?: string | null; seriesId?: string | null; level?: string | null }
): AcceptingDepartmentRow[] {
	if (filter.level && !['C', 'D', 'E'].includes(filter.level)) return [];
	const regions = filter.regionCode ? new Set(servingRegions(filter.regionCode, false)) : null;
	return bundle.acceptingDepartments.filter(
		(d) =>
			!d.retired &&
			(!regions || regions.has(d.regionCode)) &&
			(!filter.seriesId || d.seriesId === null || d.seriesId === filter.seriesId)
	);
}

/** 行政主管部门 for a region (its own, its city's, 省本级's, and 无); all without a region. */
export function filterDepartments(bundle: ReferenceBundle, regionCode?: string | null) {
	if (!regionCode) return bundle.departments;
	const regions = servingRegions(regionCode, true);
	return bundle.departments
		.filter((d) => d.regionCode === null || regions.includes(d.regionCode))
		.sort(
			(a, b) =>
				(a.regionCode === null ? -1 : regions.indexOf(a.regionCode)) -
				(b.regionCode === null ? -1 : regions.indexOf(b.regionCode))
		);
}

/** The module set chosen by 申报基本信息 (newest version of the owner's year), if cached. */
export function moduleSetFor(
	bundle: ReferenceBundle | null | undefined,
	kind: string,
	info: DeclarationInfo | null | undefined
): ModuleSet | null {
	const owner = ownerOf(kind, info);
	if (!bundle || !owner) return null;
	let best: ModuleSet | null = null;
	for (const set of bundle.moduleSets as ModuleSet[]) {
		if (
			set.kind === owner.kind &&
			set.ownerType === owner.ownerType &&
			set.ownerId === owner.ownerId &&
			set.year === owner.year &&
			(!best || set.version > best.version)
		)
			best = set;
	}
	return best;
}

/**
 * The owner's 申报期 open now: a period, null when none is open, undefined when the owner is not
 * in the cache (the server decides).
 */
export function ownerPeriod(
	bundle: ReferenceBundle | null | undefined,
	ownerType: OwnerType,
	ownerId: string,
	now = new Date()
): Period | null | undefined {
	if (!bundle) return undefined;
	const owner =
		ownerType === 'committee'
			? bundle.committees.find((c) => c.id === ownerId)
			: bundle.acceptingDepartments.find((d) => d.id === ownerId);
	if (!owner) return undefined;
	return openPeriod(owner.periods, now);
}

/** The title name of a series at a level (「工程师」), else null. */
export function titleName(bundle: ReferenceBundle, seriesId: string, level: LevelCode) {
	return bundle.series.find((s) => s.id === seriesId)?.titles[level] ?? null;
}

/**
 * What a case declares, in a few words for a list: the title (or the series), the specialty and
 * the committee or accepting department — the parts chosen so far — in the reader's language
 * (give it the bundle `inLanguage` made).
 */
export function declarationSummary(
	bundle: ReferenceBundle | null,
	info: Partial<DeclarationInfo> | null,
	locale = 'zh-CN'
): string[] {
	if (!info) return [];
	const series = bundle?.series.find((s) => s.id === info.seriesId);
	const title =
		series && info.level ? (titleLabel(series, info.level, locale) ?? series.name) : series?.name;
	const specialty = info.specialty?.trim();
	const owner = info.committeeId
		? bundle?.committees.find((c) => c.id === info.committeeId)?.name
		: info.acceptingDepartmentId
			? bundle?.acceptingDepartments.find((a) => a.id === info.acceptingDepartmentId)?.name
			: undefined;
	return [title, specialty && specialtyLabel(series, specialty, locale), owner].filter(
		(p): p is string => !!p
	);
}
