import { fail } from '@sveltejs/kit';
import type { Actions } from './$types';
import { db } from '$server/db/client';
import { clientAddress } from '$server/auth/client-address';
import { verifyCertificate } from '$server/services/certificates/verify';

const field = (data: FormData, key: string) => String(data.get(key) ?? '').slice(0, 50);

/** 职称证书查询: a plain form post, so it works before (or without) the page's script. */
export const actions: Actions = {
	default: async ({ request, getClientAddress }) => {
		const data = await request.formData();
		const name = field(data, 'name').trim();
		const certNo = field(data, 'certNo').trim();
		if (!name || !certNo) return fail(400, { name, certNo, missing: true as const });
		const answer = await verifyCertificate(
			db(),
			{ name, certNo },
			clientAddress(request, getClientAddress)
		);
		return { name, certNo, answer };
	}
};
