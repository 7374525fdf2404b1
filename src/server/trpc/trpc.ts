import { initTRPC, TRPCError } from '@trpc/server';
import { hasRole, reviewerScopes, type ScopeType } from '$lib/domain/roles';
import { errorMessage, fieldErrorsOf } from '$lib/i18n/errors';
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
	errorFormatter({ shape, error, ctx }) {
		const locale = ctx?.locale ?? 'zh-CN';
		const issues = error.code === 'BAD_REQUEST' ? validationIssues(error.cause) : null;
		return {
			...shape,
			message: issues ? errorMessage('invalid_input', locale) : shape.message,
			data: {
				...shape.data,
				stack: undefined,
				fieldErrors: issues ? fieldErrorsOf(issues, locale) : null
			}
		};
	}
});

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
export const publicProcedure = t.procedure;
/** Any signed-in person, whatever the role (session info, logout). */
export const userProcedure = t.procedure.use(requireUser);
export const applicantProcedure = t.procedure.use(requireApplicant);
export const reviewerProcedure = t.procedure.use(requireReviewer);
export const adminProcedure = t.procedure.use(requireAdmin);

/** A reviewer procedure limited to some scope types (e.g. only committees). */
export function reviewerOf(...types: ScopeType[]) {
	return reviewerProcedure.use(({ ctx, next }) => {
		const scopes = ctx.scopes.filter((s) => types.includes(s.type));
		if (scopes.length === 0) fail('FORBIDDEN', 'forbidden', ctx);
		return next({ ctx: { scopes } });
	});
}

export const AUTH_MIDDLEWARES = [requireUser, requireApplicant, requireReviewer, requireAdmin];
