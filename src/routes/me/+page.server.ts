import type { PageServerLoad } from './$types';
import { requireApplicantPage } from '$server/auth/guards';
import { createContext } from '$server/trpc/context';
import { createCaller } from '$server/trpc/routers/_app';

export const load: PageServerLoad = async (event) => {
	requireApplicantPage(event);
	const caller = createCaller(createContext(event));
	return { profile: await caller.me.profile() };
};
