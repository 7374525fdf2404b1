/**
 * Encryption at rest of what a person typed and attached, on their device (ASVS 14.3.3).
 *
 * One AES-GCM-256 key per person's database, made on the device by WebCrypto as NOT extractable
 * (no script, this app's included, can read its bytes) and stored in that same database's `vault`
 * store; deleting the database (退出, forgetting the device) deletes the key with it. Not tied
 * to the session: a session that expires offline leaves the drafts readable for their owner.
 *
 * No second key wraps this one: a wrapping key would have to be stored beside it, unwrapped by
 * the same script on every open, and destroyed by the same database deletion, so it would add a
 * step without adding a secret. Rotation is not needed for a key that never leaves the device.
 *
 * Only fields that are not indexed can be sealed: ids, case ids, states and seq numbers stay plain,
 * and so do attachment metadata (file name, type, size, hash), cases and certificate records.
 */

/** The table fields sealed on this device; `when` limits a table to some of its rows. */
export const SEALED_FIELDS: Record<
	string,
	{ fields: readonly string[]; when?: (row: Record<string, unknown>) => boolean }
> = {
	modules: { fields: ['data', 'conflict'] },
	journal: { fields: ['data'] },
	chunks: { fields: ['data'] },
	outbox: { fields: ['payload', 'frozen'] },
	certificateFiles: { fields: ['bytes'] },
	// REFERENCE_META.profile (reference.ts): the applicant's name, ID number and employer.
	meta: { fields: ['value'], when: (row) => row.key === 'declarant' }
};

/** A sealed field as stored: `bin` when the plain value was an ArrayBuffer, else JSON. */
export interface Sealed {
	vault: 1;
	iv: Uint8Array<ArrayBuffer>;
	ct: ArrayBuffer;
	bin?: true;
}

export const VAULT_KEY_ID = 'data';

export interface VaultRow {
	id: string;
	key: CryptoKey;
	createdAt: string;
}

export class VaultError extends Error {
	override name = 'VaultError';
}

export function isSealed(value: unknown): value is Sealed {
	if (typeof value !== 'object' || value === null) return false;
	const v = value as Partial<Sealed>;
	return v.vault === 1 && v.iv instanceof Uint8Array && v.ct instanceof ArrayBuffer;
}

export function newVaultKey(): Promise<CryptoKey> {
	return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** null and undefined stay as they are: "no conflict" must still read as none. */
export async function sealValue(key: CryptoKey, value: unknown): Promise<unknown> {
	if (value === null || value === undefined || isSealed(value)) return value;
	const bin = value instanceof ArrayBuffer;
	const plain = bin ? value : encoder.encode(JSON.stringify(value));
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain);
	return bin ? { vault: 1, iv, ct, bin: true } : { vault: 1, iv, ct };
}

/** A value written before sealing existed (a database from before version 5) reads as is. */
export async function openValue(key: CryptoKey | null, value: unknown): Promise<unknown> {
	if (!isSealed(value)) return value;
	if (!key)
		throw new VaultError(
			'本机的加密密钥缺失，已加密的草稿无法读取（数据未被删除）。 ' +
				"This device's encryption key is missing: encrypted drafts cannot be read (nothing was deleted)."
		);
	let plain: ArrayBuffer;
	try {
		plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: value.iv }, key, value.ct);
	} catch {
		throw new VaultError(
			'本机的加密数据无法用本机密钥解密（数据未被删除）。 ' +
				"Encrypted data on this device does not open with this device's key (nothing was deleted)."
		);
	}
	return value.bin ? plain : JSON.parse(decoder.decode(plain));
}

function sealedFieldsOf(table: string, row: unknown): readonly string[] {
	const spec = SEALED_FIELDS[table];
	if (!spec || typeof row !== 'object' || row === null) return [];
	if (spec.when && !spec.when(row as Record<string, unknown>)) return [];
	return spec.fields;
}

/** Whether writing the row puts a value that must be sealed. */
export function needsSealing(table: string, row: unknown): boolean {
	const source = row as Record<string, unknown>;
	return sealedFieldsOf(table, row).some((f) => source[f] != null && !isSealed(source[f]));
}

/** A copy of the row with its sealed fields encrypted (the caller's object is left alone). */
export async function sealRow<T>(key: CryptoKey, table: string, row: T): Promise<T> {
	const fields = sealedFieldsOf(table, row);
	if (fields.length === 0) return row;
	const out = { ...row } as Record<string, unknown>;
	const sealed = await Promise.all(fields.map((f) => sealValue(key, out[f])));
	fields.forEach((f, i) => {
		if (f in out) out[f] = sealed[i];
	});
	return out as T;
}

/** Whether a stored row has a sealed field to open. */
export function hasSealed(table: string, row: unknown): boolean {
	const source = row as Record<string, unknown>;
	return sealedFieldsOf(table, row).some((f) => isSealed(source[f]));
}

export async function openRow<T>(key: CryptoKey | null, table: string, row: T): Promise<T> {
	if (!hasSealed(table, row)) return row;
	const fields = sealedFieldsOf(table, row);
	const source = row as Record<string, unknown>;
	const out = { ...source };
	const opened = await Promise.all(fields.map((f) => openValue(key, out[f])));
	fields.forEach((f, i) => {
		if (f in out) out[f] = opened[i];
	});
	return out as T;
}
