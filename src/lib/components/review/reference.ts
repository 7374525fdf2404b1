import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '$lib/trpc/client';

/** The public reference data (regions, departments, committees …), as the server sends it. */
export type Reference = inferRouterOutputs<AppRouter>['reference']['bundle'];

const byId = (list: readonly { id: string; name: string }[], id: string) =>
	list.find((x) => x.id === id)?.name;

/** The name of a reference id held by a field (regionCode, committeeId …), if it is one. */
export function referenceName(
	reference: Reference | null,
	key: string,
	value: string
): string | undefined {
	if (!reference) return undefined;
	switch (key) {
		case 'regionCode':
			return reference.regions.find((r) => r.code === value)?.name;
		case 'unitNature':
			return reference.unitNatures.find((n) => n.code === value)?.name;
		case 'departmentId':
			return byId(reference.departments, value);
		case 'seriesId':
			return byId(reference.series, value);
		case 'committeeId':
			return byId(reference.committees, value);
		case 'acceptingDepartmentId':
			return byId(reference.acceptingDepartments, value);
		default:
			return undefined;
	}
}
