import type { PageServerLoad } from './$types';
import { requireReviewerPage } from '$server/auth/guards';
import { createContext } from '$server/trpc/context';
import { createCaller } from '$server/trpc/routers/_app';
import { QUEUE_DEPENDENCY, queueQueryOf } from '$lib/components/review/queue-params';

export const load: PageServerLoad = async (event) => {
	requireReviewerPage(event);
	event.depends(QUEUE_DEPENDENCY);
	const caller = createCaller(createContext(event));
	const query = queueQueryOf(event.url.searchParams);
	const [scopes, counts, filters, page] = await Promise.all([
		caller.review.scopes(),
		caller.review.counts(),
		caller.review.filters(),
		caller.review.queue(query)
	]);
	return { scopes, counts, filters, query, page };
};
