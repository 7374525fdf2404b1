import { createHash } from 'node:crypto';
import type { Sql, TransactionSql } from '../db/client';
import { canonicalJson } from '$lib/domain/canonical-json';
import type { DeclarationPointRow } from '$lib/domain/certificates';
import type { ModuleSet, OwnerType, SetKind } from '$lib/domain/modules/module-set';
import { servingRegions } from '$lib/domain/reference-bundle';
import {
	departmentEn,
	noteEn,
	regionEn,
	seriesEn,
	specialtyEn,
	titleEn,
	unitNatureEn
} from './reference-en';

/**
 * Reference data the declaration forms need (public: no personal data lives in these tables).
 * Everything here is read-only; `bundle` packs it for the device's offline cache. Each name a
 * person chooses from carries its English name (`nameEn`, null when there is none), so the
 * English interface works offline too; institutions' names are proper names and stay as they are.
 */

type Db = Sql | TransactionSql;

export interface Region {
	code: string;
	name: string;
	nameEn: string | null;
	level: number;
	parentCode: string | null;
	kind: string;
	sort: number;
}

export interface PeriodInfo {
	id: string;
	year: number;
	startsAt: string;
	endsAt: string;
	open: boolean;
}

export async function listRegions(sql: Db): Promise<Region[]> {
	const rows = await sql<Omit<Region, 'nameEn'>[]>`
		select code, name, level, parent_code, kind, sort from regions order by level, parent_code nulls first, sort, code`;
	return rows.map((r) => ({ ...r, nameEn: regionEn(r.name) }));
}

/** Region codes that end the cascade: 市本级 / 省本级, 区县, 功能区. */
export async function leafRegionCodes(sql: Db): Promise<Set<string>> {
	const rows = await sql<{ code: string }[]>`
		select r.code from regions r where not exists (select 1 from regions c where c.parent_code = r.code)`;
	return new Set(rows.map((r) => r.code));
}

export async function listSeries(sql: Db) {
	const [series, names, specialties] = await Promise.all([
		sql<{ id: string; name: string }[]>`select id, name from title_series order by sort, id`,
		sql<{ seriesId: string; levelCode: string; name: string }[]>`
			select series_id, level_code, name from title_names order by series_id, level_code`,
		sql<{ seriesId: string; name: string }[]>`
			select series_id, name from specialties order by series_id, sort, name`
	]);
	type Titles = Partial<Record<'A' | 'B' | 'C' | 'D' | 'E', string>>;
	return series.map((s) => {
		const own = names.filter((n) => n.seriesId === s.id);
		const specialtyNames = specialties.filter((sp) => sp.seriesId === s.id).map((sp) => sp.name);
		return {
			id: s.id,
			name: s.name,
			nameEn: seriesEn(s.id),
			titles: Object.fromEntries(own.map((n) => [n.levelCode, n.name])) as Titles,
			titlesEn: Object.fromEntries(
				own.flatMap((n) => {
					const en = titleEn(n.name);
					return en ? [[n.levelCode, en]] : [];
				})
			) as Titles,
			specialties: specialtyNames,
			/** English names of the specialties, by their (stored) Chinese name. */
			specialtiesEn: Object.fromEntries(
				specialtyNames.flatMap((name) => {
					const en = specialtyEn(name);
					return en ? [[name, en]] : [];
				})
			) as Record<string, string>
		};
	});
}

/** 申报点 open to new requests: where the certificate services are reviewed (ch. 5 所属申报点). */
export function listDeclarationPoints(sql: Db) {
	return sql<DeclarationPointRow[]>`
		select id, name, region_code from declaration_points where retired_at is null
		order by region_code, id`;
}

export async function listUnitNatures(sql: Db) {
	const rows = await sql<{ code: string; name: string; creditPrefix: string | null }[]>`
		select code, name, credit_prefix from unit_natures order by sort, code`;
	return rows.map((r) => ({ ...r, nameEn: unitNatureEn(r.code) }));
}

type DepartmentRow = { id: string; name: string; regionCode: string | null };

export async function listDepartments(sql: Db, regionCode?: string) {
	const regions = regionCode ? servingRegions(regionCode, true) : null;
	const rows = regions
		? await sql<DepartmentRow[]>`
			select id, name, region_code from departments
			where region_code is null or region_code = any(${regions})
			order by region_code nulls first, array_position(${regions}::text[], region_code), id`
		: await sql<DepartmentRow[]>`
			select id, name, region_code from departments order by region_code nulls first, id`;
	return rows.map((r) => ({ ...r, nameEn: departmentEn(r.id) }));
}

