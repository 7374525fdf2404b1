/**
 * SM2 keys as PEM, the form `openssl genpkey -algorithm SM2` writes and `openssl pkey -pubout`
 * reads, built and read by hand: Node's crypto aborts the process exporting an SM2-curve key.
 */

/** id-ecPublicKey with the SM2 curve (1.2.156.10197.1.301). */
const ALGORITHM = '301306072a8648ce3d020106082a811ccf5501822d';
const SM2_CURVE_OID = '06082a811ccf5501822d';
const SPKI_PREFIX = '3059' + ALGORITHM + '034200';

function pem(label: string, hex: string): string {
	const b64 = Buffer.from(hex, 'hex').toString('base64');
	const lines = b64.match(/.{1,64}/g) ?? [];
	return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export function publicKeyPem(publicKey: string): string {
	return pem('PUBLIC KEY', SPKI_PREFIX + publicKey.toLowerCase());
}

/** PKCS#8 with the public key inside, as OpenSSL writes it. */
export function privateKeyPem(privateKey: string, publicKey: string): string {
	const ecPrivateKey = '306b0201010420' + privateKey.toLowerCase() + 'a144034200' + publicKey;
	return pem('PRIVATE KEY', '308187020100' + ALGORITHM + '046d' + ecPrivateKey);
}

/**
 * The 32-byte private scalar of an SM2 key in PEM (PKCS#8 or SEC1 "EC PRIVATE KEY"), hex; null
 * for anything else (another curve, a public key, an encrypted key).
 */
export function privateKeyFromPem(text: string): string | null {
	const match =
		/-----BEGIN (?:EC )?PRIVATE KEY-----([\s\S]+?)-----END (?:EC )?PRIVATE KEY-----/.exec(text);
	if (!match) return null;
	const hex = Buffer.from(match[1]!.replace(/\s/g, ''), 'base64').toString('hex');
	if (!hex.includes(SM2_CURVE_OID)) return null;
	// ECPrivateKey: SEQUENCE { INTEGER 1, OCTET STRING (32) privateKey, … }
	const at = hex.indexOf('0201010420');
	if (at < 0) return null;
	const scalar = hex.slice(at + 10, at + 10 + 64);
	return /^[0-9a-f]{64}$/.test(scalar) && !/^0+$/.test(scalar) ? scalar : null;
}
