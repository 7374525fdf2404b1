import { describe, expect, it } from 'vitest';
import { MODULES } from '$lib/domain/modules/catalog';
import {
	emptyRow,
	inputValue,
	isRowModule,
	normalizeRow,
	parseInput,
	putRow,
	removeRow,
	ROW_MODULES,
	rowAttachmentIds,
	rowFieldsOf,
	rowHeadline,
	rowsOf,
	validateRow
} from './rows';

const today = '2026-03-01';
const ctx = { attachments: new Set<string>(), today };

describe('row modules', () => {
	it('are the catalog modules with row fields', () => {
		for (const key of ROW_MODULES) expect(MODULES[key].rowFields?.length).toBeGreaterThan(0);
		expect(isRowModule('awards')).toBe(true);
		expect(isRowModule('education')).toBe(false);
	});
});

describe('inputs', () => {
	const fields = rowFieldsOf('publications');
	const def = (key: string) => fields.find((f) => f.key === key)!;
	it('parses numbers, keeps bad ones as typed and empties as null', () => {
		expect(parseInput(def('rank'), '2')).toBe(2);
		expect(parseInput(def('rank'), ' ')).toBeNull();
		expect(parseInput(def('rank'), 'x')).toBe('x');
		expect(parseInput(def('core'), true)).toBe(true);
		expect(parseInput(def('title'), 'abc')).toBe('abc');
		expect(inputValue(null)).toBe('');
		expect(inputValue(3)).toBe('3');
	});
	it('starts a row with every field empty', () => {
		const row = emptyRow(fields);
		expect(row.core).toBe(false);
		expect(row.title).toBeNull();
	});
	it('normalizes text on 保存', () => {
		const row = normalizeRow(fields, { ...emptyRow(fields), title: '  论文  ', serial: ' ' });
		expect(row.title).toBe('论文');
		expect(row.serial).toBeNull();
	});
});

describe('validateRow', () => {
	it('reports the required fields of a work-history row without the rows.0 prefix', () => {
		const fields = rowFieldsOf('work_history');
		const issues = validateRow('work_history', normalizeRow(fields, emptyRow(fields)), ctx);
		expect(issues.map((i) => i.field).sort()).toEqual(['from', 'position', 'unit', 'work']);
		expect(issues.every((i) => i.code === 'required')).toBe(true);
	});
	it('applies the module’s own rules (dates in order, rank ≤ authors)', () => {
		expect(
			validateRow(
				'work_history',
				{ from: '2020-05', to: '2019-01', unit: 'U', position: 'P', work: 'W' },
				ctx
			).map((i) => [i.field, i.code])
		).toEqual([['to', 'date_order']]);
		expect(
			validateRow(
				'publications',
				{ title: 'T', publisher: 'P', publishedOn: '2020-01', rank: 3, authors: 2 },
				ctx
			).map((i) => [i.field, i.code])
		).toEqual([['rank', 'rank_exceeds_authors']]);
	});
	it('checks enumerations, number types and attachments', () => {
		expect(
			validateRow('annual_review', { year: 2024, result: '很好' }, ctx).map((i) => i.code)
		).toEqual(['invalid_field']);
		expect(
			validateRow('annual_review', { year: 'abc', result: '优秀' }, ctx).map((i) => i.field)
		).toEqual(['year']);
		const row = { year: 2024, result: '优秀', attachmentId: 'a1' };
		expect(validateRow('annual_review', row, ctx).map((i) => i.code)).toEqual([
			'attachment_missing'
		]);
		expect(validateRow('annual_review', row, { ...ctx, attachments: new Set(['a1']) })).toEqual([]);
	});
	it('ignores the row count rules', () => {
		expect(
			validateRow('awards', { name: 'A', grade: '省部级', issuer: 'I', awardedOn: '2022-01' }, ctx)
		).toEqual([]);
	});
});

describe('list edits', () => {
	const rows = [{ unit: 'A' }, { unit: 'B' }];
	it('adds, replaces and removes', () => {
		expect(putRow(rows, null, { unit: 'C' })).toHaveLength(3);
		expect(putRow(rows, 1, { unit: 'Z' })[1]).toEqual({ unit: 'Z' });
		expect(removeRow(rows, 0)).toEqual([{ unit: 'B' }]);
		expect(rowsOf({ rows: [{ a: 1 }, 2, null, []] })).toEqual([{ a: 1 }]);
		expect(rowsOf({})).toEqual([]);
	});
	it('finds attachments and the headline', () => {
		const fields = rowFieldsOf('awards');
		expect(rowAttachmentIds(fields, { attachmentId: 'x' })).toEqual(['x']);
		expect(rowAttachmentIds(fields, { attachmentId: '' })).toEqual([]);
		expect(rowHeadline(fields, { name: ' 科技进步奖 ' })).toBe('科技进步奖');
		expect(rowHeadline(rowFieldsOf('annual_review'), { year: 2024, result: '优秀' })).toBe('2024');
	});
});
