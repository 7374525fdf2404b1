import { createHmac, timingSafeEqual } from 'node:crypto';
import { isUuid } from '../../files/uploads';
import type { SigningKey } from './keys';

/**
 * The QR code's token: the certificate id and a MAC over it, so an altered token is told apart
 * from an unknown certificate without a lookup, and nothing about it is stored. The MAC key is
 * CERT_TOKEN_SECRET, else one derived from the signing key (then a new signing key changes the
 * tokens of PDFs rendered afterwards; printed ones need the secret kept: README).
 */
const MAC_BYTES = 9;

function secretOf(key: SigningKey, env: NodeJS.ProcessEnv): Buffer {
	return createHmac('sha256', 'zhicheng certificate verify token')
		.update(env.CERT_TOKEN_SECRET || key.privateKey)
		.digest();
}

function mac(secret: Buffer, id: Buffer): Buffer {
	return createHmac('sha256', secret).update(id).digest().subarray(0, MAC_BYTES);
}

export function verifyToken(certificateId: string, key: SigningKey, env = process.env): string {
	const id = Buffer.from(certificateId.replace(/-/g, ''), 'hex');
	return id.toString('base64url') + mac(secretOf(key, env), id).toString('base64url');
}

/** The certificate id of a genuine token; null for one that is malformed or altered. */
export function certificateIdOfToken(
	token: string,
	key: SigningKey,
	env = process.env
): string | null {
	if (!/^[A-Za-z0-9_-]{34}$/.test(token)) return null;
	const id = Buffer.from(token.slice(0, 22), 'base64url');
	const given = Buffer.from(token.slice(22), 'base64url');
	if (id.length !== 16 || given.length !== MAC_BYTES) return null;
	// One spelling per token: spare bits of the last base64 character are not a second token.
	if (id.toString('base64url') + given.toString('base64url') !== token) return null;
	if (!timingSafeEqual(given, mac(secretOf(key, env), id))) return null;
	const hex = id.toString('hex');
	const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
	return isUuid(uuid) ? uuid : null;
}
