import { EDUCATION_LEVELS, filled, isIsoDate, type LevelCode } from './catalog-core';

/**
 * 职称初定 eligibility by education and years of work (domain §3.2, §3.3, §3.5), driven by the
 * rows of `initial_rules` so each city's variants are data, not code. The verdict is advice in
 * the form (warnings) and a refusal on 提交 (blocks).
 */

/** One row of `initial_rules` (migrations/0002_reference.sql), dates as YYYY-MM-DD. */
export interface InitialRule {
	cityCode: string | null;
	education: string;
	minYears: number;
	targetLevel: LevelCode;
	graduatedUntil: string | null;
	validUntil: string | null;
	note?: string | null;
}

export interface EligibilityInput {
	/** 学历 of the highest record ('本科', '硕士研究生' …). */
	education?: string | null;
	studyMode?: string | null;
	graduatedOn?: string | null;
	/** 参加工作时间. */
	firstWorkedOn?: string | null;
	targetLevel?: LevelCode | null;
	/** Any region code of the applicant's unit ('320106', '320100-BJ', '320000-BJ' …). */
	regionCode?: string | null;
	/** YYYY-MM-DD. */
	today: string;
}

export interface Reason {
	code: string;
	params?: Record<string, string | number>;
}

export interface Eligibility {
	allowed: boolean;
	warnings: Reason[];
	blocks: Reason[];
	/** Levels this education may be determined at, per the applicable rules (best first). */
	levels: LevelCode[];
	/** Full years of work counted (one decimal), when known. */
	years: number | null;
}

/** The 设区市 code of a region ('320106' → '320100', '320100-BJ' → '320100'); null for 省本级. */
export function cityOf(regionCode: string | null | undefined): string | null {
	if (!regionCode) return null;
	const code = regionCode.slice(0, 6);
	if (!/^32\d{4}$/.test(code) || code === '320000') return null;
	return `${code.slice(0, 4)}00`;
}

/** Full months from `from` to `to` (YYYY-MM-DD); negative when `to` is earlier. */
export function fullMonths(from: string, to: string): number {
	const [y1, m1, d1] = from.split('-').map(Number) as [number, number, number];
	const [y2, m2, d2] = to.split('-').map(Number) as [number, number, number];
	return (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
}

/** The highest education of a list of records (by EDUCATION_LEVELS order). */
export function highestEducation<T extends { education?: string | null }>(
	records: readonly T[]
): T | null {
	let best: T | null = null;
	let rank = -1;
	for (const r of records) {
		const i = EDUCATION_LEVELS.indexOf((r.education ?? '') as (typeof EDUCATION_LEVELS)[number]);
		if (i > rank) {
			best = r;
			rank = i;
		}
	}
	return best;
}

/**
 * The rules that apply: a city's rows for an education replace the province rows for it; a row
 * whose graduated_until is before the graduation, or whose valid_until has passed, does not apply.
 */
export function applicableRules(
	rules: readonly InitialRule[],
	city: string | null,
	education: string,
	graduatedOn: string,
	today: string
): InitialRule[] {
	const forEducation = rules.filter((r) => r.education === education);
	const cityRows = forEducation.filter((r) => city !== null && r.cityCode === city);
	const base = cityRows.length > 0 ? cityRows : forEducation.filter((r) => r.cityCode === null);
	return base.filter(
		(r) =>
			(r.graduatedUntil === null || graduatedOn <= r.graduatedUntil) &&
			(r.validUntil === null || today <= r.validUntil)
	);
}

export function checkInitialEligibility(
	input: EligibilityInput,
	rules: readonly InitialRule[]
): Eligibility {
	const warnings: Reason[] = [];
	const blocks: Reason[] = [];
	const result = (levels: LevelCode[] = [], years: number | null = null): Eligibility => ({
		allowed: blocks.length === 0,
		warnings,
		blocks,
		levels,
		years
	});

	if (!filled(input.education) || !filled(input.graduatedOn) || !isIsoDate(input.graduatedOn)) {
		blocks.push({ code: 'elig_missing_education' });
		return result();
	}
	// §3.5.1: the highest education must be full-time, and already obtained.
	if (input.studyMode && input.studyMode !== '全日制') blocks.push({ code: 'elig_not_full_time' });
	if (input.graduatedOn > input.today) blocks.push({ code: 'elig_graduation_future' });

	const rows = applicableRules(
		rules,
		cityOf(input.regionCode),
		input.education,
		input.graduatedOn,
		input.today
	);
	if (rows.length === 0) {
		blocks.push({ code: 'elig_no_rule', params: { education: input.education } });
		return result();
	}
	const levels = [...new Set(rows.map((r) => r.targetLevel))].sort() as LevelCode[];

	// §3.5.2: years from the first work date (not before graduation), in full months.
	let years: number | null = null;
	let start = input.graduatedOn;
	if (filled(input.firstWorkedOn) && isIsoDate(input.firstWorkedOn)) {
		if (input.firstWorkedOn < input.graduatedOn)
			warnings.push({ code: 'elig_work_before_graduation' });
		else start = input.firstWorkedOn;
		years = Math.max(0, Math.floor((fullMonths(start, input.today) / 12) * 10) / 10);
	}

	if (!input.targetLevel) return result(levels, years);
	const forLevel = rows.filter((r) => r.targetLevel === input.targetLevel);
	if (forLevel.length === 0) {
		blocks.push({
			code: 'elig_level_not_allowed',
			params: { level: input.targetLevel, allowed: levels.join(',') }
		});
		return result(levels, years);
	}
	const need = Math.min(...forLevel.map((r) => r.minYears));
	if (need > 0) {
		if (years === null) blocks.push({ code: 'elig_missing_first_work' });
		else if (fullMonths(start, input.today) < need * 12)
			blocks.push({
				code: 'elig_years_short',
				params: { level: input.targetLevel, need, have: years }
			});
	}
	const transitional = forLevel.find((r) => r.validUntil !== null);
	if (transitional?.validUntil)
		warnings.push({ code: 'elig_transitional', params: { until: transitional.validUntil } });
	return result(levels, years);
}
