import { TRPCClientError } from '@trpc/client';
import { trpc } from '$lib/trpc/client';
import { TransportError, type SyncTransport } from './transport';

const TIMEOUT_MS = 20_000;

function asTransportError(error: unknown): TransportError {
	if (error instanceof TRPCClientError) {
		const status = (error.data as { httpStatus?: number } | undefined)?.httpStatus;
		if (status === 401) return new TransportError('auth', error.message);
		if (status && status >= 500) return new TransportError('server', error.message);
		if (status && status >= 400) return new TransportError('refused', error.message);
	}
	return new TransportError('network', error instanceof Error ? error.message : String(error));
}

/** The browser's way to the sync procedures, with a timeout so a dead network fails fast. */
export function trpcTransport(): SyncTransport {
	const client = trpc((input, init) =>
		fetch(input, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) })
	);
	return {
		push: (input) =>
			client.sync.push.mutate(input).catch((e: unknown) => Promise.reject(asTransportError(e))),
		pull: (input) =>
			client.sync.pull.query(input).catch((e: unknown) => Promise.reject(asTransportError(e))),
		readNotices: (ids) =>
			client.me.readNotices
				.mutate({ ids })
				.catch((e: unknown) => Promise.reject(asTransportError(e)))
	};
}

/** Asks the server, not navigator.onLine, whether it can be reached. */
export async function serverReachable(): Promise<boolean> {
	try {
		const res = await fetch('/api/health', {
			cache: 'no-store',
			signal: AbortSignal.timeout(5000)
		});
		return res.ok;
	} catch {
		return false;
	}
}
