import { m } from '$lib/paraglide/messages.js';
import type { CertificateSource, CertificateStatus, ReissueType } from '$lib/domain/certificates';

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
