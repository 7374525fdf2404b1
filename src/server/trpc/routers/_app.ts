import { createCallerFactory, router } from '../trpc';
import { adminRouter } from './admin';
import { authRouter } from './auth';
import { certificatesRouter } from './certificates';
import { educationRouter } from './education';
import { meRouter } from './me';
import { referenceRouter } from './reference';
import { reviewRouter } from './review';
import { syncRouter } from './sync';

export const appRouter = router({
	auth: authRouter,
	me: meRouter,
	review: reviewRouter,
	admin: adminRouter,
	sync: syncRouter,
	reference: referenceRouter,
	education: educationRouter,
	certificates: certificatesRouter
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
