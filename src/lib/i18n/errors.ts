import { m } from '$lib/paraglide/messages.js';
import type { Locale } from './locale';
import { MODULE_MESSAGES, MODULE_PARAM_MESSAGES } from './module-errors';

/** Error codes the domain schemas and procedures use as messages; each has both languages. */
const MESSAGES = {
	invalid_input: m.err_invalid_input,
	login_required: m.err_login_required,
	forbidden: m.err_forbidden,
	login_failed: m.err_login_failed,
	login_throttled: m.err_login_throttled,
	register_taken: m.err_register_taken,
	sms_code_format: m.err_sms_code_format,
	sms_code_wrong: m.err_sms_code_wrong,
	sms_code_expired: m.err_sms_code_expired,
	sms_throttled: m.err_sms_throttled,
	sms_unavailable: m.err_sms_unavailable,
	identity_mismatch: m.err_identity_mismatch,
	identity_unavailable: m.err_identity_unavailable,
	account_throttled: m.err_account_throttled,
	reset_no_account: m.err_reset_no_account,
	rate_limited: m.err_rate_limited,
	password_wrong: m.err_password_wrong,
	name_format: m.err_name_format,
	id_number_format: m.err_id_number_format,
	id_number_date: m.err_id_number_date,
	id_number_check_digit: m.err_id_number_check_digit,
	id_number_province: m.err_id_number_province,
	password_length: m.err_password_length,
	password_mismatch: m.err_password_mismatch,
	identifier_required: m.err_identifier_required,
	origin_refused: m.err_origin_refused,
	sync_id_reused: m.err_sync_id_reused,
	sync_not_found: m.err_sync_not_found,
	sync_not_owner: m.err_sync_not_owner,
	sync_not_editable: m.err_sync_not_editable,
	sync_wrong_state: m.err_sync_wrong_state,
	sync_stale: m.err_sync_stale,
	sync_invalid: m.err_sync_invalid,
	sync_attachment_not_ready: m.err_sync_attachment_not_ready,
	sync_attachment_wrong_type: m.err_sync_attachment_wrong_type,
	file_metadata_invalid: m.err_file_metadata_invalid,
	file_type_not_allowed: m.err_file_type_not_allowed,
	file_type_mismatch: m.err_file_type_mismatch,
	file_too_large: m.err_file_too_large,
	file_case_limit: m.err_file_case_limit,
	file_applicant_limit: m.err_file_applicant_limit,
	file_case_not_editable: m.err_file_case_not_editable,
	sync_module_unknown: m.err_sync_module_unknown,
	sync_module_too_large: m.err_sync_module_too_large,
	sync_attachment_other_case: m.err_sync_attachment_other_case,
	value_out_of_range: m.err_value_out_of_range,
	file_pdf_script: m.err_file_pdf_script,
	file_pdf_active: m.err_file_pdf_active,
	file_pdf_encrypted: m.err_file_pdf_encrypted,
	file_pdf_unreadable: m.err_file_pdf_unreadable,
	file_pdf_too_complex: m.err_file_pdf_too_complex,
	file_image_too_large: m.upload_file_image_too_large,
	file_image_unreadable: m.upload_file_image_unreadable,
	file_checksum_mismatch: m.err_file_checksum_mismatch,
	file_size_mismatch: m.err_file_size_mismatch,
	file_id_reused: m.err_file_id_reused,
	file_device_full: m.err_file_device_full,
	// Declaration modules and 提交 on the server: ./module-errors.ts (the editor loads only those).
	...MODULE_MESSAGES,
	sync_incomplete: m.err_sync_incomplete,
	sync_period_closed: m.err_sync_period_closed,
	sync_duplicate_case: m.err_sync_duplicate_case,
	education_lookup_failed: m.err_education_lookup_failed,
	search_too_short: m.err_search_too_short,
	review_not_found: m.err_review_not_found,
	review_moved_on: m.err_review_moved_on,
	review_not_your_level: m.err_review_not_your_level,
	review_reason_required: m.err_review_reason_required,
	review_approval_no_required: m.err_review_approval_no_required,
	review_claimed_by_other: m.err_review_claimed_by_other,
	review_id_reused: m.err_review_id_reused,
	admin_id_format: m.err_admin_id_format,
	admin_region_missing: m.err_admin_region_missing,
	admin_series_missing: m.err_admin_series_missing,
	admin_owner_missing: m.err_admin_owner_missing,
	admin_phone_format: m.err_admin_phone_format,
	admin_levels_required: m.err_admin_levels_required,
	admin_specialties_required: m.err_admin_specialties_required,
	admin_period_order: m.err_admin_period_order,
	admin_period_no_retire: m.err_admin_period_no_retire,
	admin_record_changed: m.err_admin_record_changed,
	admin_not_found: m.err_admin_not_found,
	admin_exists: m.err_admin_exists,
	admin_scope_required: m.err_admin_scope_required,
	admin_account_format: m.err_admin_account_format,
	admin_account_taken: m.err_admin_account_taken,
	admin_disable_self: m.err_admin_disable_self,
	admin_module_unknown: m.err_admin_module_unknown,
	admin_module_limits: m.err_admin_module_limits,
	admin_module_basic_info: m.err_admin_module_basic_info,
	admin_module_duplicate: m.err_admin_module_duplicate,
	admin_module_owner_missing: m.err_admin_module_owner_missing,
	review_certificate_incomplete: m.err_review_certificate_incomplete,
	review_certificate_predecessor: m.err_review_certificate_predecessor
} satisfies Record<string, (inputs?: never, options?: { locale?: Locale }) => string>;

export type ErrorCode = keyof typeof MESSAGES;

/** Messages with placeholders ({module}, {min}, {count} …): the caller passes the values. */
const PARAM_MESSAGES = {
	...MODULE_PARAM_MESSAGES,
	admin_period_overlap: m.err_admin_period_overlap,
	admin_in_use: m.err_admin_in_use,
	admin_scope_missing: m.err_admin_scope_missing
} as const;

export type ParamErrorCode = keyof typeof PARAM_MESSAGES;

/** Any message code, with its placeholders filled from `params` (missing ones become ''). */
export function messageWith(
	code: string,
	params: Readonly<Record<string, string | number>> | undefined,
	locale?: Locale
): string {
	if (Object.hasOwn(PARAM_MESSAGES, code)) {
		const fn = PARAM_MESSAGES[code as ParamErrorCode] as unknown as (
			inputs: Record<string, string | number>,
			options?: { locale?: Locale }
		) => string;
		return fn({ ...params }, locale ? { locale } : undefined);
	}
	return errorMessage(isErrorCode(code) ? code : 'invalid_field', locale);
}

export function isErrorCode(code: string): code is ErrorCode {
	return Object.hasOwn(MESSAGES, code);
}

export function errorMessage(code: ErrorCode, locale?: Locale): string {
	return MESSAGES[code](undefined, locale ? { locale } : undefined);
}

/** Field path → message, for zod issues whose message is an ErrorCode. */
export function fieldErrorsOf(
	issues: readonly { path: readonly PropertyKey[]; message: string }[],
	locale?: Locale
): Record<string, string> {
	const out: Record<string, string> = {};
	for (const issue of issues) {
		const field = issue.path.map(String).join('.') || '_';
		out[field] ??= errorMessage(
			isErrorCode(issue.message) ? issue.message : 'invalid_field',
			locale
		);
	}
	return out;
}
