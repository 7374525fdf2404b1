import type { PageServerLoad } from './$types';
import { requireApplicantPage } from '$server/auth/guards';
import { db } from '$server/db/client';
import { editorPreview } from '$server/services/cases/editor-preview';

// The case's head and module list from the server's copy, so a device that holds nothing yet
// paints them at once; the editor then takes over from the device store (see +page.ts).
export const load: PageServerLoad = async (event) => {
	const user = requireApplicantPage(event);
	return { preview: await editorPreview(db(), user.id, event.params.id) };
};
