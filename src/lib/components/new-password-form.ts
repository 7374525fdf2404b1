import * as z from 'zod/mini';
import { errorMessage, fieldErrorsOf } from '$lib/i18n/errors';
import { getLocale } from '$lib/paraglide/runtime.js';

/**
 * The errors of a form that sets a password (注册, 忘记密码): the rules the server applies, by
 * field, and the two passwords that must match. Checked in the page first for instant feedback.
 */
export function newPasswordFormErrors(
	schema: z.ZodMiniType,
	form: { password: string; confirm: string }
): Record<string, string> {
	const result = z.safeParse(schema, form);
	const errors: Record<string, string> = result.success
		? {}
		: fieldErrorsOf(result.error.issues, getLocale());
	if (form.confirm !== form.password)
		errors.confirm = errorMessage('password_mismatch', getLocale());
	return errors;
}
