import { describe, expect, it } from 'vitest';
import type { FieldDef } from '$lib/domain/modules/catalog';
import type { ReferenceBundle } from '$lib/domain/reference-bundle';
import { fieldText } from './field-text';

const t = { 'zh-CN': 'x', en: 'x' };
const def = (key: string, type: FieldDef['type']): FieldDef => ({ key, title: t, type });

const reference = {
	regions: [
		{ code: '320000', name: '江苏省', level: 1, parentCode: null, kind: 'province', sort: 0 },
		{ code: '320100', name: '南京市', level: 2, parentCode: '320000', kind: 'city', sort: 0 },
		{ code: '320106', name: '鼓楼区', level: 3, parentCode: '320100', kind: 'district', sort: 0 }
	],
	unitNatures: [{ code: '31', name: '企业', creditPrefix: '91' }],
	departments: [{ id: 'dept-nj-gxj', name: '南京市工业和信息化局', regionCode: '320100' }],
	series: [{ id: 'engineering', name: '工程系列', titles: { C: '工程师' }, specialties: [] }],
	committees: [{ id: 'cmt-nj-eng-c', name: '南京市工程技术中级资格评审委员会' }],
	acceptingDepartments: [{ id: 'acc-sz', name: '苏州市人力资源和社会保障局' }]
} as unknown as ReferenceBundle;

describe('fieldText', () => {
	it('shows empty values as nothing, and an open-ended period as 至今', () => {
		expect(fieldText(def('school', 'text'), null)).toBe('');
		expect(fieldText(def('school', 'text'), '  ')).toBe('');
		expect(fieldText(def('to', 'month'), null, { record: { from: '2012-07' } })).toBe('至今');
		expect(fieldText(def('to', 'month'), null, { record: {} })).toBe('');
	});

	it('shows booleans as 是 only when true, numbers as text, attachments as no text', () => {
		expect(fieldText(def('core', 'bool'), true)).toBe('是');
		expect(fieldText(def('core', 'bool'), false)).toBe('');
		expect(fieldText(def('hours', 'number'), 12.5)).toBe('12.5');
		expect(fieldText(def('attachmentId', 'attachment'), 'a-file-id')).toBe('');
	});

	it('names reference ids when the reference data is given, else shows them raw', () => {
		const ctx = { reference };
		expect(fieldText(def('regionCode', 'text'), '320106', ctx)).toBe('江苏省 / 南京市 / 鼓楼区');
		expect(fieldText(def('unitNature', 'text'), '31', ctx)).toBe('企业');
		expect(fieldText(def('departmentId', 'text'), 'dept-nj-gxj', ctx)).toBe('南京市工业和信息化局');
		expect(fieldText(def('seriesId', 'text'), 'engineering', ctx)).toBe('工程系列');
		expect(fieldText(def('committeeId', 'text'), 'cmt-nj-eng-c', ctx)).toBe(
			'南京市工程技术中级资格评审委员会'
		);
		expect(fieldText(def('acceptingDepartmentId', 'text'), 'acc-sz', ctx)).toBe(
			'苏州市人力资源和社会保障局'
		);
		expect(fieldText(def('committeeId', 'text'), 'unknown-id', ctx)).toBe('unknown-id');
		expect(fieldText(def('regionCode', 'text'), '320106')).toBe('320106');
	});

	it('shows 申报级别 by name, with the series title when known', () => {
		const level = def('level', 'enum');
		expect(fieldText(level, 'C')).toBe('中级');
		expect(fieldText(level, 'C', { reference, record: { seriesId: 'engineering' } })).toBe(
			'中级（工程师）'
		);
	});
});
