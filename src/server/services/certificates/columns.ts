import type { Sql, TransactionSql } from '../../db/client';

/** The printed fields (CertificatePrintedFields) of certificate `c`, dates as YYYY-MM-DD. */
export function printedColumns(sql: Sql | TransactionSql) {
	return sql`c.cert_no, c.holder_name, c.id_number_masked, c.source, c.series_name,
		c.level_name, c.title_name, c.specialty, c.committee_name, c.approval_no,
		to_char(c.approved_on, 'YYYY-MM-DD') as approved_on,
		to_char(c.issued_on, 'YYYY-MM-DD') as issued_on, c.issuing_authority, c.management_no,
		c.old_certificate_no`;
}
