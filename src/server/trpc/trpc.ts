import { initTRPC, TRPCError } from '@trpc/server';
import { hasRole, reviewerScopes, type ScopeType } from '$lib/domain/roles';
import { errorMessage, fieldErrorsOf } from '$lib/i18n/errors';
import { isDatabaseUnavailable, OUTAGE_MESSAGE } from '../db/outage';
import type { Context } from './context';

const INTERNAL_MESSAGE =
	'服务器内部错误，请稍后重试。 Internal server error; please try again later.';

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
	errorFormatter({ shape, error, ctx }) {
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
		return {
			...shape,
			message: issues
				? errorMessage('invalid_input', locale)
				: internal
					? INTERNAL_MESSAGE
					: shape.message,
			data: {
				...shape.data,
				stack: undefined,
				fieldErrors: issues ? fieldErrorsOf(issues, locale) : null
			}
		};
	}
});

/** A database outage inside a procedure: a 503 the client retries, not an error to log. */
const outageAs503 = t.middleware(async ({ next }) => {
	const result = await next();
	if (!result.ok && isDatabaseUnavailable(result.error.cause)) {
		throw new TRPCError({
			code: 'SERVICE_UNAVAILABLE',
			message: OUTAGE_MESSAGE,
			cause: result.error.cause
		});
	}
	return result;
});
const base = t.procedure.use(outageAs503);

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
