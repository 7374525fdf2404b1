import { describe, expect, it } from 'vitest';
import { validateEducationRecordForSave, type EducationRecord } from '$lib/domain/modules/catalog';
import {
	attachmentIdsOf,
	emptyManualRecord,
	issuesByField,
	mergeRegistry,
	normalizeRecord,
	putRecord,
	recordsOf,
	removeRecord,
	sameRecord,
	todayInShanghai
} from './education-records';

const registry = (over: Partial<EducationRecord> = {}): EducationRecord => ({
	source: 'registry',
	school: '南京大学',
	major: '土木工程',
	education: '本科',
	degree: '学士',
	graduatedOn: '2015-06-30',
	studyMode: '全日制',
	eduCertNo: '102841201505000123',
	degreeCertNo: '1028442015000123',
	...over
});

const manual = (over: Partial<EducationRecord> = {}): EducationRecord => ({
	...emptyManualRecord(),
	school: '东南大学',
	major: '结构工程',
	education: '硕士研究生',
	degree: '硕士',
	graduatedOn: '2018-06-30',
	studyMode: '全日制',
	eduCertNo: 'E-2018-1',
	eduCertAttachmentId: 'att-1',
	...over
});

describe('mergeRegistry', () => {
	it('adds the records found, marked as registry records', () => {
		const found = [
			registry(),
			registry({ eduCertNo: 'X2', degreeCertNo: null, school: '河海大学' })
		];
		const result = mergeRegistry([], found);
		expect(result.added).toBe(2);
		expect(result.records.map((r) => r.source)).toEqual(['registry', 'registry']);
		expect(result.replaced).toEqual([]);
	});

	it('adds nothing on a repeated 自动获取', () => {
		const first = mergeRegistry([manual()], [registry()]);
		const again = mergeRegistry(first.records, [registry()]);
		expect(again.added).toBe(0);
		expect(again.records).toEqual(first.records);
	});

	it('replaces a manual record of the same certificate with the registry one', () => {
		const mine = manual({ eduCertNo: '102841201505000123', eduCertAttachmentId: 'att-9' });
		const result = mergeRegistry([mine], [registry()]);
		expect(result.records).toHaveLength(1);
		expect(result.records[0]?.source).toBe('registry');
		expect(result.replaced).toEqual([mine]);
	});

	it('keeps other manual records in place', () => {
		const result = mergeRegistry([manual()], [registry()]);
		expect(result.records.map((r) => r.school)).toEqual(['东南大学', '南京大学']);
	});
});

describe('sameRecord', () => {
	it('matches on a shared certificate number, trimmed', () => {
		expect(sameRecord(registry({ eduCertNo: ' A1 ' }), manual({ eduCertNo: 'A1' }))).toBe(true);
	});
	it('does not match different numbers even at the same school', () => {
		expect(
			sameRecord(
				registry({ degreeCertNo: null }),
				registry({ eduCertNo: 'other', degreeCertNo: null })
			)
		).toBe(false);
	});
	it('without numbers, matches school, education and graduation date', () => {
		const a = registry({ eduCertNo: null, degreeCertNo: null });
		expect(sameRecord(a, { ...a, major: '别的' })).toBe(true);
		expect(sameRecord(a, { ...a, graduatedOn: '2016-06-30' })).toBe(false);
	});
});

describe('list edits', () => {
	const list = [manual({ school: 'A' }), manual({ school: 'B' })];
	it('adds at the end (添加) and replaces in place (修改)', () => {
		expect(putRecord(list, null, manual({ school: 'C' })).map((r) => r.school)).toEqual([
			'A',
			'B',
			'C'
		]);
		expect(putRecord(list, 0, manual({ school: 'Z' })).map((r) => r.school)).toEqual(['Z', 'B']);
		expect(putRecord(list, 7, manual({ school: 'Z' }))).toHaveLength(3);
	});
	it('removes one record without touching the input', () => {
		expect(removeRecord(list, 0).map((r) => r.school)).toEqual(['B']);
		expect(list).toHaveLength(2);
	});
	it('reads records from any draft data', () => {
		expect(recordsOf({})).toEqual([]);
		expect(recordsOf({ records: 'x' })).toEqual([]);
		expect(recordsOf({ records: [manual(), null] })).toHaveLength(1);
	});
});

describe('normalizeRecord', () => {
	it('trims text, turns empty text into null and drops the file of a cleared number', () => {
		const r = normalizeRecord(
			manual({
				school: '  东南大学 ',
				eduCertNo: ' ',
				degreeCertNo: 'D1',
				degreeCertAttachmentId: 'att-2'
			})
		);
		expect(r.school).toBe('东南大学');
		expect(r.eduCertNo).toBeNull();
		expect(r.eduCertAttachmentId).toBeNull();
		expect(r.degreeCertAttachmentId).toBe('att-2');
		expect(attachmentIdsOf(r)).toEqual(['att-2']);
	});
});

describe('保存 of the 添加 form (manual ch. 3 §三 5)', () => {
	const today = '2026-03-01';
	it('refuses without any certificate number, with the manual’s reason on 学历证书编号', () => {
		const r = normalizeRecord(manual({ eduCertNo: '', eduCertAttachmentId: null }));
		const issues = validateEducationRecordForSave(r, { attachments: new Set(), today });
		expect(issues.map((i) => [i.field, i.code])).toEqual([['eduCertNo', 'edu_cert_no_required']]);
		expect(issuesByField(issues).get('eduCertNo')).toHaveLength(1);
	});
	it('refuses a number without its uploaded file', () => {
		const r = normalizeRecord(manual({ degreeCertNo: 'D1' }));
		const issues = validateEducationRecordForSave(r, { attachments: new Set(['att-1']), today });
		expect(issues.map((i) => [i.field, i.code])).toEqual([
			['degreeCertAttachmentId', 'edu_cert_upload_required']
		]);
	});
	it('accepts a complete manual record', () => {
		const r = normalizeRecord(manual());
		expect(validateEducationRecordForSave(r, { attachments: new Set(['att-1']), today })).toEqual(
			[]
		);
	});
});

describe('todayInShanghai', () => {
	it('gives the date in China', () => {
		expect(todayInShanghai(new Date('2025-12-31T17:00:00Z'))).toBe('2026-01-01');
	});
});
