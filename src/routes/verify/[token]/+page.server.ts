import type { PageServerLoad } from './$types';
import { db } from '$server/db/client';
import { clientAddress } from '$server/auth/client-address';
import { verifyCertificate } from '$server/services/certificates/verify';

/** The QR code's target: the same masked answer as 职称证书查询, found by the token. */
export const load: PageServerLoad = async ({ params, request, getClientAddress }) => ({
	answer: await verifyCertificate(
		db(),
		{ token: params.token },
		clientAddress(request, getClientAddress)
	)
});
