import type { MutationResult, PullResult, PushInput } from '$lib/domain/sync';

/** How the outbox reaches the server; the browser's uses tRPC, tests may wrap it with faults. */
export interface SyncTransport {
	push(input: PushInput): Promise<{ results: MutationResult[] }>;
	pull(input: { since: string; limit?: number }): Promise<PullResult>;
	/** Tells the server which of the person's notices were read on this device. */
	readNotices?(ids: string[]): Promise<{ count: number }>;
}

/**
 * network: no answer (offline, timeout, lost reply); server: 5xx; auth: the session ended;
 * refused: a permanent 4xx for the whole request.
 */
export type TransportFailure = 'network' | 'server' | 'auth' | 'refused';

export class TransportError extends Error {
	constructor(
		readonly kind: TransportFailure,
		message: string
	) {
		super(message);
		this.name = 'TransportError';
	}
}

export function failureKindOf(error: unknown): TransportFailure {
	return error instanceof TransportError ? error.kind : 'network';
}
