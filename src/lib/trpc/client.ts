import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '$server/trpc/routers/_app';

export type { AppRouter };

/** The browser's typed tRPC client; pass SvelteKit's fetch from a universal load. */
export function trpc(fetchFn: typeof fetch = fetch) {
	return createTRPCClient<AppRouter>({
		links: [httpBatchLink({ url: '/api/trpc', fetch: fetchFn })]
	});
}

export interface ClientError {
	message: string;
	fieldErrors: Record<string, string>;
	code: string | null;
}

/** Normalizes any failure of a tRPC call into a message and per-field messages. */
export function toClientError(error: unknown, networkMessage: string): ClientError {
	if (error instanceof TRPCClientError) {
		const data = error.data as { code?: string; fieldErrors?: Record<string, string> } | undefined;
		if (!data) return { message: networkMessage, fieldErrors: {}, code: null };
		return { message: error.message, fieldErrors: data.fieldErrors ?? {}, code: data.code ?? null };
	}
	return { message: networkMessage, fieldErrors: {}, code: null };
}
