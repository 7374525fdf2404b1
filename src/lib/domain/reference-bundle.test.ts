import { describe, expect, it } from 'vitest';
import {
	childRegions,
	filterAcceptingDepartments,
	filterCommittees,
	leafRegionCodes,
	regionLabel,
	servingRegions,
	type ReferenceBundle
} from './reference-bundle';

const regions = [
	{ code: '320000', name: '江苏省', level: 0, parentCode: null, kind: 'province', sort: 0 },
	{ code: '320000-BJ', name: '省本级', level: 1, parentCode: '320000', kind: 'benji', sort: 0 },
	{ code: '320100', name: '南京市', level: 1, parentCode: '320000', kind: 'city', sort: 1 },
	{ code: '320100-BJ', name: '南京市本级', level: 2, parentCode: '320100', kind: 'benji', sort: 0 },
	{ code: '320106', name: '鼓楼区', level: 2, parentCode: '320100', kind: 'district', sort: 4 }
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
	seriesId: 'engineering',
	seriesName: '工程',
	levelCodes: ['C'],
	specialties: ['电子信息'],
	phone: null,
	note: null,
	open,
	periods: [period(open)]
});
const bundle = {
	regions,
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
});
