import { stat } from 'node:fs/promises';
import path from 'node:path';
import { FileStore } from '@tus/file-store';
import type { Server } from '@tus/server';
import type { DataStore, Locker } from '@tus/utils';
import type { Sql } from '../db/client';
import { findUploadByStorageKey } from './uploads';
import { VerifyingStore } from './verifying-store';

/** How much of an upload is stored, and when it was last written to. */
export interface Written {
	declared?: number;
	bytes: number;
	mtimeMs: number;
}

/** What the sweep needs of a store (the file store here; S3: `AppS3Store`). */
export interface SweepableStore {
	/** Every upload the store holds, finished or not. */
	uploadIds(): Promise<string[]>;
	/** Null when the upload is gone. */
	written(id: string): Promise<Written | null>;
}

function sweepable(store: DataStore): SweepableStore | null {
	if (store instanceof FileStore) {
		const list = store.configstore.list?.bind(store.configstore);
		if (!list) return null;
		return { uploadIds: list, written: (id) => fileWritten(store, id) };
	}
	const own = store as DataStore & Partial<SweepableStore>;
	return typeof own.uploadIds === 'function' && typeof own.written === 'function'
		? (own as DataStore & SweepableStore)
		: null;
}

async function fileWritten(files: FileStore, id: string): Promise<Written | null> {
	try {
		const upload = await files.configstore.get(id);
		if (!upload) return null;
		// The file's size is the upload's offset (as FileStore's getUpload reads it).
		const { size, mtimeMs } = await stat(path.join(files.directory, id));
		return { declared: upload.size, bytes: size, mtimeMs };
	} catch {
		return null; // gone meanwhile
	}
}

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
 * Not the stores' own `deleteExpired`: FileStore's reads the offset from the JSON written at
 * creation, which stays 0, so it would delete finished uploads, the attachments themselves; and
 * S3Store's needs object tags and leaves finished uploads alone. It runs hourly as the job
 * queue's `upload-sweep` job (src/server/jobs), once across all processes. Each upload is removed under
 * tus's lock for it (across processes with `PgLocker`), so no PATCH is writing or finishing it
 * meanwhile. The file store and S3 (`AppS3Store`); on S3 a bucket lifecycle rule that aborts
 * incomplete multipart uploads is the backstop for what the sweep cannot see (an upload whose
 * `.info` object is gone). Returns the ids removed.
 */
export async function deleteAbandonedUploads(
	server: Server,
	sql: Sql,
	maxIdleMs: number,
	now = Date.now()
): Promise<string[]> {
	const datastore = server.datastore;
	const store = sweepable(datastore instanceof VerifyingStore ? datastore.inner : datastore);
	const locker = server.options.locker;
	if (!store || !isLocker(locker)) return [];
	const abandoned = (id: string) => isAbandoned(store, sql, id, maxIdleMs, now);
	const removed: string[] = [];
	for (const id of await store.uploadIds()) {
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
	store: SweepableStore,
	sql: Sql,
	id: string,
	maxIdleMs: number,
	now: number
): Promise<boolean> {
	const written = await store.written(id);
	if (!written) return false;
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
