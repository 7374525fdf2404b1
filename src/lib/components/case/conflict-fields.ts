import { m } from '$lib/paraglide/messages.js';
import { MODULE_RULES, type ModuleKey } from '$lib/domain/modules/catalog-core';
import type { Locale } from '$lib/i18n/locale';

export interface ConflictField {
	key: string;
	label: string;
}

/** Named fields where a module has flat ones; otherwise its top-level keys under the module title. */
const NAMED: Partial<Record<ModuleKey, () => ConflictField[]>> = {
	basic_info: () => [
		{ key: 'regionCode', label: m.bi_region() },
		{ key: 'unitNature', label: m.bi_unit_nature() },
		{ key: 'departmentId', label: m.bi_department() },
		{ key: 'workUnitName', label: m.bi_work_unit() },
		{ key: 'creditCode', label: m.bi_credit_code() },
		{ key: 'phone', label: m.bi_phone() },
		{ key: 'email', label: m.bi_email() },
		{ key: 'firstWorkedOn', label: m.bi_first_worked_on() },
		{ key: 'photoAttachmentId', label: m.bi_photo() }
	],
	declaration_info: () => [
		{ key: 'level', label: m.decl_level() },
		{ key: 'seriesId', label: m.decl_series() },
		{ key: 'specialty', label: m.decl_specialty() },
		{ key: 'committeeId', label: m.decl_committee() },
		{ key: 'acceptingDepartmentId', label: m.decl_accepting() }
	],
	work_summary: () => [{ key: 'text', label: m.module_work_summary() }]
};

export function conflictFields(
	module: ModuleKey,
	mine: Record<string, unknown>,
	theirs: Record<string, unknown>,
	locale: Locale
): ConflictField[] {
	const named = NAMED[module]?.();
	if (named) return named;
	const title = MODULE_RULES[module].title[locale];
	const keys = [...new Set([...Object.keys(mine), ...Object.keys(theirs)])];
	return keys.map((key) => ({ key, label: keys.length > 1 ? `${title} · ${key}` : title }));
}
