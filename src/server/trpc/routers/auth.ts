import {
	changePasswordInput,
	loginInput,
	normalizeIdentifier,
	registerInput,
	resetPasswordInput,
	sendCodeInput
} from '$lib/domain/account';
import type { ErrorCode } from '$lib/i18n/errors';
import {
	authenticate,
	changePassword,
	registerApplicant,
	resetPassword,
	type AccountRefusal
} from '../../auth/accounts';
import { clientAddress } from '../../auth/client-address';
import { reserveSms } from '../../auth/rate-limit';
import {
	createSession,
	deleteSessionCookie,
	invalidateSession,
	invalidateUserSessions,
	setSessionCookie
} from '../../auth/session';
import { issueCode } from '../../auth/sms-codes';
import { SmsUnavailable } from '../../identity/sms';
import type { Context } from '../context';
import { fail, publicProcedure, router, userProcedure } from '../trpc';

async function startSession(ctx: Context, user: { id: string; kind: 'applicant' | 'staff' }) {
	const { token, session } = await createSession(ctx.sql, user);
	if (ctx.event) setSessionCookie(ctx.event.cookies, ctx.event.url, token, session);
	return session;
}

function addressOf(ctx: Context): string {
	const event = ctx.event;
	return event ? clientAddress(event.request, () => event.getClientAddress()) : 'local';
}

type Refusal = ['TOO_MANY_REQUESTS' | 'BAD_REQUEST' | 'CONFLICT' | 'BAD_GATEWAY', ErrorCode];

// An outside service that does not answer is a 502: the 503 stands for the database's outage.
const REFUSALS: Record<AccountRefusal, Refusal> = {
	throttled: ['TOO_MANY_REQUESTS', 'account_throttled'],
	code_wrong: ['BAD_REQUEST', 'sms_code_wrong'],
	code_expired: ['BAD_REQUEST', 'sms_code_expired'],
	identity_mismatch: ['BAD_REQUEST', 'identity_mismatch'],
	identity_unavailable: ['BAD_GATEWAY', 'identity_unavailable'],
	taken: ['CONFLICT', 'register_taken'],
	no_account: ['BAD_REQUEST', 'reset_no_account']
};

function refuse(reason: AccountRefusal, ctx: Context): never {
	const [code, message] = REFUSALS[reason];
	fail(code, message, ctx);
}

export const authRouter = router({
	/** Who is signed in on this browser, or null. */
	session: publicProcedure.query(({ ctx }) => ctx.user),

	/** A one-time code by SMS, for registration or 忘记密码 (the answer never holds the code). */
	sendCode: publicProcedure.input(sendCodeInput).mutation(async ({ ctx, input }) => {
		const reservation = await reserveSms(ctx.sql, input.mobile, input.purpose, addressOf(ctx));
		if (!reservation.ok) fail('TOO_MANY_REQUESTS', 'sms_throttled', ctx);
		try {
			await issueCode(ctx.sql, input.mobile, input.purpose);
		} catch (error) {
			if (!(error instanceof SmsUnavailable)) throw error;
			console.error('sms:', error.message, error.cause ?? '');
			fail('BAD_GATEWAY', 'sms_unavailable', ctx);
		}
		return { sent: true };
	}),

	register: publicProcedure.input(registerInput).mutation(async ({ ctx, input }) => {
		const result = await registerApplicant(ctx.sql, input, addressOf(ctx));
		if (!result.ok) refuse(result.reason, ctx);
		await startSession(ctx, { id: result.userId, kind: 'applicant' });
		return { userId: result.userId };
	}),

	login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
		const identifier = normalizeIdentifier(input.identifier);
		const result = await authenticate(ctx.sql, identifier, input.password, addressOf(ctx));
		if (!result.ok) {
			fail(
				result.reason === 'throttled' ? 'TOO_MANY_REQUESTS' : 'UNAUTHORIZED',
				result.reason === 'throttled' ? 'login_throttled' : 'login_failed',
				ctx
			);
		}
		if (ctx.session) await invalidateSession(ctx.sql, ctx.session.id);
		await startSession(ctx, { id: result.userId, kind: result.kind });
		return { kind: result.kind };
	}),

	/** 忘记密码: mobile + SMS code → new password; every session of the account ends. */
	resetPassword: publicProcedure.input(resetPasswordInput).mutation(async ({ ctx, input }) => {
		const result = await resetPassword(ctx.sql, input, addressOf(ctx));
		if (!result.ok) refuse(result.reason, ctx);
		return { reset: true };
	}),

	/** A new password while signed in: this session stays, every other one ends. */
	changePassword: userProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
		const result = await changePassword(
			ctx.sql,
			ctx.user.id,
			ctx.session.id,
			input.current,
			input.password,
			addressOf(ctx)
		);
		if (result === 'throttled') fail('TOO_MANY_REQUESTS', 'login_throttled', ctx);
		if (result === 'failed') fail('BAD_REQUEST', 'password_wrong', ctx);
		return { changed: true };
	}),

	logout: userProcedure.mutation(async ({ ctx }) => {
		await invalidateSession(ctx.sql, ctx.session.id);
		if (ctx.event) deleteSessionCookie(ctx.event.cookies, ctx.event.url);
		return { ok: true };
	}),

	/** 退出所有设备: every session of this person ends, this one included. */
	logoutEverywhere: userProcedure.mutation(async ({ ctx }) => {
		const ended = await invalidateUserSessions(ctx.sql, ctx.user.id);
		if (ctx.event) deleteSessionCookie(ctx.event.cookies, ctx.event.url);
		return { ended };
	})
});
