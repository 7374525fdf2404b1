import { error, redirect } from '@sveltejs/kit';
import { loginPathFor } from '$lib/domain/return-path';
import type { PageLoad } from './$types';

// Rendered in the browser from the device's own data, so it opens offline too.
export const ssr = false;

export const load: PageLoad = async ({ parent, params, url }) => {
	const { viewer } = await parent();
	if (!viewer) redirect(303, loginPathFor(url.pathname));
	if (!viewer.isApplicant) error(403, 'Forbidden');
	return { caseId: params.id };
};
