import { m } from '$lib/paraglide/messages.js';
import type {
	CertificateRecord,
	CertificateSource,
	CertificateStatus,
	ReissueType
} from '$lib/domain/certificates';

/** 有效 / 已作废 / 已换发 / 历史登记 in the reader's language. */
export const STATUS_LABEL: Record<CertificateStatus, () => string> = {
	valid: m.cert_status_valid,
	void: m.cert_status_void,
	replaced: m.cert_status_replaced,
	historical: m.cert_status_historical
};

/** 申报类型: 评审 / 初定. */
export const SOURCE_LABEL: Record<CertificateSource, () => string> = {
	review: m.cert_source_review,
	initial: m.cert_source_initial
};

/** 业务类别: 补办 / 换发. */
export const BUSINESS_LABEL: Record<ReissueType, () => string> = {
	reissue: m.cert_business_reissue,
	replace: m.cert_business_replace
};

export interface CertificateRow {
	label: string;
	value: string;
}

/** The fields of an e-certificate as the PDF prints them, in its order; empty ones left out. */
export function sheetRows(c: CertificateRecord): CertificateRow[] {
	const rows: [string, string | null | undefined][] = [
		[m.bi_name(), c.holderName],
		[m.bi_id_number(), c.idNumberMasked],
		[m.cert_title_label(), c.titleName],
		[m.cert_series_label(), `${c.seriesName} · ${c.levelName}`],
		[m.cert_specialty_label(), c.specialty],
		[m.cert_committee_label(), c.committeeName],
		[m.cert_approval_label(), c.approvalNo],
		[m.cert_approved_label(), c.approvedOn],
		[m.cert_no_label(), c.certNo],
		[m.cert_authority_label(), c.issuingAuthority],
		[m.cert_issued_label(), c.issuedOn],
		[m.cert_status_label(), STATUS_LABEL[c.status]()]
	];
	return rows
		.filter((r): r is [string, string] => !!r[1])
		.map(([label, value]) => ({ label, value }));
}

/** The middle lines of a certificate's short summary (its number and status are drawn apart). */
export function summaryRows(c: CertificateRecord): CertificateRow[] {
	const rows: [string, string | null | undefined][] = [
		[m.cert_title_label(), `${c.titleName}（${c.seriesName} · ${c.levelName}）`],
		[m.cert_specialty_label(), c.specialty],
		[m.cert_authority_label(), c.issuingAuthority],
		[m.cert_issued_label(), c.issuedOn]
	];
	return rows
		.filter((r): r is [string, string] => !!r[1])
		.map(([label, value]) => ({ label, value }));
}
