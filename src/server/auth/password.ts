import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id minimum (19 MiB, t=2, p=1); argon2id is the library's default algorithm.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	return verify(passwordHash, password);
}

let dummyHash: Promise<string> | null = null;

/** Spends the same work as a real check, so an unknown account is not revealed by timing. */
export async function verifyAgainstDummy(password: string): Promise<false> {
	dummyHash ??= hashPassword('zhicheng-dummy-password');
	await verify(await dummyHash, password);
	return false;
}
