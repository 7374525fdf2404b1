import { createCallerFactory, router } from '../trpc';
import { adminRouter } from './admin';
import { authRouter } from './auth';
import { meRouter } from './me';
import { reviewRouter } from './review';
import { syncRouter } from './sync';

export const appRouter = router({
	auth: authRouter,
	me: meRouter,
	review: reviewRouter,
	admin: adminRouter,
	sync: syncRouter
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
