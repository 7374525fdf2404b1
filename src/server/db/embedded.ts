import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** Connections the socket accepts; the postgres.js pool must stay at or below it. */
export const EMBEDDED_MAX_CONNECTIONS = 2;
/**
 * One pooled connection: pglite-socket multiplexes connections onto one single-threaded
 * PGlite, and concurrent extended-protocol batches can interleave (electric-sql/pglite#1046).
 */
export const EMBEDDED_POOL_SIZE = 1;

export interface EmbeddedDatabase {
	url: string;
	pglite: PGlite;
	stop(): Promise<void>;
}

/**
 * Starts PGlite (real PostgreSQL in WASM) in `dir` — or in memory when `dir` is null — and
 * serves it over the wire protocol on a free loopback port, so the app talks to it through
 * the same postgres.js code as to a real server.
 */
export async function startEmbeddedDatabase(
	dir: string | null,
	loadDataDir?: Blob
): Promise<EmbeddedDatabase> {
	if (dir) mkdirSync(dir, { recursive: true });
	const pglite = await PGlite.create(dir ?? undefined, loadDataDir ? { loadDataDir } : {});
	const server = new PGLiteSocketServer({
		db: pglite,
		host: '127.0.0.1',
		port: 0,
		maxConnections: EMBEDDED_MAX_CONNECTIONS
	});
	await server.start();
	return {
		url: `postgres://postgres@${server.getServerConn()}/postgres`,
		pglite,
		async stop() {
			await server.stop();
			await pglite.close();
		}
	};
}
