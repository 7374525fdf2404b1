/** 320102********0025: region and last four stay, the birth date is hidden. */
export function maskIdNumber(id: string): string {
	return id.length === 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : '*'.repeat(id.length);
}

/** 138****0001 */
export function maskMobile(mobile: string): string {
	return mobile.length === 11
		? `${mobile.slice(0, 3)}****${mobile.slice(7)}`
		: '*'.repeat(mobile.length);
}
