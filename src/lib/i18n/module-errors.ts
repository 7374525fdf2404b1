import { m } from '$lib/paraglide/messages.js';
import type { Locale } from './locale';

/**
 * The error codes of the declaration modules (src/lib/domain/modules) and of 提交's verdict: the
 * only texts the case editor needs, so it does not load every message of the app. `errors.ts`
 * includes these in its full table; the codes and their texts are the same.
 */
export const MODULE_MESSAGES = {
	invalid_field: m.err_invalid_field,
	required: m.err_required,
	mobile_format: m.err_mobile_format,
	date_format: m.err_date_format,
	month_format: m.err_month_format,
	date_future: m.err_date_future,
	date_order: m.err_date_order,
	number_range: m.err_number_range,
	attachment_missing: m.err_attachment_missing,
	region_not_leaf: m.err_region_not_leaf,
	credit_code_invalid: m.err_credit_code_invalid,
	unit_not_chosen: m.err_unit_not_chosen,
	email_format: m.err_email_format,
	initial_level_too_high: m.err_initial_level_too_high,
	edu_cert_no_required: m.err_edu_cert_no_required,
	edu_cert_upload_required: m.err_edu_cert_upload_required,
	edu_not_in_registry: m.err_edu_not_in_registry,
	rank_exceeds_authors: m.err_rank_exceeds_authors,
	unit_consent_required: m.err_unit_consent_required,
	personal_pledge_required: m.err_personal_pledge_required,
	other_material_upload_required: m.err_other_material_upload_required,
	reissue_materials_required: m.err_reissue_materials_required,
	material_not_pdf: m.err_material_not_pdf,
	photo_not_image: m.err_photo_not_image,
	declaration_point_mismatch: m.err_declaration_point_mismatch,
	certificate_not_found: m.err_certificate_not_found,
	certificate_not_reissuable: m.err_certificate_not_reissuable,
	reissue_open_exists: m.err_reissue_open_exists,
	period_closed: m.err_period_closed,
	module_set_missing: m.err_module_set_missing,
	declaration_owner_mismatch: m.err_declaration_owner_mismatch,
	case_open_exists: m.err_case_open_exists,
	elig_missing_education: m.err_elig_missing_education,
	elig_not_full_time: m.err_elig_not_full_time,
	elig_graduation_future: m.err_elig_graduation_future,
	elig_work_before_graduation: m.err_elig_work_before_graduation,
	elig_missing_first_work: m.err_elig_missing_first_work
} satisfies Record<string, (inputs?: never, options?: { locale?: Locale }) => string>;

/** The declaration modules' messages with placeholders ({module}, {min}, {count} …). */
export const MODULE_PARAM_MESSAGES = {
	module_required: m.err_module_required,
	rows_too_few: m.err_rows_too_few,
	historical_materials_too_few: m.err_historical_materials_too_few,
	rows_too_many: m.err_rows_too_many,
	work_summary_too_short: m.err_work_summary_too_short,
	work_summary_too_long: m.err_work_summary_too_long,
	elig_no_rule: m.err_elig_no_rule,
	elig_level_not_allowed: m.err_elig_level_not_allowed,
	elig_years_short: m.err_elig_years_short,
	elig_transitional: m.err_elig_transitional
} as const;

type Message = (inputs: Record<string, string | number>, options?: { locale?: Locale }) => string;

/** A module code's message with its placeholders filled; an unknown code reads as invalid_field. */
export function moduleMessage(
	code: string,
	params: Readonly<Record<string, string | number>> | undefined,
	locale?: Locale
): string {
	const options = locale ? { locale } : undefined;
	if (Object.hasOwn(MODULE_PARAM_MESSAGES, code))
		return (
			MODULE_PARAM_MESSAGES[code as keyof typeof MODULE_PARAM_MESSAGES] as unknown as Message
		)({ ...params }, options);
	const plain = Object.hasOwn(MODULE_MESSAGES, code)
		? MODULE_MESSAGES[code as keyof typeof MODULE_MESSAGES]
		: MODULE_MESSAGES.invalid_field;
	return plain(undefined, options);
}
