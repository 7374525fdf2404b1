/**
 * 居民身份证号 (GB 11643-1999, 18 digits): address code, birth date, sequence (odd = male), and an
 * ISO 7064 MOD 11-2 check character.
 */

export type IdNumberErrorCode = 'format' | 'date' | 'check_digit' | 'province';
export type IdNumberWarning = 'area_unknown' | 'age_out_of_range';

export type IdNumberResult =
	| { ok: true; birthDate: string; sex: 'male' | 'female'; warnings: IdNumberWarning[] }
	| { ok: false; code: IdNumberErrorCode };

const ID18_RE = /^[1-9]\d{5}(18|19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dX]$/;
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_MAP = '10X98765432';
const PROVINCE_CODES = new Set(
	[
		'11 12 13 14 15 21 22 23 31 32 33 34 35 36 37',
		'41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65',
		'71 81 82 83'
	]
		.join(' ')
		.split(' ')
);
const MIN_AGE = 16;
const MAX_AGE = 70;

/**
 * Jiangsu address codes: the province, its 13 cities, the 95 current county-level units and the
 * revoked codes still found in numbers issued before a merger (an address code never changes after
 * it is assigned, so revoked codes must not be rejected).
 */
export const JIANGSU_AREA_CODES: ReadonlySet<string> = new Set(
	[
		// province and cities
		'320000 320100 320200 320300 320400 320500 320600 320700 320800 320900 321000 321100',
		'321200 321300',
		// current county-level units (GB/T 2260)
		'320102 320104 320105 320106 320111 320113 320114 320115 320116 320117 320118 320205',
		'320206 320211 320213 320214 320281 320282 320302 320303 320305 320311 320312 320321',
		'320322 320324 320381 320382 320402 320404 320411 320412 320413 320481 320505 320506',
		'320507 320508 320509 320581 320582 320583 320585 320612 320613 320614 320623 320681',
		'320682 320685 320703 320706 320707 320722 320723 320724 320803 320804 320812 320813',
		'320826 320830 320831 320902 320903 320904 320921 320922 320923 320924 320925 320981',
		'321002 321003 321012 321023 321081 321084 321102 321111 321112 321181 321182 321183',
		'321202 321203 321204 321281 321282 321283 321302 321311 321322 321323 321324',
		// revoked
		'320103 320107 320124 320125 320202 320203 320204 320405 320482 320502 320503 320504',
		'320584 320602 320611 320621 320684 320802 320811 320829 320982 321088 321284 321321'
	]
		.join(' ')
		.split(' ')
);

export function normalizeIdNumber(value: string): string {
	return value.trim().toUpperCase();
}

export function computeIdCheckChar(first17: string): string {
	let sum = 0;
	for (const [i, weight] of WEIGHTS.entries()) sum += Number(first17.charAt(i)) * weight;
	return CHECK_MAP.charAt(sum % 11);
}

export function validateIdNumber(value: string, today: Date = new Date()): IdNumberResult {
	const id = normalizeIdNumber(value);
	if (!ID18_RE.test(id)) return { ok: false, code: 'format' };

	const birth = {
		y: Number(id.slice(6, 10)),
		m: Number(id.slice(10, 12)),
		d: Number(id.slice(12, 14))
	};
	const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
	if (!isRealDate(birth) || birthDate > localIsoDate(today)) return { ok: false, code: 'date' };
	if (computeIdCheckChar(id.slice(0, 17)) !== id.charAt(17))
		return { ok: false, code: 'check_digit' };
	if (!PROVINCE_CODES.has(id.slice(0, 2))) return { ok: false, code: 'province' };

	const warnings: IdNumberWarning[] = [];
	if (id.startsWith('32') && !JIANGSU_AREA_CODES.has(id.slice(0, 6))) warnings.push('area_unknown');
	const age = ageOn(birth, today);
	if (age < MIN_AGE || age > MAX_AGE) warnings.push('age_out_of_range');

	const sex = Number(id.charAt(16)) % 2 === 1 ? 'male' : 'female';
	return { ok: true, birthDate, sex, warnings };
}

interface YearMonthDay {
	y: number;
	m: number;
	d: number;
}

function isRealDate({ y, m, d }: YearMonthDay): boolean {
	const date = new Date(Date.UTC(y, m - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The calendar date where the person is, not in UTC: a birth "today" must not count as future. */
function localIsoDate(date: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function ageOn({ y, m, d }: YearMonthDay, today: Date): number {
	const month = today.getMonth() + 1;
	const beforeBirthday = month < m || (month === m && today.getDate() < d);
	return today.getFullYear() - y - (beforeBirthday ? 1 : 0);
}
