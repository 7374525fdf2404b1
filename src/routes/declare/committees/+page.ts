import { trpc } from '$lib/trpc/client';
import type { PageLoad } from './$types';

// Public reference data (no sign-in): offline, the device's cached copy is used instead.
export const load: PageLoad = async ({ fetch }) => {
	try {
		return { bundle: await trpc(fetch).reference.bundle.query() };
	} catch {
		return { bundle: null };
	}
};
