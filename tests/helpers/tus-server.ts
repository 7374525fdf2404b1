import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import { createSession, SESSION_COOKIE } from '../../src/server/auth/session';
import { deleteAbandonedUploads } from '../../src/server/files/abandoned-uploads';
import { createTusServer } from '../../src/server/files/tus';
import { findUpload, type UploadRow } from '../../src/server/files/uploads';
import { seedDemoAccounts } from '../../src/server/seed/demo';
import { userIdBy } from './context';
import { openTestDatabase } from './db';

export interface LoopbackTus {
	/** e.g. http://127.0.0.1:41234/files */
	endpoint: string;
	/** The demo applicant's session cookie (`zc_session=…`). */
	cookie: string;
	/** A draft case of that applicant on the server: uploads are only taken for such a case. */
	caseId: string;
	filesDir: string;
	upload(id: string): Promise<UploadRow | null>;
	/** Deletes an upload's row, as if the server had stopped before recording its finish. */
	forget(id: string): Promise<void>;
	/** Deletes every stored upload that is no attachment, as if all were long abandoned. */
	sweep(): Promise<string[]>;
	close(): Promise<void>;
}

/** Bridges node:http to `tus.handleWeb(Request)`, as SvelteKit's adapter-node does. */
export async function toWebRequest(req: IncomingMessage, base: string): Promise<Request> {
	const headers = new Headers();
	for (const [name, value] of Object.entries(req.headers)) {
		if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
	}
	const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS';
	return new Request(new URL(req.url ?? '/', base), {
		method: req.method,
		headers,
		body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
		duplex: 'half'
	} as RequestInit);
}

/** Writes a web `Response` to a node:http response. */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
	res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
	if (response.body) {
		for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
			res.write(chunk);
		}
	}
	res.end();
}

/** The real tus server on a loopback port, on a fresh test database with the demo accounts. */
export async function startLoopbackTus(): Promise<LoopbackTus> {
	const tdb = await openTestDatabase();
	await seedDemoAccounts(tdb.sql);
	const userId = await userIdBy(tdb.sql, '13800000001');
	const { token } = await createSession(tdb.sql, { id: userId, kind: 'applicant' });
	const [kase] = await tdb.sql<{ id: string }[]>`
		insert into cases (id, applicant_id, kind) values (gen_random_uuid(), ${userId}, 'review')
		returning id`;
	const filesDir = mkdtempSync(path.join(tmpdir(), 'zc-tus-'));
	const tus = createTusServer({
		sql: () => tdb.sql,
		config: {
			filesDir,
			maxFileBytes: 10 * 1024 * 1024,
			// Every test's files go to the one case.
			maxCaseBytes: 1024 * 1024 * 1024,
			maxApplicantBytes: 1024 * 1024 * 1024,
			s3: null
		},
		origin: null,
		datastore: new FileStore({ directory: filesDir })
	});
	let base = '';
	const server = createServer((req, res) => {
		toWebRequest(req, base)
			.then((request) => tus.handleWeb(request))
			.then((response) => sendWebResponse(res, response))
			.catch(() => {
				if (!res.headersSent) res.writeHead(500);
				res.end();
			});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		endpoint: `${base}/files`,
		cookie: `${SESSION_COOKIE}=${token}`,
		caseId: kase!.id,
		filesDir,
		upload: (id) => findUpload(tdb.sql, id),
		async forget(id) {
			await tdb.sql`delete from uploads where id = ${id}`;
		},
		sweep: () => deleteAbandonedUploads(tus, tdb.sql, 0, Date.now() + 1000),
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			await tdb.close();
			rmSync(filesDir, { recursive: true, force: true });
		}
	};
}
