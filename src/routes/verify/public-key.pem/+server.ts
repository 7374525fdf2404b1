import type { RequestHandler } from './$types';
import { publicKeyPem } from '$server/services/certificates/key-pem';
import { signingKey } from '$server/services/certificates/keys';

/**
 * The current certificate signing key (SM2, SubjectPublicKeyInfo PEM), for anyone verifying a
 * certificate without the app: `openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin
 * -digest sm3 -pkeyopt distid:1234567812345678 …` (README). Older keys: keys.json.
 */
export const GET: RequestHandler = async () => {
	const key = await signingKey();
	return new Response(publicKeyPem(key.publicKey), {
		headers: {
			'content-type': 'application/x-pem-file; charset=utf-8',
			'x-key-id': key.keyId,
			'cache-control': 'public, max-age=3600'
		}
	});
};
