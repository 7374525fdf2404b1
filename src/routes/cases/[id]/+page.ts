import { error, redirect } from '@sveltejs/kit';
import { loginPathFor } from '$lib/domain/return-path';
import type { PageLoad } from './$types';

// The server renders the frame (no case data, so the same HTML serves any case offline: the
// service worker's stand-in page); the editor itself renders in the browser from the device's
// own data, so it opens offline too. The id comes from the URL on hydration, not from the HTML.

export const load: PageLoad = async ({ parent, params, url }) => {
	const { viewer } = await parent();
	if (!viewer) redirect(303, loginPathFor(url.pathname));
	if (!viewer.isApplicant) error(403, 'Forbidden');
	return { caseId: params.id };
};
