import { error, redirect } from '@sveltejs/kit';
import { loginPathFor } from '$lib/domain/return-path';
import type { PageLoad } from './$types';

// Rendered on the server too (no personal data in it): the page kept by the service worker then
// carries the layout's data, so it opens offline; its lists come from this device's store.
export const load: PageLoad = async ({ parent, url }) => {
	const { viewer } = await parent();
	if (!viewer) redirect(303, loginPathFor(url.pathname));
	if (!viewer.isApplicant) error(403, 'Forbidden');
	return {};
};
