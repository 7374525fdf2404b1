// The app's real offline client code (Dexie schema, writes, outbox, tus uploads) running in Node
// on fake-indexeddb against a running server. Import this module dynamically, and only from
// benchmarks: it installs fake-indexeddb as the process's global IndexedDB before Dexie loads.
import 'fake-indexeddb/auto';
import { Readable } from 'node:stream';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { DefaultHttpStack, type HttpRequest, type HttpStack } from 'tus-js-client';
import type { AppRouter } from '$lib/trpc/client';
import { ZhichengDB } from '$lib/offline/db';
import { TransportError, type SyncTransport } from '$lib/offline/transport';

export { ZhichengDB };
export { storeFile } from '$lib/offline/attachments';
export { uploadPending } from '$lib/offline/upload-runner';
export { flushOutbox } from '$lib/offline/outbox';
export { createDraft, queueAttach, saveModule } from '$lib/offline/writes';

/** Maps tRPC failures to the outbox's failure kinds, as src/lib/offline/trpc-transport.ts does. */
function asTransportError(error: unknown): TransportError {
	if (error instanceof TRPCClientError) {
		const status = (error.data as { httpStatus?: number } | undefined)?.httpStatus;
		if (status === 401) return new TransportError('auth', error.message);
		if (status && status >= 500) return new TransportError('server', error.message);
		if (status && status >= 400) return new TransportError('refused', error.message);
	}
	return new TransportError('network', error instanceof Error ? error.message : String(error));
}

/** The sync transport of trpc-transport.ts, for Node: absolute URL, session cookie and Origin. */
export function nodeTransport(base: string, cookie: string): SyncTransport {
	const client = createTRPCClient<AppRouter>({
		links: [
			httpBatchLink({
				url: `${base}/api/trpc`,
				headers: { cookie, origin: base },
				fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(60_000) })
			})
		]
	});
	return {
		push: (input) =>
			client.sync.push.mutate(input).catch((e: unknown) => Promise.reject(asTransportError(e))),
		pull: (input) =>
			client.sync.pull.query(input).catch((e: unknown) => Promise.reject(asTransportError(e)))
	};
}

/**
 * tus-js-client's Node HTTP stack with the session cookie and Origin on every request. The
 * Dexie file reader hands out Blobs, which the Node stack cannot send: they go as one stream piece.
 */
export function cookieHttpStack(base: string, cookie: string): HttpStack {
	const inner = new DefaultHttpStack({});
	return {
		getName: () => 'node-bench-with-cookie',
		createRequest(method: string, url: string): HttpRequest {
			const req = inner.createRequest(method, url);
			req.setHeader('Cookie', cookie);
			req.setHeader('Origin', base);
			const send = req.send.bind(req);
			req.send = async (body: unknown) => {
				if (!(body instanceof Blob)) return send(body);
				const bytes = Buffer.from(await body.arrayBuffer());
				req.setHeader('Content-Length', String(bytes.length));
				// As one piece, like a browser's XHR: given a Buffer, the Node stack would write it in
				// 16 KiB pieces with a progress call after each.
				return send(Readable.from([bytes], { objectMode: false }));
			};
			return req;
		}
	};
}

let dbSeq = 0;

/** A fresh, empty device database (fake-indexeddb, in this process's memory). */
export function freshDb(label: string): ZhichengDB {
	return new ZhichengDB(`zhicheng-bench-${label}-${process.pid}-${dbSeq++}`);
}

export async function dropDb(db: ZhichengDB): Promise<void> {
	db.close();
	await db.delete();
}
