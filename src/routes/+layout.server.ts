import type { LayoutServerLoad } from './$types';
import { hasRole, reviewerScopes } from '$lib/domain/roles';

/** Only what the header shows; each page authorizes its own data in its own load. */
export const load: LayoutServerLoad = ({ locals }) => {
	const user = locals.user;
	return {
		viewer: user
			? {
					id: user.id,
					name: user.name,
					isApplicant: hasRole(user.roles, 'applicant'),
					isReviewer: reviewerScopes(user.roles).length > 0,
					isAdmin: hasRole(user.roles, 'admin')
				}
			: null
	};
};
