import { readStored, tus } from '../../files/tus';

/** The stored bytes of a verified upload (a 证件照), or null when the store cannot give them. */
export async function readUploadBytes(storageKey: string): Promise<Uint8Array | null> {
	try {
		const chunks: Buffer[] = [];
		for await (const chunk of await readStored(tus().datastore, storageKey)) {
			chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
		}
		return Buffer.concat(chunks);
	} catch (error) {
		console.warn('证件照 of a certificate could not be read', storageKey, error);
		return null;
	}
}
