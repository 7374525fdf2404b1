import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Sql, TransactionSql } from '../../db/client';
import { config } from '../../config';
import { privateKeyFromPem, privateKeyPem } from './key-pem';
import { generateSm2KeyPair, publicKeyOf, sm3Hex, type Sm2KeyPair } from './sm2';

export interface SigningKey extends Sm2KeyPair {
	/** The first 16 hex digits of SM3 over the public key's bytes: printed on every certificate. */
	keyId: string;
}

/** Where `npm start` keeps the development key it made when none was configured. */
export const DEV_KEY_FILE = 'certificate-signing-key.pem';

export function keyIdOf(publicKey: string): string {
	return sm3Hex(Buffer.from(publicKey, 'hex')).slice(0, 16);
}

function fromPrivateKey(privateKey: string): SigningKey {
	const publicKey = publicKeyOf(privateKey);
	return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/** A key as configured: 64 hex digits, or an SM2 private key in PEM. */
export function parseSigningKey(text: string, source: string): SigningKey {
	const trimmed = text.trim();
	const hex = /^[0-9a-fA-F]{64}$/.test(trimmed)
		? trimmed.toLowerCase()
		: privateKeyFromPem(trimmed);
	if (!hex) {
		throw new Error(
			`${source} holds no SM2 private key (64 hex digits, or the PEM of openssl genpkey -algorithm SM2)`
		);
	}
	return fromPrivateKey(hex);
}

/** The development key in the data folder, made on first use (never over an existing one). */
async function developmentKey(dataDir: string): Promise<SigningKey> {
	const file = path.join(dataDir, DEV_KEY_FILE);
	try {
		return parseSigningKey(await readFile(file, 'utf8'), file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	const pair = generateSm2KeyPair();
	await mkdir(dataDir, { recursive: true });
	try {
		await writeFile(file, privateKeyPem(pair.privateKey, pair.publicKey), {
			mode: 0o600,
			flag: 'wx'
		});
		console.warn(
			`Zhicheng: no CERT_SIGNING_KEY set; made a development SM2 signing key in ${file}. ` +
				'Set CERT_SIGNING_KEY_FILE to a real key before issuing real certificates (README).'
		);
	} catch (error) {
		// Another process made it first: use theirs.
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		return parseSigningKey(await readFile(file, 'utf8'), file);
	}
	return { ...pair, keyId: keyIdOf(pair.publicKey) };
}

/**
 * The certificate signing key: CERT_SIGNING_KEY_FILE (a PEM file), else CERT_SIGNING_KEY (hex or
 * PEM text), else a key of the test run (under vitest), else the development key in DATA_DIR.
 */
export async function loadSigningKey(env: NodeJS.ProcessEnv, dataDir: string): Promise<SigningKey> {
	if (env.CERT_SIGNING_KEY_FILE) {
		return parseSigningKey(
			await readFile(env.CERT_SIGNING_KEY_FILE, 'utf8'),
			'CERT_SIGNING_KEY_FILE'
		);
	}
	if (env.CERT_SIGNING_KEY) return parseSigningKey(env.CERT_SIGNING_KEY, 'CERT_SIGNING_KEY');
	if (env.VITEST) return fromPrivateKey(generateSm2KeyPair().privateKey);
	return developmentKey(dataDir);
}

let current: Promise<SigningKey> | null = null;

/** The key of this process, loaded once. */
export function signingKey(): Promise<SigningKey> {
	current ??= loadSigningKey(process.env, config.dataDir);
	current.catch(() => (current = null));
	return current;
}

/** Records the public key, so certificates it signs verify after it is retired. */
export async function publishKey(sql: Sql | TransactionSql, key: SigningKey): Promise<void> {
	await sql`insert into certificate_signing_keys (key_id, public_key)
		values (${key.keyId}, ${key.publicKey}) on conflict (key_id) do nothing`;
}

export interface PublishedKey {
	keyId: string;
	publicKey: string;
	createdAt: Date;
}

/** Every key certificates were signed with, and the current one, newest first. */
export async function publishedKeys(sql: Sql): Promise<PublishedKey[]> {
	await publishKey(sql, await signingKey());
	return sql<PublishedKey[]>`
		select key_id, public_key, created_at from certificate_signing_keys
		order by created_at desc, key_id`;
}
