import { initTRPC, TRPCError } from '@trpc/server';
import { hasRole, reviewerScopes, type ScopeType } from '$lib/domain/roles';
import { errorMessage, fieldErrorsOf } from '$lib/i18n/errors';
import { isDatabaseUnavailable, OUTAGE_MESSAGE } from '../db/outage';
import { internalMessage, isDataException, logInternalError } from '../http/internal-error';
import { reserveUserAction } from '../auth/rate-limit';
import type { Context } from './context';

type Issue = { path: readonly PropertyKey[]; message: string };

/** Issues of a failed input parse (zod's error, or tRPC's Standard Schema error for zod/mini). */
function validationIssues(cause: unknown): Issue[] | null {
	if (!cause || typeof cause !== 'object' || !('issues' in cause)) return null;
	const issues = (cause as { issues: unknown }).issues;
	if (!Array.isArray(issues)) return null;
	return issues.map(
		(i: { path?: readonly (PropertyKey | { key: PropertyKey })[]; message?: string }) => ({
			path: (i.path ?? []).map((p) => (typeof p === 'object' && p !== null ? p.key : p)),
			message: i.message ?? 'invalid_field'
		})
	);
}

const t = initTRPC.context<Context>().create({
	errorFormatter({ shape, error, ctx, path }) {
		if (error.code === 'SERVICE_UNAVAILABLE' || isDatabaseUnavailable(error.cause)) {
			return {
				...shape,
				message: OUTAGE_MESSAGE,
				data: {
					...shape.data,
					code: 'SERVICE_UNAVAILABLE' as const,
					httpStatus: 503,
					stack: undefined,
					fieldErrors: null
				}
			};
		}
		const locale = ctx?.locale ?? 'zh-CN';
		const issues = error.code === 'BAD_REQUEST' ? validationIssues(error.cause) : null;
		// An error thrown by code or the database, not one a procedure meant: its text stays in the log.
		const internal = error.code === 'INTERNAL_SERVER_ERROR' && error.cause !== undefined;
		const requestId = internal ? logInternalError(`tRPC ${path ?? '?'}`, error.cause) : null;
		return {
			...shape,
			message: issues
				? errorMessage('invalid_input', locale)
				: requestId
					? internalMessage(requestId)
					: shape.message,
			data: {
				...shape.data,
				stack: undefined,
				fieldErrors: issues ? fieldErrorsOf(issues, locale) : null,
				requestId
			}
		};
	}
});

/**
 * A database outage inside a procedure: a 503 the client retries, not an error to log. A value
 * the database cannot take (out of a column's range; the inputs' schemas name the field where
 * they can): a 400, not an internal error.
 */
const outageAs503 = t.middleware(async ({ ctx, next }) => {
	const result = await next();
	if (!result.ok && isDatabaseUnavailable(result.error.cause)) {
		throw new TRPCError({
			code: 'SERVICE_UNAVAILABLE',
			message: OUTAGE_MESSAGE,
			cause: result.error.cause
		});
	}
	if (!result.ok && isDataException(result.error.cause)) {
		throw new TRPCError({
			code: 'BAD_REQUEST',
			message: errorMessage('value_out_of_range', ctx.locale)
		});
	}
	return result;
});
/** Every mutation of a signed-in person counts against their per-minute allowance. */
const userActionLimit = t.middleware(async ({ ctx, type, next }) => {
	if (type === 'mutation' && ctx.user) {
		const reservation = await reserveUserAction(ctx.sql, ctx.user.id);
		if (!reservation.ok) fail('TOO_MANY_REQUESTS', 'rate_limited', ctx);
	}
	return next();
});
const base = t.procedure.use(outageAs503).use(userActionLimit);

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Throws a tRPC error whose message is in the request's language. */
export function fail(
	code: TRPCError['code'],
	messageCode: Parameters<typeof errorMessage>[0],
	ctx: Pick<Context, 'locale'>
): never {
	throw new TRPCError({ code, message: errorMessage(messageCode, ctx.locale) });
}

const requireUser = t.middleware(({ ctx, next }) => {
	if (!ctx.user || !ctx.session) fail('UNAUTHORIZED', 'login_required', ctx);
	return next({ ctx: { ...ctx, user: ctx.user, session: ctx.session } });
});

export const requireApplicant = requireUser.unstable_pipe(({ ctx, next }) => {
	if (!hasRole(ctx.user.roles, 'applicant')) fail('FORBIDDEN', 'forbidden', ctx);
	return next();
});

export const requireReviewer = requireUser.unstable_pipe(({ ctx, next }) => {
	const scopes = reviewerScopes(ctx.user.roles);
	if (scopes.length === 0) fail('FORBIDDEN', 'forbidden', ctx);
	return next({ ctx: { scopes } });
});

export const requireAdmin = requireUser.unstable_pipe(({ ctx, next }) => {
	if (!hasRole(ctx.user.roles, 'admin')) fail('FORBIDDEN', 'forbidden', ctx);
	return next();
});

/** Anyone, signed in or not: only for procedures a visitor must reach (login, reference data). */
export const publicProcedure = base;
/** Any signed-in person, whatever the role (session info, logout). */
export const userProcedure = base.use(requireUser);
export const applicantProcedure = base.use(requireApplicant);
export const reviewerProcedure = base.use(requireReviewer);
export const adminProcedure = base.use(requireAdmin);

/** A reviewer procedure limited to some scope types (e.g. only committees). */
export function reviewerOf(...types: ScopeType[]) {
	return reviewerProcedure.use(({ ctx, next }) => {
		const scopes = ctx.scopes.filter((s) => types.includes(s.type));
		if (scopes.length === 0) fail('FORBIDDEN', 'forbidden', ctx);
		return next({ ctx: { scopes } });
	});
}

export const AUTH_MIDDLEWARES = [requireUser, requireApplicant, requireReviewer, requireAdmin];
