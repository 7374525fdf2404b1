import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	CREDIT_CHARSET,
	computeCreditCheckChar,
	computeOrgCodeCheckChar,
	validateCreditCode
} from './credit-code';

const VERIFIED = [
	'91320106MA1W8K3Q87',
	'91320583MA1MB7HD2C',
	'92321302MA1TX5RQ3N',
	'123200004660012320',
	'11320100014000001B',
	'513205005000012372',
	'52320200MJ12345614'
];

describe('validateCreditCode: valid codes (domain.zh.md §6.2)', () => {
	it.each(VERIFIED)('%s', (code) => {
		expect(validateCreditCode(code)).toEqual({ ok: true, value: code, warnings: [] });
		expect(computeCreditCheckChar(code.slice(0, 17))).toBe(code.charAt(17));
		expect(computeOrgCodeCheckChar(code.slice(8, 16))).toBe(code.charAt(16));
	});

	it('normalises lowercase and spaces', () => {
		expect(validateCreditCode(' 91320106ma1w8k3q87 ')).toMatchObject({
			ok: true,
			value: '91320106MA1W8K3Q87'
		});
	});

	it('maps a remainder of 0 (r = 31) to the character 0', () => {
		expect(computeCreditCheckChar('12320000466001232')).toBe('0');
	});

	it('warns, without rejecting, about a bad organisation-code check or a region outside Jiangsu', () => {
		const badOrg = '91320106MA1W8K3Q9';
		expect(validateCreditCode(badOrg + computeCreditCheckChar(badOrg))).toMatchObject({
			ok: true,
			warnings: ['org_code_check']
		});
		const beijing = '91110108MA1W8K3Q8';
		expect(validateCreditCode(beijing + computeCreditCheckChar(beijing))).toMatchObject({
			ok: true,
			warnings: ['region_outside_jiangsu']
		});
	});
});

describe('validateCreditCode: invalid codes', () => {
	it('rejects a wrong check character', () => {
		expect(validateCreditCode('91320106MA1W8K3Q88')).toEqual({ ok: false, code: 'check_digit' });
	});

	it.each(['I', 'O', 'Z', 'S', 'V'])('rejects the excluded character %s', (char) => {
		expect(CREDIT_CHARSET).not.toContain(char);
		expect(validateCreditCode(`91320106MA1W8K3Q8${char}`)).toEqual({ ok: false, code: 'format' });
		expect(validateCreditCode(`91320106M${char}1W8K3Q87`)).toEqual({ ok: false, code: 'format' });
	});

	it.each([
		['17 characters', '91320106MA1W8K3Q8'],
		['19 characters', '91320106MA1W8K3Q870'],
		['letter in the region code', '9132A106MA1W8K3Q87'],
		['punctuation', '91320106MA1W8K3Q-7'],
		['empty', '']
	])('%s → format', (_label, code) => {
		expect(validateCreditCode(code)).toEqual({ ok: false, code: 'format' });
	});
});

describe('seed data', () => {
	const sql = readFileSync(
		new URL('../../../migrations/0002_reference.sql', import.meta.url),
		'utf8'
	);
	const workUnits = /insert into work_units[^;]*;/.exec(sql)?.[0] ?? '';
	// Each row is (id, name, credit_code, …): the third quoted value.
	const codes = [...workUnits.matchAll(/\(\s*'[^']*',\s*'[^']*',\s*'([^']*)'/g)].map(
		(m) => m[1] ?? ''
	);

	it('has the demo units', () => {
		expect(codes).toEqual(expect.arrayContaining(VERIFIED));
		expect(new Set(codes).size).toBe(codes.length);
		expect(codes.length).toBeGreaterThanOrEqual(12);
	});

	it.each(codes)('credit_code %s passes validateCreditCode', (code) => {
		expect(validateCreditCode(code)).toEqual({ ok: true, value: code, warnings: [] });
	});
});
