import type { ZhichengDB } from './db';

export const META = {
	clientId: 'clientId',
	pullCursor: 'pullCursor',
	lastSyncAt: 'lastSyncAt',
	authRequired: 'authRequired',
	lastError: 'lastError'
} as const;

export async function getMeta<T>(db: ZhichengDB, key: string): Promise<T | undefined> {
	return (await db.meta.get(key))?.value as T | undefined;
}

export async function setMeta(db: ZhichengDB, key: string, value: unknown): Promise<void> {
	await db.meta.put({ key, value });
}

/** This browser profile's id in the sync protocol, made once. */
export async function clientIdOf(db: ZhichengDB): Promise<string> {
	return db.transaction('rw', db.meta, async () => {
		const existing = await getMeta<string>(db, META.clientId);
		if (existing) return existing;
		const id = crypto.randomUUID();
		await setMeta(db, META.clientId, id);
		return id;
	});
}

export function nowIso(): string {
	return new Date().toISOString();
}
