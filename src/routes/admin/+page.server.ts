import type { PageServerLoad } from './$types';
import { requireAdminPage } from '$server/auth/guards';
import { createContext } from '$server/trpc/context';
import { createCaller } from '$server/trpc/routers/_app';

export const load: PageServerLoad = async (event) => {
	requireAdminPage(event);
	const caller = createCaller(createContext(event));
	const [overview, stats] = await Promise.all([caller.admin.overview(), caller.admin.stats()]);
	return { overview, stats };
};
