import type { CertificateRecord, CertificateStatus } from '$lib/domain/certificates';

export interface ReceiveQuery {
	certNo: string;
	year: string;
	status: CertificateStatus | '';
}

/** 查询条件 of 在线领取: part of the number (new or printed old one), 发证年度, status. */
export function matchesQuery(
	c: Pick<CertificateRecord, 'certNo' | 'oldCertificateNo' | 'issuedOn' | 'status'>,
	q: ReceiveQuery
): boolean {
	const no = q.certNo.trim().toUpperCase();
	if (no && !c.certNo.toUpperCase().includes(no) && !c.oldCertificateNo?.toUpperCase().includes(no))
		return false;
	if (q.year.trim() && !c.issuedOn.startsWith(q.year.trim())) return false;
	return !q.status || c.status === q.status;
}
