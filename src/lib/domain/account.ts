import * as z from 'zod/mini';
import { normalizeIdNumber, validateIdNumber } from './id-number';
import { MOBILE_RE } from './mobile';

// zod/mini keeps these schemas small enough for the phone's first load.
// Messages are error codes (src/lib/i18n/errors.ts) so browser and server word them alike.
const NAME_RE = /^[\p{Script=Han}A-Za-z][\p{Script=Han}A-Za-z·• ]{0,28}[\p{Script=Han}A-Za-z]$/u;

export const realName = z
	.string({ error: 'required' })
	.check(z.trim(), z.regex(NAME_RE, { error: 'name_format' }));

export const idNumber = z.string({ error: 'required' }).check(
	z.overwrite(normalizeIdNumber),
	z.superRefine((value, ctx) => {
		const result = validateIdNumber(value);
		if (!result.ok)
			ctx.addIssue({ code: 'custom', message: `id_number_${result.code}`, input: value });
	})
);

export const mobile = z
	.string({ error: 'required' })
	.check(z.trim(), z.regex(MOBILE_RE, { error: 'mobile_format' }));

export const password = z
	.string({ error: 'required' })
	.check(
		z.minLength(8, { error: 'password_length' }),
		z.maxLength(64, { error: 'password_length' })
	);

/** The one-time SMS code: 6 digits. */
export const smsCode = z
	.string({ error: 'required' })
	.check(z.trim(), z.regex(/^\d{6}$/, { error: 'sms_code_format' }));

export const sendCodeInput = z.object({ mobile, purpose: z.enum(['register', 'reset']) });
export type SendCodeInput = z.input<typeof sendCodeInput>;

export const registerInput = z.object({
	name: realName,
	idNumber,
	mobile,
	password,
	code: smsCode
});
export type RegisterInput = z.input<typeof registerInput>;
export type RegisterData = z.output<typeof registerInput>;

/** 忘记密码: the mobile proves the person, then a new password. */
export const resetPasswordInput = z.object({ mobile, code: smsCode, password });
export type ResetPasswordInput = z.input<typeof resetPasswordInput>;

export const changePasswordInput = z.object({
	current: z
		.string({ error: 'required' })
		.check(z.minLength(1, { error: 'required' }), z.maxLength(256)),
	password
});

export const loginInput = z.object({
	identifier: z
		.string({ error: 'identifier_required' })
		.check(
			z.trim(),
			z.minLength(1, { error: 'identifier_required' }),
			z.maxLength(64, { error: 'identifier_required' })
		),
	password: z
		.string({ error: 'required' })
		.check(z.minLength(1, { error: 'required' }), z.maxLength(256))
});
export type LoginInput = z.input<typeof loginInput>;

/** ID numbers are stored upper-case, so a login typed with a lower-case x still matches. */
export function normalizeIdentifier(identifier: string): string {
	const trimmed = identifier.trim();
	return /^\d{17}[\dxX]$/.test(trimmed) ? trimmed.toUpperCase() : trimmed;
}
