import { createCallerFactory, router } from '../trpc';
import { adminRouter } from './admin';
import { authRouter } from './auth';
import { meRouter } from './me';
import { reviewRouter } from './review';

export const appRouter = router({
	auth: authRouter,
	me: meRouter,
	review: reviewRouter,
	admin: adminRouter
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
