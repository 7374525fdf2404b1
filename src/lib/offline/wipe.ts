import { clearPageCache } from '$lib/pwa/page-cache';
import { databaseExists, databaseNameFor, forgetMark } from './device-hint';

/** Set while a sign-out has not reached the server: the person's id. */
const SIGN_OUT_PENDING = 'zhicheng-sign-out-pending';
/** Whose pages the page cache holds now. */
const DEVICE_PERSON = 'zhicheng-device-person';

function storage(): Storage | null {
	try {
		return globalThis.localStorage ?? null;
	} catch {
		return null; // storage blocked: nothing was kept there either
	}
}

/**
 * Removes everything a person left on this device: their database (drafts, the typing journal,
 * attachment pieces, the outbox: `userId` of an applicant) with the key that sealed them (vault.ts),
 * the visited pages the service worker
 * keeps, and this tab's unsent review notes. Each part is removed even when another fails.
 */
export async function wipeDevice(userId: string | null): Promise<void> {
	try {
		sessionStorage.clear();
	} catch {
		// Not available: nothing there.
	}
	storage()?.removeItem(DEVICE_PERSON);
	const deleteDb = async (id: string) => {
		const name = databaseNameFor(id);
		// Dexie is downloaded only when there is a database to delete (staff have none).
		if (await databaseExists(name)) await (await import('./db')).deleteLocalDb(id);
		else forgetMark(name);
	};
	const parts = [clearPageCache(), ...(userId ? [deleteDb(userId)] : [])];
	const failed = (await Promise.allSettled(parts)).find((p) => p.status === 'rejected');
	if (failed) throw failed.reason;
}

/**
 * 退出: the device is wiped whether or not the server answers (offline, session expired); a
 * sign-out the server did not hear of is sent again on the next page this session opens.
 */
export async function signOut(userId: string | null, tellServer: () => Promise<unknown>) {
	storage()?.setItem(SIGN_OUT_PENDING, userId ?? '');
	try {
		await wipeDevice(userId);
	} finally {
		await tellServer().then(
			() => storage()?.removeItem(SIGN_OUT_PENDING),
			() => {}
		);
	}
}

/**
 * Before a signed-in page opens the person's data: a sign-out of this same session the server
 * never heard of is finished ('signed-out': reload as a visitor; 'sign-out-unsent': the server
 * is still unreachable, open nothing); another person than the last one signed in here first
 * gets a page cache without that one's pages.
 */
export async function settleDevice(
	userId: string,
	tellServer: () => Promise<unknown>
): Promise<'signed-out' | 'sign-out-unsent' | 'ready'> {
	const store = storage();
	const pending = store?.getItem(SIGN_OUT_PENDING);
	if (pending !== null && pending !== undefined) {
		if (pending === userId) {
			await wipeDevice(userId);
			const told = await tellServer().then(
				() => true,
				() => false
			);
			if (!told) return 'sign-out-unsent';
			store?.removeItem(SIGN_OUT_PENDING);
			return 'signed-out';
		}
		// Someone else signed in since: that session (its cookie) is gone from this browser.
		store?.removeItem(SIGN_OUT_PENDING);
	}
	if (store?.getItem(DEVICE_PERSON) !== userId) {
		await clearPageCache();
		try {
			sessionStorage.clear();
		} catch {
			// Not available: nothing there.
		}
		store?.setItem(DEVICE_PERSON, userId);
	}
	return 'ready';
}
