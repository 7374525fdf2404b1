/** One CSV field (RFC 4180): quoted when it holds a quote, comma or line break. */
export function csvCell(value: string | null): string {
	if (value === null) return '';
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV line, with the CRLF Excel expects. */
export function csvLine(values: readonly (string | null)[]): string {
	return values.map(csvCell).join(',') + '\r\n';
}
