/** Mainland mobile numbers: 11 digits, 1 then a 3–9 network digit. */
export const MOBILE_RE = /^1[3-9]\d{9}$/;

export function isMobile(value: string): boolean {
	return MOBILE_RE.test(value.trim());
}
