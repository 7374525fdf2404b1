import { m } from '$lib/paraglide/messages.js';
import type { Locale } from './locale';

/** Error codes the domain schemas and procedures use as messages; each has both languages. */
const MESSAGES = {
	invalid_input: m.err_invalid_input,
	invalid_field: m.err_invalid_field,
	required: m.err_required,
	login_required: m.err_login_required,
	forbidden: m.err_forbidden,
	login_failed: m.err_login_failed,
	login_throttled: m.err_login_throttled,
	register_taken: m.err_register_taken,
	name_format: m.err_name_format,
	id_number_format: m.err_id_number_format,
	id_number_date: m.err_id_number_date,
	id_number_check_digit: m.err_id_number_check_digit,
	id_number_province: m.err_id_number_province,
	mobile_format: m.err_mobile_format,
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
	file_metadata_invalid: m.err_file_metadata_invalid,
	file_type_not_allowed: m.err_file_type_not_allowed,
	file_type_mismatch: m.err_file_type_mismatch,
	file_too_large: m.err_file_too_large,
	file_case_limit: m.err_file_case_limit,
	file_pdf_script: m.err_file_pdf_script,
	file_pdf_unreadable: m.err_file_pdf_unreadable,
	file_checksum_mismatch: m.err_file_checksum_mismatch,
	file_size_mismatch: m.err_file_size_mismatch,
	file_id_reused: m.err_file_id_reused,
	file_device_full: m.err_file_device_full
} satisfies Record<string, (inputs?: never, options?: { locale?: Locale }) => string>;

export type ErrorCode = keyof typeof MESSAGES;

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
