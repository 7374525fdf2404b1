import { error } from '@sveltejs/kit';
import type { PageLoad } from './$types';

// Rendered in the browser from the device's own data, so it opens offline too.
export const ssr = false;

export const load: PageLoad = async ({ parent, params }) => {
	const { viewer } = await parent();
	if (!viewer?.isApplicant) error(403, 'Forbidden');
	return { caseId: params.id };
};
