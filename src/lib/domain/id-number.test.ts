import { describe, expect, it } from 'vitest';
import { computeIdCheckChar, normalizeIdNumber, validateIdNumber } from './id-number';

const TODAY = new Date(2024, 5, 1);

describe('validateIdNumber: valid numbers (domain.zh.md §6.3)', () => {
	it.each([
		['320102199003070025', '1990-03-07', 'female'],
		['320506198808151239', '1988-08-15', 'male'],
		['321283199501010046', '1995-01-01', 'female'],
		['320707198705210010', '1987-05-21', 'male']
	] as const)('%s → %s %s', (id, birthDate, sex) => {
		expect(validateIdNumber(id, TODAY)).toEqual({ ok: true, birthDate, sex, warnings: [] });
	});

	it('normalises a lowercase x and surrounding spaces', () => {
		expect(normalizeIdNumber(' 32010219850612019x ')).toBe('32010219850612019X');
		expect(validateIdNumber(' 32010219850612019x ', TODAY)).toMatchObject({
			ok: true,
			birthDate: '1985-06-12',
			sex: 'male'
		});
	});

	it('accepts a revoked Jiangsu address code without warning (codes never change once assigned)', () => {
		expect(validateIdNumber('320103198506120030', TODAY)).toMatchObject({ ok: true, warnings: [] });
	});

	it('only warns about an unknown address code', () => {
		expect(validateIdNumber('320199199003070024', TODAY)).toMatchObject({
			ok: true,
			warnings: ['area_unknown']
		});
	});

	it('only warns about an age outside 16–70', () => {
		expect(validateIdNumber('320102199003070025', new Date(2070, 0, 1))).toMatchObject({
			ok: true,
			warnings: ['age_out_of_range']
		});
	});
});

describe('validateIdNumber: invalid numbers', () => {
	it.each([
		['wrong length', '32010219900307002'],
		['19 digits', '3201021990030700251'],
		['letter inside', '32010219900307A025'],
		['leading zero', '020102199003070025'],
		['month 13', '320102199013070025'],
		['century 17', '320102179003070025'],
		['empty', '']
	])('%s → format', (_label, id) => {
		expect(validateIdNumber(id, TODAY)).toEqual({ ok: false, code: 'format' });
	});

	it('rejects a wrong check digit', () => {
		expect(validateIdNumber('320102199003070026', TODAY)).toEqual({
			ok: false,
			code: 'check_digit'
		});
	});

	it('rejects 30 February even with a correct check digit', () => {
		expect(computeIdCheckChar('32010219900230002')).toBe('8');
		expect(validateIdNumber('320102199002300028', TODAY)).toEqual({ ok: false, code: 'date' });
	});

	it('rejects a birth date after today', () => {
		const id = '32010220240602002';
		expect(validateIdNumber(id + computeIdCheckChar(id), TODAY)).toEqual({
			ok: false,
			code: 'date'
		});
	});

	it('accepts a birth date of today', () => {
		const id = '32010220240601002';
		expect(validateIdNumber(id + computeIdCheckChar(id), TODAY)).toMatchObject({ ok: true });
	});

	it('rejects province 99 even with a correct check digit', () => {
		expect(validateIdNumber('99010219900307002X', TODAY)).toEqual({ ok: false, code: 'province' });
	});
});
