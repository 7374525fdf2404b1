import { loginInput, normalizeIdentifier, registerInput } from '$lib/domain/account';
import { authenticate, registerApplicant } from '../../auth/accounts';
import {
	createSession,
	deleteSessionCookie,
	invalidateSession,
	setSessionCookie
} from '../../auth/session';
import type { Context } from '../context';
import { fail, publicProcedure, router, userProcedure } from '../trpc';

async function startSession(ctx: Context, user: { id: string; kind: 'applicant' | 'staff' }) {
	const { token, session } = await createSession(ctx.sql, user);
	if (ctx.event) setSessionCookie(ctx.event.cookies, ctx.event.url, token, session);
	return session;
}

function clientAddress(ctx: Context): string {
	return ctx.event?.getClientAddress() ?? 'local';
}

export const authRouter = router({
	/** Who is signed in on this browser, or null. */
	session: publicProcedure.query(({ ctx }) => ctx.user),

	register: publicProcedure.input(registerInput).mutation(async ({ ctx, input }) => {
		const result = await registerApplicant(ctx.sql, input);
		if (!result.ok) fail('CONFLICT', 'register_taken', ctx);
		await startSession(ctx, { id: result.userId, kind: 'applicant' });
		return { userId: result.userId };
	}),

	login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
		const identifier = normalizeIdentifier(input.identifier);
		const result = await authenticate(ctx.sql, identifier, input.password, clientAddress(ctx));
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

	logout: userProcedure.mutation(async ({ ctx }) => {
		await invalidateSession(ctx.sql, ctx.session.id);
		if (ctx.event) deleteSessionCookie(ctx.event.cookies, ctx.event.url);
		return { ok: true };
	})
});
