import smCrypto from 'sm-crypto';

/**
 * SM2 signatures with SM3 (GB/T 32918, GM/T 0003; GB/T 32905) through sm-crypto: the digest is
 * SM3(Z || message) with Z from the standard signer id and the public key. Node's own
 * crypto.sign('sm3', …) with an SM2-curve key is ECDSA over that curve, a different scheme.
 */
const { sm2, sm3 } = smCrypto;

/** GM/T 0009's default signer id, the one every SM2 implementation assumes. */
export const SM2_SIGNER_ID = '1234567812345678';

export interface Sm2KeyPair {
	/** 64 hex digits. */
	privateKey: string;
	/** Uncompressed point, 130 hex digits: 04 || x || y. */
	publicKey: string;
}

export function generateSm2KeyPair(): Sm2KeyPair {
	const { privateKey, publicKey } = sm2.generateKeyPairHex();
	return { privateKey: privateKey.padStart(64, '0'), publicKey };
}

export function publicKeyOf(privateKey: string): string {
	return sm2.getPublicKeyFromPrivateKey(privateKey);
}

/** A DER-encoded SM2 signature, hex, over the UTF-8 bytes of `text`. */
export function sm2Sign(text: string, key: Sm2KeyPair): string {
	return sm2.doSignature(new TextEncoder().encode(text), key.privateKey, {
		hash: true,
		der: true,
		publicKey: key.publicKey,
		userId: SM2_SIGNER_ID
	});
}

export function sm2Verify(text: string, signatureHex: string, publicKey: string): boolean {
	if (!/^30[0-9a-f]{10,200}$/i.test(signatureHex) || !sm2.verifyPublicKey(publicKey)) return false;
	try {
		return sm2.doVerifySignature(new TextEncoder().encode(text), signatureHex, publicKey, {
			hash: true,
			der: true,
			userId: SM2_SIGNER_ID
		});
	} catch {
		return false;
	}
}

export function sm3Hex(input: string | Uint8Array): string {
	return sm3(input);
}
