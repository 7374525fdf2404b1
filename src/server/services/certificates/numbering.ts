import type { TransactionSql } from '../../db/client';
import { CERTIFICATE_NO_RE } from '$lib/domain/certificates';
import type { LevelCode } from '$lib/domain/modules/catalog';

/**
 * 证书编号 in the synthetic format of domain §4.2 (shown with 示例):
 * JS + year + level + series code + the first 4 digits of the region + a 6-digit serial.
 */
export interface NumberParts {
	year: number;
	level: LevelCode;
	/** The series' row in the §2.2 table (title_series.sort / 10), 2 digits. */
	seriesCode: number;
	/** A region code ('320100', '320102', '320000-BJ'); none: the province. */
	regionCode: string | null;
}

export function numberPrefix(p: NumberParts): string {
	const region = p.regionCode && /^\d{4}/.test(p.regionCode) ? p.regionCode.slice(0, 4) : '3200';
	const series = String(Math.min(Math.max(p.seriesCode, 0), 99)).padStart(2, '0');
	return `JS${p.year}-${p.level}-${series}-${region}`;
}

/** The next number of the prefix, in the issuing transaction (its row lock orders issuers). */
export async function allocateNumber(tx: TransactionSql, p: NumberParts): Promise<string> {
	const prefix = numberPrefix(p);
	const [row] = await tx<{ lastSerial: number }[]>`
		insert into certificate_serials (prefix, last_serial) values (${prefix}, 1)
		on conflict (prefix) do update set last_serial = certificate_serials.last_serial + 1
		returning last_serial`;
	const certNo = `${prefix}-${String(row!.lastSerial).padStart(6, '0')}`;
	if (!CERTIFICATE_NO_RE.test(certNo))
		throw new Error(`certificate number ${certNo} out of format`);
	return certNo;
}
