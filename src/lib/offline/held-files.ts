/**
 * The files a person chose in this page, kept by attachment until its upload ends, so the upload
 * sends the chosen file itself: the browser streams it from disk. Reading the stored pieces back
 * out of IndexedDB and joining them into a Blob in the page costs Chromium about as much CPU as
 * the upload (on a phone: time and battery). The stored pieces stay the record: after a reload,
 * in another tab, after a failed request, or when the file can no longer be read (changed or
 * removed on disk), uploads read them.
 *
 * Bounded: a file made in the page (photos turned into a PDF) is held in memory; past
 * MAX_HELD_BYTES the oldest are let go (their uploads read the stored pieces).
 */

export const MAX_HELD_BYTES = 64 * 1024 * 1024;

/** `<database name>/<attachment id>` → the chosen file, oldest first. */
const held = new Map<string, Blob>();
let heldBytes = 0;

const keyOf = (dbName: string, id: string) => `${dbName}/${id}`;

export function holdFile(dbName: string, id: string, file: Blob): void {
	releaseFile(dbName, id);
	if (file.size > MAX_HELD_BYTES) return;
	held.set(keyOf(dbName, id), file);
	heldBytes += file.size;
	for (const key of [...held.keys()]) {
		if (heldBytes <= MAX_HELD_BYTES) break;
		drop(key);
	}
}

/**
 * The chosen file of an attachment of `size` bytes, if this page still holds one and it can
 * still be read; else null (and it is let go).
 */
export async function heldFile(dbName: string, id: string, size: number): Promise<Blob | null> {
	const file = held.get(keyOf(dbName, id));
	if (!file) return null;
	try {
		// A File whose disk copy changed refuses every read (NotReadableError): try one byte.
		if (
			file.size !== size ||
			(size > 0 && (await file.slice(0, 1).arrayBuffer()).byteLength !== 1)
		) {
			throw new Error('changed');
		}
		return file;
	} catch {
		releaseFile(dbName, id);
		return null;
	}
}

export function releaseFile(dbName: string, id: string): void {
	drop(keyOf(dbName, id));
}

/** Lets go of every file held for one database (it is being deleted). */
export function releaseFiles(dbName: string): void {
	for (const key of [...held.keys()]) if (key.startsWith(`${dbName}/`)) drop(key);
}

function drop(key: string): void {
	const file = held.get(key);
	if (!file) return;
	held.delete(key);
	heldBytes -= file.size;
}
