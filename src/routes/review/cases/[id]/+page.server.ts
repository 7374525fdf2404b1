import { error } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import type { PageServerLoad } from './$types';
import { requireReviewerPage } from '$server/auth/guards';
import { createContext } from '$server/trpc/context';
import { createCaller } from '$server/trpc/routers/_app';

export const load: PageServerLoad = async (event) => {
	requireReviewerPage(event);
	const caller = createCaller(createContext(event));
	try {
		const [view, reference] = await Promise.all([
			caller.review.case({ caseId: event.params.id }),
			caller.reference.bundle()
		]);
		return { view, reference };
	} catch (e) {
		// Outside the reviewer's scope, or no such case (or no case id at all): the same 404.
		if (e instanceof TRPCError && (e.code === 'NOT_FOUND' || e.code === 'BAD_REQUEST')) {
			error(404, 'Not Found');
		}
		throw e;
	}
};
