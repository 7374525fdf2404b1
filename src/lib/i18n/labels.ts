import { m } from '$lib/paraglide/messages.js';
import type { CaseKind, CaseStatus } from '$lib/domain/sync';

export const CASE_KIND_LABEL: Record<CaseKind, () => string> = {
	review: m.case_kind_review,
	initial: m.case_kind_initial,
	historical: m.case_kind_historical,
	reissue: m.case_kind_reissue
};

export const CASE_STATUS_LABEL: Record<CaseStatus, () => string> = {
	draft: m.case_status_draft,
	submitted: m.case_status_submitted,
	returned: m.case_status_returned,
	cancelled: m.case_status_cancelled,
	approved: m.case_status_approved,
	rejected: m.case_status_rejected
};
