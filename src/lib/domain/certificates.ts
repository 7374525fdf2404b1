import type { LevelCode } from './modules/catalog';

/**
 * The certificate half's shared words (manual ch. 4–6, domain §4, §8): statuses, the modules of
 * the two certificate services and what their 通过 does. Pure: the applicant's pages, the review
 * dashboard and the certificate service all read these.
 */

/** 有效 / 已作废 / 已换发 / 历史登记 (a registered paper certificate: no e-certificate). */
export const CERTIFICATE_STATUSES = ['valid', 'void', 'replaced', 'historical'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

/** 申报类型 of a certificate: how the title was obtained. */
export const CERTIFICATE_SOURCES = ['review', 'initial'] as const;
export type CertificateSource = (typeof CERTIFICATE_SOURCES)[number];

/** 业务类别 of ch. 5: 补办 (a lost certificate: the old one 已作废) or 换发 (the old one 已换发). */
export const REISSUE_TYPES = ['reissue', 'replace'] as const;
export type ReissueType = (typeof REISSUE_TYPES)[number];

/**
 * The modules of the certificate services, in the order the manual's forms show them.
 * 历史职称数据登记 (ch. 4): the old certificate's fields, then 材料上传 (at least 2 of 3 PDFs).
 * 职称证书在线补办 (ch. 5): the request, then 材料上传 (all 3 PDFs).
 */
export const HISTORICAL_MODULES = ['historical_certificate', 'historical_materials'] as const;
export const REISSUE_MODULES = ['reissue_request', 'reissue_materials'] as const;

export const HISTORICAL_SLOTS = [
	'declaration_form',
	'old_certificate',
	'approval_document'
] as const;
export type HistoricalSlot = (typeof HISTORICAL_SLOTS)[number];
export const HISTORICAL_MIN_SLOTS = 2;
export const REISSUE_SLOTS = ['original_documents', 'void_notice', 'reissue_form'] as const;
export type ReissueSlot = (typeof REISSUE_SLOTS)[number];

/** `historical_certificate` module data: the paper certificate exactly as printed. */
export interface HistoricalCertificate {
	/** 证件照 (changeable): an attachment id, like basic_info's. */
	photoAttachmentId?: string;
	seriesCode?: string;
	levelCode?: LevelCode;
	/** 资格名称 as printed (e.g. 工程师). */
	titleName?: string;
	specialty?: string;
	/** 取得资格时间 / 批准日期, YYYY-MM-DD. */
	approvedOn?: string;
	approvalNo?: string;
	/** 评委会名称 (or the approving authority for 初定). */
	committeeName?: string;
	issuingAuthority?: string;
	oldCertificateNo?: string;
	/** 管理号 (older Jiangsu paper certificates): optional. */
	managementNo?: string;
	/** 所属行政区划: that of the issuing authority (a 市本级 or a county), routes to its 申报点. */
	regionCode?: string;
}

/** `reissue_request` module data (ch. 5 ①–⑤). */
export interface ReissueRequest {
	photoAttachmentId?: string;
	/** The certificate to reissue or replace (one of the applicant's own). */
	certificateId?: string;
	/** Its number, copied when chosen, for the reviewer's view. */
	certificateNo?: string;
	declarationType?: CertificateSource;
	businessType?: ReissueType;
	regionCode?: string;
	/** 所属申报点: depends on the region. */
	declarationPointId?: string;
}

/** What 通过 of the last step does to certificates, by case kind. */
export function issuanceOf(kind: 'initial' | 'review' | 'historical' | 'reissue'): {
	/** The status of the new certificate row. */
	status: CertificateStatus;
	/** Whether it has an e-certificate (a signed PDF with a QR code). */
	electronic: boolean;
} {
	return kind === 'historical'
		? { status: 'historical', electronic: false }
		: { status: 'valid', electronic: true };
}

/** 补办 voids the old certificate; 换发 marks it replaced. Either points to its successor. */
export function predecessorStatusAfter(type: ReissueType): CertificateStatus {
	return type === 'reissue' ? 'void' : 'replaced';
}

/** 高级 (正高/副高) certificates are issued by the province, 中级/初级 by the city HR bureau. */
export function issuedByProvince(level: LevelCode): boolean {
	return level === 'A' || level === 'B';
}

/** The synthetic number format (domain §4.2, marked 示例 where shown). */
export const CERTIFICATE_NO_RE = /^JS\d{4}-[A-E]-\d{2}-\d{4}-\d{6}$/;

/** A 申报点 (the HR bureau's desk that reviews the certificate services of its city). */
export interface DeclarationPointRow {
	id: string;
	name: string;
	regionCode: string;
}

/** A 申报点 serves the regions of its 设区市 (the province's own serves 省本级). */
export function servesRegion(pointRegion: string, regionCode: string): boolean {
	return regionCode.length >= 4 && pointRegion.slice(0, 4) === regionCode.slice(0, 4);
}

/** 所属申报点 choices for a 所属行政区划 (manual ch. 5 ⑤: the region first, then its points). */
export function pointsForRegion<T extends { regionCode: string }>(
	points: readonly T[],
	regionCode: string | null | undefined
): T[] {
	return regionCode ? points.filter((p) => servesRegion(p.regionCode, regionCode)) : [];
}

/** A certificate the applicant may ask to reissue or replace: not already superseded. */
export function isReissuable(status: CertificateStatus): boolean {
	return status === 'valid' || status === 'historical';
}

/** Shown beside a synthetic certificate number (domain §4.2: the real Jiangsu format is unknown). */
export const CERTIFICATE_NO_EXAMPLE_MARK = '示例';

/** What a certificate prints about its holder and title: what its SM2 signature covers. */
export interface CertificatePrintedFields {
	certNo: string;
	holderName: string;
	/** Never the full number: 320102********0025. */
	idNumberMasked: string;
	source: CertificateSource | null;
	seriesName: string;
	levelName: string;
	titleName: string;
	specialty: string | null;
	committeeName: string | null;
	approvalNo: string | null;
	/** YYYY-MM-DD */
	approvedOn: string | null;
	issuedOn: string;
	issuingAuthority: string;
	managementNo: string | null;
	oldCertificateNo: string | null;
}

/** A certificate as its holder sees it (查询, 在线领取) and as the device store keeps it. */
export interface CertificateRecord extends CertificatePrintedFields {
	id: string;
	/** The case whose last 通过 issued it (its 申报表: /cases/<caseId>/form.pdf for 评审/初定). */
	caseId: string;
	caseKind: 'initial' | 'review' | 'historical' | 'reissue';
	status: CertificateStatus;
	hasECertificate: boolean;
	levelCode: LevelCode;
	regionCode: string | null;
	predecessor: { id: string; certNo: string } | null;
	successor: { id: string; certNo: string; status: CertificateStatus } | null;
	/** Bumped when what the PDF shows changes (a device's stored copy is stale below it). */
	version: number;
	/** The e-certificate (下载 adds ?download=1); null without one. */
	pdfUrl: string | null;
	/** The QR code's target, `/verify/<token>`; null without an e-certificate. */
	verifyPath: string | null;
}

/** 查询 of one's own certificates (ch. 5, ch. 6): every condition optional. */
export interface CertificateQuery {
	/** Part of the certificate number (or the printed old one). */
	certNo?: string;
	/** Year of 发证日期. */
	year?: number;
	status?: CertificateStatus;
}

/** 职称证书查询 / the QR page: masked data only, the same answer for a wrong name and no number. */
export type VerifyAnswer =
	| {
			outcome: 'found';
			certificate: Omit<
				CertificatePrintedFields,
				'source' | 'managementNo' | 'oldCertificateNo'
			> & {
				status: CertificateStatus;
				hasECertificate: boolean;
			};
			/** 'verified': the SM2 signature holds over the current fields; 'none': no e-certificate. */
			signature: 'verified' | 'failed' | 'none';
			keyId: string | null;
			/** What a third party checks with the published key (SM2, signer id 1234567812345678). */
			signed: { text: string; signatureHex: string } | null;
			successor: { certNo: string; status: CertificateStatus } | null;
			predecessor: { certNo: string; status: CertificateStatus } | null;
	  }
	/** No certificate of that number with that name (both cases look alike). */
	| { outcome: 'not_found' }
	/** A QR token that is malformed or altered. */
	| { outcome: 'bad_token' }
	| { outcome: 'rate_limited'; retryAfterSeconds: number };
