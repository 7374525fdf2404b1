import { describe, expect, it } from 'vitest';
import {
	childRegions,
	declarationSummary,
	filterAcceptingDepartments,
	inLanguage,
	filterCommittees,
	leafRegionCodes,
	regionLabel,
	servingRegions,
	specialtyLabel,
	type ReferenceBundle
} from './reference-bundle';

const regions = [
	{
		code: '320000',
		name: '江苏省',
		nameEn: 'Jiangsu Province',
		level: 0,
		parentCode: null,
		kind: 'province',
		sort: 0
	},
	{
		code: '320000-BJ',
		name: '省本级',
		nameEn: 'Provincial level',
		level: 1,
		parentCode: '320000',
		kind: 'benji',
		sort: 0
	},
	{
		code: '320100',
		name: '南京市',
		nameEn: 'Nanjing',
		level: 1,
		parentCode: '320000',
		kind: 'city',
		sort: 1
	},
	{
		code: '320100-BJ',
		name: '南京市本级',
		nameEn: 'Nanjing city level',
		level: 2,
		parentCode: '320100',
		kind: 'benji',
		sort: 0
	},
	{
		code: '320106',
		name: '鼓楼区',
		nameEn: null,
		level: 2,
		parentCode: '320100',
		kind: 'district',
		sort: 4
	}
];
const period = (open: boolean) => ({
	id: 'p',
	year: 2026,
	startsAt: open ? '2000-01-01T00:00:00Z' : '2000-01-01T00:00:00Z',
	endsAt: open ? '2999-01-01T00:00:00Z' : '2001-01-01T00:00:00Z',
	open
});
const committee = (id: string, regionCode: string, open: boolean) => ({
	id,
	name: id,
	regionCode,
	regionName: '',
	regionNameEn: null,
	seriesId: 'engineering',
	seriesName: '工程',
	seriesNameEn: 'Engineering and technology',
	levelCodes: ['C'],
	specialties: ['电子信息'],
	phone: null,
	note: '示例',
	noteEn: 'Example',
	open,
	periods: [period(open)]
});
const engineering = {
	id: 'engineering',
	name: '工程技术人员',
	nameEn: 'Engineering and technology',
	titles: { C: '工程师', D: '助理工程师' },
	titlesEn: { C: 'Engineer' },
	specialties: ['电子信息', '冶金'],
	specialtiesEn: { 电子信息: 'Electronics and information' }
};
const bundle = {
	regions,
	series: [engineering],
	unitNatures: [{ code: '31', name: '民营企业', nameEn: 'Private enterprise', creditPrefix: '91' }],
	departments: [
		{ id: 'dept-none', name: '无', nameEn: 'None', regionCode: null },
		{ id: 'dept-nj', name: '南京市工业和信息化局', nameEn: null, regionCode: '320100-BJ' }
	],
	committees: [
		committee('nj', '320100', true),
		committee('nj-closed', '320100', false),
		committee('sz', '320500', true),
		committee('js', '320000', true)
	],
	acceptingDepartments: [
		{
			id: 'ad-nj',
			name: '',
			regionCode: '320100-BJ',
			seriesId: null,
			phone: null,
			open: true,
			periods: []
		},
		{
			id: 'ad-sz',
			name: '',
			regionCode: '320500-BJ',
			seriesId: null,
			phone: null,
			open: true,
			periods: []
		}
	]
} as unknown as ReferenceBundle;

describe('reference helpers', () => {
	it('walks the region cascade down to its leaves', () => {
		expect(childRegions(regions, '320000').map((r) => r.code)).toEqual(['320000-BJ', '320100']);
		expect([...leafRegionCodes(regions)].sort()).toEqual(['320000-BJ', '320100-BJ', '320106']);
		expect(regionLabel(regions, '320106')).toBe('江苏省 / 南京市 / 鼓楼区');
		expect(servingRegions('320106', true)).toEqual([
			'320106',
			'320100-BJ',
			'320100',
			'320000-BJ',
			'320000'
		]);
	});

	it('offers a district the open committees of its city and of the province', () => {
		const open = filterCommittees(bundle, {
			regionCode: '320106',
			seriesId: 'engineering',
			level: 'C',
			specialty: '电子信息',
			openOnly: true
		});
		expect(open.map((c) => c.id)).toEqual(['nj', 'js']);
		expect(filterCommittees(bundle, { regionCode: '320106', level: 'A' })).toEqual([]);
	});

	it('offers 初定 accepting departments up to 中级 only', () => {
		const ids = (level: string) =>
			filterAcceptingDepartments(bundle, { regionCode: '320106', level }).map((d) => d.id);
		expect(ids('D')).toEqual(['ad-nj']);
		expect(ids('B')).toEqual([]);
	});

	it('shows reference names in English where they have one, and keeps stored values and institutions', () => {
		const en = inLanguage(bundle, 'en');
		expect(inLanguage(bundle, 'zh-CN')).toBe(bundle);
		expect(inLanguage(bundle, 'en')).toBe(en);
		expect(regionLabel(en.regions, '320100-BJ')).toBe(
			'Jiangsu Province / Nanjing / Nanjing city level'
		);
		// No English name: the Chinese one stays rather than nothing.
		expect(regionLabel(en.regions, '320106')).toBe('Jiangsu Province / Nanjing / 鼓楼区');
		expect(en.series[0]).toMatchObject({ id: 'engineering', name: 'Engineering and technology' });
		expect(en.series[0]!.specialties).toEqual(['电子信息', '冶金']);
		expect(en.unitNatures[0]!.name).toBe('Private enterprise');
		expect(en.departments.map((d) => d.name)).toEqual(['None', '南京市工业和信息化局']);
		expect(en.committees[0]).toMatchObject({
			name: 'nj',
			seriesName: 'Engineering and technology',
			note: 'Example'
		});
		expect(specialtyLabel(en.series[0], '电子信息', 'en')).toBe('Electronics and information');
		expect(specialtyLabel(en.series[0], '冶金', 'en')).toBe('冶金');
		expect(specialtyLabel(en.series[0], '电子信息', 'zh-CN')).toBe('电子信息');
		const info = {
			level: 'C' as const,
			seriesId: 'engineering',
			specialty: '电子信息',
			committeeId: 'nj'
		};
		expect(declarationSummary(en, info, 'en')).toEqual([
			'Engineer',
			'Electronics and information',
			'nj'
		]);
		expect(declarationSummary(bundle, info)).toEqual(['工程师', '电子信息', 'nj']);
		// A title without an English name falls back to its Chinese one.
		expect(declarationSummary(en, { ...info, level: 'D' }, 'en')[0]).toBe('助理工程师');
	});
});
