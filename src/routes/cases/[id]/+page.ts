import { error, redirect } from '@sveltejs/kit';
import { loginPathFor } from '$lib/domain/return-path';
import type { PageLoad } from './$types';

// The editor renders in the browser from the device's own data, so it opens offline too. The
// server adds a preview of the case (head and module list) from its own copy; offline, the
// service worker may answer with another case's stored page (its stand-in), so a preview is
// used only for the case in the URL, and the id always comes from the URL, not from the HTML.

export const load: PageLoad = async ({ data, parent, params, url }) => {
	const { viewer } = await parent();
	if (!viewer) redirect(303, loginPathFor(url.pathname));
	if (!viewer.isApplicant) error(403, 'Forbidden');
	const preview = data.preview?.caseId === params.id ? data.preview : null;
	return { caseId: params.id, preview };
};
