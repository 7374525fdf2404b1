import type { PageServerLoad } from './$types';
import { errorMessage } from '$lib/i18n/errors';
import { requireAdminPage } from '$server/auth/guards';
import { createContext } from '$server/trpc/context';
import { createCaller } from '$server/trpc/routers/_app';
import { auditFilterOf } from './filter';

export const load: PageServerLoad = async (event) => {
	requireAdminPage(event);
	const ctx = createContext(event);
	const caller = createCaller(ctx);
	const filter = auditFilterOf(event.url.searchParams);
	const actions = await caller.admin.auditActions();
	// The filters without the page cursor: for 导出 and 更早的记录.
	const params = new URLSearchParams(event.url.searchParams);
	params.delete('before');
	const query = params.toString();
	if (!filter) {
		return {
			actions,
			filter: {},
			rows: [],
			next: null,
			invalid: errorMessage('invalid_input', ctx.locale)
		};
	}
	const page = await caller.admin.audit(filter);
	return {
		actions,
		query,
		filter,
		rows: page.rows.map((r) => ({
			...r,
			at: r.at.toISOString(),
			detail: JSON.stringify(r.detail)
		})),
		next: page.next,
		invalid: null
	};
};
