import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$server/db/client';
import { publicKeyPem } from '$server/services/certificates/key-pem';
import { publishedKeys, signingKey } from '$server/services/certificates/keys';
import { SM2_SIGNER_ID } from '$server/services/certificates/sm2';

/** Every key certificates were signed with (a certificate names its key id), current first. */
export const GET: RequestHandler = async () => {
	const current = await signingKey();
	const keys = await publishedKeys(db());
	return json(
		{
			algorithm: 'SM2 (GB/T 32918) with SM3 (GB/T 32905), DER signature',
			signerId: SM2_SIGNER_ID,
			signedText: 'the signed_fields text: canonical JSON, UTF-8',
			current: current.keyId,
			keys: keys.map((k) => ({
				keyId: k.keyId,
				publicKeyHex: k.publicKey,
				pem: publicKeyPem(k.publicKey),
				since: k.createdAt
			}))
		},
		{ headers: { 'cache-control': 'public, max-age=3600' } }
	);
};
