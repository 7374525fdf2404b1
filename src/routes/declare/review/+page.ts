import { error } from '@sveltejs/kit';
import type { PageLoad } from './$types';

// Starting a declaration needs the applicant's own device database: applicants only.
export const load: PageLoad = async ({ parent }) => {
	const { viewer } = await parent();
	if (!viewer?.isApplicant) error(403, 'Forbidden');
	return {};
};
