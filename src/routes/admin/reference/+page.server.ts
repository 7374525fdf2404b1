import type { PageServerLoad } from './$types';
import { REFERENCE_TABLES, type ReferenceTable } from '$lib/domain/admin/schemas';
import { requireAdminPage } from '$server/auth/guards';
import { createContext } from '$server/trpc/context';
import { createCaller } from '$server/trpc/routers/_app';

export const load: PageServerLoad = async (event) => {
	requireAdminPage(event);
	const caller = createCaller(createContext(event));
	const asked = event.url.searchParams.get('table') ?? '';
	const table: ReferenceTable = (REFERENCE_TABLES as readonly string[]).includes(asked)
		? (asked as ReferenceTable)
		: 'committees';
	const search = event.url.searchParams.get('q')?.slice(0, 40) ?? '';
	const includeRetired = event.url.searchParams.get('retired') === '1';
	const [rows, regions, series] = await Promise.all([
		caller.admin.referenceList({ table, search: search || undefined, includeRetired }),
		caller.reference.regions(),
		caller.reference.series()
	]);
	return {
		table,
		search,
		includeRetired,
		rows,
		regions: regions.map((r) => ({ code: r.code, name: r.name, level: r.level })),
		series: series.map((s) => ({ id: s.id, name: s.name }))
	};
};
