import { error, redirect } from '@sveltejs/kit';
import { loginPathFor } from '$lib/domain/return-path';
import type { PageLoad } from './$types';

// Starting a declaration needs the applicant's own device database: applicants only.
export const load: PageLoad = async ({ parent, url }) => {
	const { viewer } = await parent();
	if (!viewer) redirect(303, loginPathFor(url.pathname));
	if (!viewer.isApplicant) error(403, 'Forbidden');
	return {};
};
