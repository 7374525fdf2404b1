import { stat } from 'node:fs/promises';
import path from 'node:path';
import { FileStore } from '@tus/file-store';
import type { Server } from '@tus/server';
import type { Locker } from '@tus/utils';
import type { Sql } from '../db/client';
import { findUploadByStorageKey } from './uploads';
import { VerifyingStore } from './verifying-store';

/**
 * Deletes the stored bytes nobody will use again, once nothing was written to them for
 * `maxIdleMs`: partial uploads never resumed, finished ones the server never recorded (it
 * stopped between the last byte and the uploads row; the device sends those afresh), and
 * verified ones never attached to their case (with their row, so they count against no limit).
 * tus keeps all of them until they are finished or terminated, so without this they would fill
 * the disk.
 * The device still holds every byte it has not seen confirmed: a resume after this gets 404 on
 * its HEAD and tus-js-client starts a new upload.
 *
 * Not FileStore's own `deleteExpired`: it reads the offset from the JSON written at creation,
 * which stays 0, so it would delete finished uploads, the attachments themselves. Each upload is
 * removed under tus's lock for it, so no PATCH is writing or finishing it meanwhile.
 * Only the file store: with S3, a bucket lifecycle rule ends incomplete multipart uploads.
 * Returns the ids removed.
 */
export async function deleteAbandonedUploads(
	server: Server,
	sql: Sql,
	maxIdleMs: number,
	now = Date.now()
): Promise<string[]> {
	const datastore = server.datastore;
	const files = datastore instanceof VerifyingStore ? datastore.inner : datastore;
	const locker = server.options.locker;
	if (!(files instanceof FileStore) || !files.configstore.list || !isLocker(locker)) return [];
	const abandoned = (id: string) => isAbandoned(files, sql, id, maxIdleMs, now);
	const removed: string[] = [];
	for (const id of await files.configstore.list()) {
		if (!(await abandoned(id))) continue;
		const lock = locker.newLock(id);
		try {
			// A PATCH holding the lock is asked to let go, and stops where it is.
			await lock.lock(new AbortController().signal, async () => {});
		} catch {
			continue; // not let go in time (ERR_LOCK_TIMEOUT): the next sweep tries again
		}
		try {
			// Again: that PATCH may just have written, or finished and been recorded.
			if ((await abandoned(id)) && (await forgetUnattached(sql, id))) {
				await datastore.remove(id);
				removed.push(id);
			}
		} catch {
			// Removed meanwhile, or not removable now: the next sweep looks again.
		} finally {
			await lock.unlock();
		}
	}
	return removed;
}

function isLocker(value: unknown): value is Locker {
	return typeof (value as Locker | undefined)?.newLock === 'function';
}

async function isAbandoned(
	files: FileStore,
	sql: Sql,
	id: string,
	maxIdleMs: number,
	now: number
): Promise<boolean> {
	let written: { declared?: number; bytes: number; mtimeMs: number };
	try {
		const upload = await files.configstore.get(id);
		if (!upload) return false;
		// The file's size is the upload's offset (as FileStore's getUpload reads it).
		const { size, mtimeMs } = await stat(path.join(files.directory, id));
		written = { declared: upload.size, bytes: size, mtimeMs };
	} catch {
		return false; // gone meanwhile
	}
	if (now - written.mtimeMs <= maxIdleMs) return false;
	if (written.declared === undefined || written.bytes < written.declared) return true;
	const row = await findUploadByStorageKey(sql, id);
	if (row?.status !== 'verified') return true;
	const [attached] = await sql`select 1 from attachments where id = ${row.id}`;
	return !attached;
}

/**
 * Deletes the upload's row unless an attachment holds it (one was made since the check): true
 * when no row is left, so its bytes may go.
 */
async function forgetUnattached(sql: Sql, key: string): Promise<boolean> {
	await sql`delete from uploads u where u.storage_key = ${key}
		and not exists (select 1 from attachments a where a.id = u.id)`;
	const [kept] = await sql`select 1 from uploads where storage_key = ${key}`;
	return !kept;
}

/** Runs `deleteAbandonedUploads` now and then, for as long as the process lives. */
export function sweepAbandonedUploads(
	server: Server,
	sql: () => Sql,
	maxIdleMs: number,
	everyMs = 60 * 60 * 1000
): void {
	let running = false;
	const sweep = () => {
		if (running) return;
		running = true;
		deleteAbandonedUploads(server, sql(), maxIdleMs)
			.then((removed) => {
				if (removed.length) console.log(`files: deleted ${removed.length} abandoned uploads`);
			})
			.catch((error: unknown) => console.error('files: sweeping abandoned uploads failed', error))
			.finally(() => (running = false));
	};
	setTimeout(sweep, 60_000).unref();
	setInterval(sweep, everyMs).unref();
}
