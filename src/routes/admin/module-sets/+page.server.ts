import type { PageServerLoad } from './$types';
import type { SetKind } from '$lib/domain/modules/module-set';
import { requireAdminPage } from '$server/auth/guards';
import { chinaYear } from '$server/services/reference';
import { createContext } from '$server/trpc/context';
import { createCaller } from '$server/trpc/routers/_app';

export const load: PageServerLoad = async (event) => {
	requireAdminPage(event);
	const caller = createCaller(createContext(event));
	const params = event.url.searchParams;
	const kind: SetKind = params.get('kind') === 'initial' ? 'initial' : 'review';
	const owners = await caller.admin.moduleSetOwners({ kind });
	const asked = params.get('owner');
	const ownerId = owners.find((o) => o.id === asked)?.id ?? owners[0]?.id ?? null;
	const askedYear = Number(params.get('year'));
	const year =
		Number.isInteger(askedYear) && askedYear >= 2000 && askedYear <= 2100 ? askedYear : chinaYear();
	const versions = ownerId ? await caller.admin.moduleSetVersions({ kind, ownerId, year }) : [];
	return { kind, owners, ownerId, year, versions };
};
