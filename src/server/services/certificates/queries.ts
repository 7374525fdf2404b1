import type { Sql, TransactionSql } from '../../db/client';

type Db = Sql | TransactionSql;
import type {
	CertificateQuery,
	CertificateRecord,
	CertificateStatus
} from '$lib/domain/certificates';
import { printedColumns } from './columns';
import { signingKey } from './keys';
import { verifyToken } from './token';

/** The columns of a CertificateRecord, dates as YYYY-MM-DD, the neighbours of its chain. */
function recordColumns(sql: Db) {
	return sql`
		c.id, c.case_id, k.kind as case_kind, c.status, c.has_e_certificate, c.level_code,
		c.region_code, c.version, ${printedColumns(sql)},
		c.change_seq::text as seq,
		p.id as predecessor_id, p.cert_no as predecessor_no,
		s.id as successor_id, s.cert_no as successor_no, s.status as successor_status`;
}

function recordFrom(sql: Db) {
	return sql`certificates c join cases k on k.id = c.case_id
		left join certificates p on p.id = c.predecessor_id
		left join certificates s on s.id = c.successor_id`;
}

type Row = Omit<CertificateRecord, 'predecessor' | 'successor' | 'pdfUrl' | 'verifyPath'> & {
	seq: string;
	predecessorId: string | null;
	predecessorNo: string | null;
	successorId: string | null;
	successorNo: string | null;
	successorStatus: CertificateStatus | null;
};

async function toRecords(rows: Row[]): Promise<CertificateRecord[]> {
	const key = rows.some((r) => r.hasECertificate) ? await signingKey() : null;
	return rows.map(
		({
			seq: _,
			predecessorId,
			predecessorNo,
			successorId,
			successorNo,
			successorStatus,
			...r
		}) => ({
			...r,
			predecessor: predecessorId ? { id: predecessorId, certNo: predecessorNo! } : null,
			successor: successorId
				? { id: successorId, certNo: successorNo!, status: successorStatus! }
				: null,
			pdfUrl: r.hasECertificate ? certificatePdfPath(r.id) : null,
			verifyPath: key && r.hasECertificate ? `/verify/${verifyToken(r.id, key)}` : null
		})
	);
}

export function certificatePdfPath(id: string): string {
	return `/certificates/${id}/certificate.pdf`;
}

/** 查询 of one's own certificates (ch. 5, ch. 6), newest first; every condition optional. */
export async function certificatesForHolder(
	sql: Db,
	holderId: string,
	query: CertificateQuery = {}
): Promise<CertificateRecord[]> {
	const no = query.certNo?.trim();
	const rows = await sql<Row[]>`
		select ${recordColumns(sql)} from ${recordFrom(sql)}
		where c.holder_id = ${holderId}
			${no ? sql`and (strpos(c.cert_no, ${no}) > 0 or strpos(coalesce(c.old_certificate_no, ''), ${no}) > 0)` : sql``}
			${query.year ? sql`and extract(year from c.issued_on) = ${query.year}` : sql``}
			${query.status ? sql`and c.status = ${query.status}` : sql``}
		order by c.issued_on desc, c.created_at desc`;
	return toRecords(rows);
}

/** The holder's certificates changed after `since` (a change_seq), in order: for sync.pull. */
export async function certificateChangesSince(
	sql: Db,
	holderId: string,
	since: string,
	limit: number
): Promise<{ seq: string; certificate: CertificateRecord }[]> {
	const rows = await sql<Row[]>`
		select ${recordColumns(sql)} from ${recordFrom(sql)}
		where c.holder_id = ${holderId} and c.change_seq > ${since}::bigint
		order by c.change_seq limit ${limit}`;
	const records = await toRecords(rows);
	return records.map((certificate, i) => ({ seq: rows[i]!.seq, certificate }));
}
