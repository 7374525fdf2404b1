/**
 * 统一社会信用代码 (GB 32100-2015, 18 characters): registration department, organisation category,
 * registering region (GB/T 2260), the embedded organisation code (GB 11714) and a check character.
 */
import { JIANGSU_AREA_CODES } from './id-number';

export type CreditCodeErrorCode = 'format' | 'check_digit';
export type CreditCodeWarning = 'org_code_check' | 'region_outside_jiangsu' | 'region_unknown';

export type CreditCodeResult =
	| { ok: true; value: string; warnings: CreditCodeWarning[] }
	| { ok: false; code: CreditCodeErrorCode };

/** 31 characters: the digits and capitals without I, O, Z, S, V. */
export const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_RE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export function normalizeCreditCode(value: string): string {
	return value.trim().toUpperCase();
}

export function computeCreditCheckChar(first17: string): string {
	let sum = 0;
	for (const [i, weight] of CREDIT_WEIGHTS.entries()) {
		const char = first17.charAt(i);
		const value = CREDIT_CHARSET.indexOf(char);
		if (value < 0) throw new RangeError(`not a credit-code character: '${char}'`);
		sum += value * weight;
	}
	const r = 31 - (sum % 31);
	return CREDIT_CHARSET.charAt(r === 31 ? 0 : r);
}

/** GB 11714 check character of an 8-character organisation-code body (0–9, A–Z as 10–35). */
export function computeOrgCodeCheckChar(body8: string): string {
	let sum = 0;
	for (const [i, weight] of ORG_WEIGHTS.entries()) sum += parseInt(body8.charAt(i), 36) * weight;
	const r = 11 - (sum % 11);
	if (r === 10) return 'X';
	return r === 11 ? '0' : String(r);
}

export function validateCreditCode(value: string): CreditCodeResult {
	const code = normalizeCreditCode(value);
	if (!CREDIT_RE.test(code)) return { ok: false, code: 'format' };
	if (computeCreditCheckChar(code.slice(0, 17)) !== code.charAt(17)) {
		return { ok: false, code: 'check_digit' };
	}
	return { ok: true, value: code, warnings: creditCodeWarnings(code) };
}

/** Soft checks only: codes assigned before GB 32100 may carry an org code that fails GB 11714. */
function creditCodeWarnings(code: string): CreditCodeWarning[] {
	const warnings: CreditCodeWarning[] = [];
	if (computeOrgCodeCheckChar(code.slice(8, 16)) !== code.charAt(16))
		warnings.push('org_code_check');
	const region = code.slice(2, 8);
	if (!region.startsWith('32')) warnings.push('region_outside_jiangsu');
	else if (!JIANGSU_AREA_CODES.has(region)) warnings.push('region_unknown');
	return warnings;
}
