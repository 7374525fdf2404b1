import { TRPCError } from '@trpc/server';
import { messageWith, type ErrorCode, type ParamErrorCode } from '$lib/i18n/errors';
import type { Locale } from '$lib/i18n/locale';

/** An administrator's request refused: the message is already in the request's language. */
export function refuse(
	code: TRPCError['code'],
	message: ErrorCode | ParamErrorCode,
	locale: Locale,
	params?: Record<string, string | number>
): never {
	throw new TRPCError({
		code,
		message: messageWith(message, params, locale)
	});
}
