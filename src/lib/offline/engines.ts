import type { ZhichengDB } from './db';
import { SyncEngine } from './sync-engine.svelte';
import { uploadPending } from './upload-runner';

const engines = new Map<string, SyncEngine>();

/** One sync engine per signed-in user and page. */
export function syncEngineFor(db: ZhichengDB, userId: string): SyncEngine {
	let engine = engines.get(userId);
	if (!engine) {
		engine = new SyncEngine(db, `zhicheng-sync-${userId}`);
		engine.uploadRunner = (d) => uploadPending(d);
		engines.set(userId, engine);
	}
	return engine;
}
