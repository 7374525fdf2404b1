import type { PageServerLoad } from './$types';
import { requireAdminPage } from '$server/auth/guards';
import { createContext } from '$server/trpc/context';
import { createCaller } from '$server/trpc/routers/_app';

export const load: PageServerLoad = async (event) => {
	const user = requireAdminPage(event);
	const caller = createCaller(createContext(event));
	const search = event.url.searchParams.get('q')?.slice(0, 40) ?? '';
	return { search, selfId: user.id, staff: await caller.admin.staff({ search }) };
};
