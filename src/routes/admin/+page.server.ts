import type { PageServerLoad } from './$types';
import { requireAdminPage } from '$server/auth/guards';
import { createContext } from '$server/trpc/context';
import { createCaller } from '$server/trpc/routers/_app';

export const load: PageServerLoad = async (event) => {
	requireAdminPage(event);
	const caller = createCaller(createContext(event));
	return { overview: await caller.admin.overview() };
};
