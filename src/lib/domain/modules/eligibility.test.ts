import { describe, expect, it } from 'vitest';
import {
	applicableRules,
	checkInitialEligibility,
	cityOf,
	fullMonths,
	highestEducation,
	type InitialRule
} from './eligibility';

// The rows of migrations/0002_reference.sql `initial_rules` that these vectors touch.
const r = (
	cityCode: string | null,
	education: string,
	minYears: number,
	targetLevel: InitialRule['targetLevel'],
	graduatedUntil: string | null = null,
	validUntil: string | null = null
): InitialRule => ({ cityCode, education, minYears, targetLevel, graduatedUntil, validUntil });

const RULES: InitialRule[] = [
	r(null, '中专', 1, 'E'),
	r(null, '大专', 1, 'E'),
	r(null, '大专', 3, 'D'),
	r(null, '本科', 1, 'D'),
	r(null, '硕士研究生', 0, 'D'),
	r(null, '硕士研究生', 3, 'C'),
	r(null, '博士研究生', 0, 'C'),
	r('320100', '硕士研究生', 0, 'D'),
	r('320100', '硕士研究生', 3, 'C', '2021-12-31'),
	r('320500', '硕士研究生', 0, 'D'),
	r('320500', '硕士研究生', 3, 'C', '2019-12-31', '2022-11-30'),
	r('320300', '硕士研究生', 0, 'D')
];

const base = { studyMode: '全日制', today: '2025-05-20' };

describe('初定 eligibility', () => {
	it('finds the 设区市 of a region and counts full months', () => {
		expect(cityOf('320106')).toBe('320100');
		expect(cityOf('320100-BJ')).toBe('320100');
		expect(cityOf('320571')).toBe('320500');
		expect(cityOf('320000-BJ')).toBeNull();
		expect(fullMonths('2024-05-20', '2025-05-20')).toBe(12);
		expect(fullMonths('2024-05-21', '2025-05-20')).toBe(11);
		expect(highestEducation([{ education: '本科' }, { education: '硕士研究生' }])?.education).toBe(
			'硕士研究生'
		);
	});

	it('本科 with one full year (counted from graduation) → 助理级; short → blocked with the years', () => {
		const ok = checkInitialEligibility(
			{
				...base,
				education: '本科',
				graduatedOn: '2024-05-20',
				firstWorkedOn: '2024-03-01',
				targetLevel: 'D',
				regionCode: '320106'
			},
			RULES
		);
		expect(ok).toMatchObject({ allowed: true, levels: ['D'], blocks: [] });
		expect(ok.warnings.map((w) => w.code)).toEqual(['elig_work_before_graduation']);
		const short = checkInitialEligibility(
			{
				...base,
				education: '本科',
				graduatedOn: '2024-06-30',
				firstWorkedOn: '2024-07-01',
				targetLevel: 'D',
				regionCode: '320106'
			},
			RULES
		);
		expect(short.allowed).toBe(false);
		expect(short.blocks).toEqual([
			{ code: 'elig_years_short', params: { level: 'D', need: 1, have: 0.8 } }
		]);
	});

	it('南京 硕士: 2021 graduates may reach 中级 after 3 years, 2022 graduates may not', () => {
		const m2021 = {
			...base,
			education: '硕士研究生',
			graduatedOn: '2021-06-30',
			firstWorkedOn: '2021-07-01',
			targetLevel: 'C' as const,
			regionCode: '320102'
		};
		expect(checkInitialEligibility(m2021, RULES)).toMatchObject({
			allowed: true,
			levels: ['C', 'D']
		});
		const m2022 = { ...m2021, graduatedOn: '2022-06-30', firstWorkedOn: '2022-07-01' };
		expect(checkInitialEligibility(m2022, RULES)).toMatchObject({
			allowed: false,
			levels: ['D'],
			blocks: [{ code: 'elig_level_not_allowed', params: { level: 'C', allowed: 'D' } }]
		});
	});

	it('苏州’s transitional rule ended on 2022-11-30; 徐州 硕士 only 助理级; 盐城 falls back to the province', () => {
		expect(applicableRules(RULES, '320500', '硕士研究生', '2018-06-30', '2022-11-30')).toHaveLength(
			2
		);
		expect(applicableRules(RULES, '320500', '硕士研究生', '2018-06-30', '2022-12-01')).toHaveLength(
			1
		);
		const before = checkInitialEligibility(
			{
				...base,
				today: '2022-10-01',
				education: '硕士研究生',
				graduatedOn: '2018-06-30',
				firstWorkedOn: '2018-07-01',
				targetLevel: 'C',
				regionCode: '320505'
			},
			RULES
		);
		expect(before).toMatchObject({ allowed: true });
		expect(before.warnings).toEqual([
			{ code: 'elig_transitional', params: { until: '2022-11-30' } }
		]);
		expect(
			checkInitialEligibility(
				{
					...base,
					education: '硕士研究生',
					graduatedOn: '2018-06-30',
					firstWorkedOn: '2018-07-01',
					targetLevel: 'C',
					regionCode: '320303'
				},
				RULES
			).allowed
		).toBe(false);
		expect(
			checkInitialEligibility(
				{
					...base,
					education: '硕士研究生',
					graduatedOn: '2018-06-30',
					firstWorkedOn: '2018-07-01',
					targetLevel: 'C',
					regionCode: '320902'
				},
				RULES
			).allowed
		).toBe(true);
	});

	it('blocks part-time education, future graduation, unknown education and missing work dates', () => {
		const part = checkInitialEligibility(
			{
				...base,
				studyMode: '非全日制',
				education: '博士研究生',
				graduatedOn: '2024-06-30',
				targetLevel: 'C'
			},
			RULES
		);
		expect(part.blocks.map((b) => b.code)).toEqual(['elig_not_full_time']);
		expect(
			checkInitialEligibility(
				{
					...base,
					education: '本科',
					graduatedOn: '2026-06-30',
					firstWorkedOn: '2026-07-01',
					targetLevel: 'D'
				},
				RULES
			).blocks[0]?.code
		).toBe('elig_graduation_future');
		expect(
			checkInitialEligibility(
				{ ...base, education: '高中', graduatedOn: '2010-06-30', targetLevel: 'E' },
				RULES
			).blocks
		).toEqual([{ code: 'elig_no_rule', params: { education: '高中' } }]);
		expect(
			checkInitialEligibility(
				{ ...base, education: '大专', graduatedOn: '2010-06-30', targetLevel: 'D' },
				RULES
			).blocks
		).toEqual([{ code: 'elig_missing_first_work' }]);
		expect(checkInitialEligibility({ ...base }, RULES).blocks).toEqual([
			{ code: 'elig_missing_education' }
		]);
	});
});
