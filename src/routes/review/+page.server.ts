import type { PageServerLoad } from './$types';
import { requireReviewerPage } from '$server/auth/guards';
import { createContext } from '$server/trpc/context';
import { createCaller } from '$server/trpc/routers/_app';

export const load: PageServerLoad = async (event) => {
	requireReviewerPage(event);
	const caller = createCaller(createContext(event));
	return { scopes: await caller.review.scopes() };
};
