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

const EMBEDDED_HOST = '127.0.0.1';

export class EmbeddedStartError extends Error {
	override name = 'EmbeddedStartError';
}

function reasonOf(error: unknown): string {
	if (!(error instanceof Error)) return String(error);
	const code = (error as { code?: unknown }).code;
	return typeof code === 'string' && !error.message.includes(code)
		? `${code} ${error.message}`
		: error.message;
}

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
	const where = dir ?? 'memory';
	let pglite: PGlite;
	try {
		if (dir) mkdirSync(dir, { recursive: true });
		pglite = await PGlite.create(dir ?? undefined, loadDataDir ? { loadDataDir } : {});
	} catch (cause) {
		throw new EmbeddedStartError(
			`the embedded database could not open its data folder ${where}: ${reasonOf(cause)} ` +
				'(is the folder writable, with free space, and not used by another Zhicheng process? ' +
				'DATA_DIR chooses another)',
			{ cause }
		);
	}
	const server = new PGLiteSocketServer({
		db: pglite,
		host: EMBEDDED_HOST,
		port: 0,
		maxConnections: EMBEDDED_MAX_CONNECTIONS
	});
	try {
		await server.start();
	} catch (cause) {
		await pglite.close().catch(() => {});
		throw new EmbeddedStartError(
			`the embedded database (data folder ${where}) could not listen on ${EMBEDDED_HOST}, ` +
				`a free port: ${reasonOf(cause)}`,
			{ cause }
		);
	}
	return {
		url: `postgres://postgres@${server.getServerConn()}/postgres`,
		pglite,
		async stop() {
			await server.stop();
			await pglite.close();
		}
	};
}