export interface UnitHit {
	id: string;
	name: string;
	creditCode: string | null;
	natureCode: string;
	natureName: string;
	regionCode: string;
	regionName: string;
	departmentId: string | null;
	departmentName: string | null;
}

/** 工作单位 search (the blue search button): case-insensitive contains, at most 20 rows. */
export function searchUnits(sql: Db, name: string): Promise<UnitHit[]> {
	const pattern = `%${name
		.trim()
		.toLowerCase()
		.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	return sql<UnitHit[]>`
		select u.id, u.name, u.credit_code, u.nature_code, n.name as nature_name,
			u.region_code, r.name as region_name, u.department_id, d.name as department_name
		from work_units u
		join unit_natures n on n.code = u.nature_code
		join regions r on r.code = u.region_code
		left join departments d on d.id = u.department_id
		where lower(u.name) like ${pattern}
		order by length(u.name), u.name
		limit 20`;
}

async function periodsOf(sql: Db, ownerKind: OwnerType, ownerIds: string[]) {
	const rows = await sql<
		{ id: string; ownerId: string; year: number; startsAt: Date; endsAt: Date; open: boolean }[]
	>`
		select id, owner_id, year, starts_at, ends_at, (now() between starts_at and ends_at) as open
		from declaration_periods
		where owner_kind = ${ownerKind} and owner_id = any(${ownerIds})
		order by owner_id, starts_at`;
	const map = new Map<string, PeriodInfo[]>();
	for (const r of rows) {
		const list = map.get(r.ownerId) ?? [];
		list.push({
			id: r.id,
			year: r.year,
			startsAt: r.startsAt.toISOString(),
			endsAt: r.endsAt.toISOString(),
			open: r.open
		});
		map.set(r.ownerId, list);
	}
	return map;
}

export interface AcceptingDepartmentInfo {
	id: string;
	name: string;
	regionCode: string;
	seriesId: string | null;
	phone: string | null;
	retired: boolean;
	open: boolean;
	periods: PeriodInfo[];
}

/** 报送受理部门 for 初定 in a region (its own and its 设区市's), for a series and level. */
export async function listAcceptingDepartments(
	sql: Db,
	filter: { regionCode?: string; seriesId?: string; level?: string }
): Promise<AcceptingDepartmentInfo[]> {
	// 初定 goes up to 中级 (domain §3.2).
	if (filter.level && !['C', 'D', 'E'].includes(filter.level)) return [];
	const regions = filter.regionCode ? servingRegions(filter.regionCode, false) : null;
	const rows = await sql<
		{
			id: string;
			name: string;
			regionCode: string;
			seriesId: string | null;
			phone: string | null;
			retired: boolean;
		}[]
	>`
		select id, name, region_code, series_id, phone, (retired_at is not null) as retired
		from accepting_departments
		where (${regions}::text[] is null or region_code = any(${regions}::text[]))
			and (${filter.seriesId ?? null}::text is null or series_id is null or series_id = ${filter.seriesId ?? null})
		order by series_id nulls last, region_code, id`;
	const periods = await periodsOf(
		sql,
		'accepting_department',
		rows.map((r) => r.id)
	);
	return rows.map((r) => {
		const list = periods.get(r.id) ?? [];
		return { ...r, open: list.some((p) => p.open), periods: list };
	});
}

export interface CommitteeInfo {
	id: string;
	name: string;
	regionCode: string;
	regionName: string;
	regionNameEn: string | null;
	seriesId: string;
	seriesName: string;
	seriesNameEn: string | null;
	levelCodes: string[];
	specialties: string[];
	phone: string | null;
	note: string | null;
	noteEn: string | null;
	/** Retired by the administrator: kept for existing cases, never offered to a new one. */
	retired: boolean;
	open: boolean;
	periods: PeriodInfo[];
}

/**
 * 评委会信息查询, and the 申报评委会 choice (openOnly): committees of the region's 设区市 and of
 * the province that take that series, level and specialty. None → 「未查到相关的评委会」.
 */
export async function listCommittees(
	sql: Db,
	filter: {
		regionCode?: string;
		seriesId?: string;
		level?: string;
		specialty?: string;
		openOnly?: boolean;
	}
): Promise<CommitteeInfo[]> {
	const regions = filter.regionCode ? servingRegions(filter.regionCode, true) : null;
	type Row = Omit<CommitteeInfo, 'open' | 'periods' | 'regionNameEn' | 'seriesNameEn' | 'noteEn'>;
	const rows = await sql<Row[]>`
		select c.id, c.name, c.region_code, r.name as region_name, c.series_id, s.name as series_name,
			c.level_codes, c.specialties, c.phone, c.note, (c.retired_at is not null) as retired
		from committees c
		join regions r on r.code = c.region_code
		join title_series s on s.id = c.series_id
		where (${regions}::text[] is null or c.region_code = any(${regions}::text[]))
			and (${filter.seriesId ?? null}::text is null or c.series_id = ${filter.seriesId ?? null})
			and (${filter.level ?? null}::text is null or ${filter.level ?? null} = any(c.level_codes))
			and (${filter.specialty ?? null}::text is null or ${filter.specialty ?? null} = any(c.specialties))
		order by c.region_code, s.name, c.id`;
	const periods = await periodsOf(
		sql,
		'committee',
		rows.map((r) => r.id)
	);
	const out = rows.map((r) => {
		const list = periods.get(r.id) ?? [];
		return {
			...r,
			regionNameEn: regionEn(r.regionName),
			seriesNameEn: seriesEn(r.seriesId),
			noteEn: noteEn(r.note),
			open: list.some((p) => p.open),
			periods: list
		};
	});
	return filter.openOnly ? out.filter((c) => c.open && !c.retired) : out;
}

export function listConsultationPhones(sql: Db) {
	return sql<
		{
			id: number;
			regionCode: string;
			regionName: string;
			topic: string;
			org: string;
			phone: string;
		}[]
	>`
		select p.id, p.region_code, r.name as region_name, p.topic, p.org, p.phone
		from consultation_phones p join regions r on r.code = p.region_code
		where p.retired_at is null
		order by r.level, r.sort, p.region_code, p.id`;
}

/** A selected row of module_sets: the fields of a ModuleSet, and only those once copied. */
type ModuleSetRow = ModuleSet;

function toModuleSet(row: ModuleSetRow): ModuleSet {
	return {
		id: row.id,
		kind: row.kind,
		ownerType: row.ownerType,
		ownerId: row.ownerId,
		year: row.year,
		version: row.version,
		modules: row.modules
	};
}

/** The newest version of an owner's module set for a year, or null. */
export async function findModuleSet(
	sql: Db,
	key: { kind: SetKind; ownerType: OwnerType; ownerId: string; year: number }
): Promise<ModuleSet | null> {
	const [row] = await sql<ModuleSetRow[]>`
		select id, kind, owner_type, owner_id, year, version, modules from module_sets
		where kind = ${key.kind} and owner_type = ${key.ownerType} and owner_id = ${key.ownerId}
			and year = ${key.year}
		order by version desc limit 1`;
	return row ? toModuleSet(row) : null;
}

/** The newest version of every owner's set for a year. */
export async function listModuleSets(sql: Db, year: number): Promise<ModuleSet[]> {
	const rows = await sql<ModuleSetRow[]>`
		select distinct on (kind, owner_type, owner_id)
			id, kind, owner_type, owner_id, year, version, modules
		from module_sets where year = ${year}
		order by kind, owner_type, owner_id, version desc`;
	return rows.map(toModuleSet);
}

/** The current year in China (module sets and periods are per calendar year there). */
export function chinaYear(at = new Date()): number {
	return new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();
}

/**
 * Everything the forms need offline, in one response, with a `version` (hash of the content) the
 * device compares to decide whether its cached copy is current.
 */
export async function referenceBundle(sql: Db) {
	const year = chinaYear();
	const content = {
		year,
		...(await awaitEach({
			regions: listRegions(sql),
			series: listSeries(sql),
			unitNatures: listUnitNatures(sql),
			departments: listDepartments(sql),
			committees: listCommittees(sql, {}),
			acceptingDepartments: listAcceptingDepartments(sql, {}),
			consultationPhones: listConsultationPhones(sql),
			declarationPoints: listDeclarationPoints(sql),
			moduleSets: listModuleSets(sql, year)
		}))
	};
	const version = createHash('sha256').update(canonicalJson(content)).digest('hex').slice(0, 16);
	return { version, ...content };
}

/** Awaits every promise of an object at once, keeping the keys (and their order). */
async function awaitEach<T extends Record<string, Promise<unknown>>>(
	promises: T
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
	const keys = Object.keys(promises);
	const values = await Promise.all(Object.values(promises));
	return Object.fromEntries(keys.map((k, i) => [k, values[i]])) as {
		[K in keyof T]: Awaited<T[K]>;
	};
}
