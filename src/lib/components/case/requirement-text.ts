import { m } from '$lib/paraglide/messages.js';
import type { Locale } from '$lib/i18n/locale';
import { MODULES, type ModuleLimits } from '$lib/domain/modules/catalog';
import { listText } from '$lib/domain/modules/messages';
import type { RequirementChange } from '$lib/domain/modules/set-diff';

/** One line of the 「申报要求有变化」 notice, in the reader's language. */
export function requirementText(c: RequirementChange, locale: Locale): string {
	const module = MODULES[c.module]?.title[locale] ?? c.module;
	const options = { locale };
	switch (c.change) {
		case 'added':
			return c.required
				? m.req_added_required({ module }, options)
				: m.req_added({ module }, options);
		case 'required':
			return m.req_required({ module }, options);
		case 'optional':
			return m.req_optional({ module }, options);
		case 'removed':
			return m.req_removed({ module }, options);
		case 'limits':
			return m.req_limits({ module, limits: limitsText(c.after, locale) }, options);
	}
}

function limitsText(limits: ModuleLimits | null, locale: Locale): string {
	const o = { locale };
	const parts = [
		bounds(
			limits?.minChars,
			limits?.maxChars,
			(min, max) => m.req_chars_range({ min, max }, o),
			(min) => m.req_chars_min({ min }, o),
			(max) => m.req_chars_max({ max }, o)
		),
		bounds(
			limits?.minRows,
			limits?.maxRows,
			(min, max) => m.req_rows_range({ min, max }, o),
			(min) => m.req_rows_min({ min }, o),
			(max) => m.req_rows_max({ max }, o)
		)
	].filter((p): p is string => p !== null);
	return parts.length ? listText(parts, locale) : m.req_limits_none({}, o);
}

function bounds(
	min: number | undefined,
	max: number | undefined,
	both: (min: number, max: number) => string,
	atLeast: (min: number) => string,
	atMost: (max: number) => string
): string | null {
	if (min !== undefined && max !== undefined) return both(min, max);
	if (min !== undefined) return atLeast(min);
	if (max !== undefined) return atMost(max);
	return null;
}
