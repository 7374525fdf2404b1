import { m } from '$lib/paraglide/messages.js';
import { toClientError, trpc } from '$lib/trpc/client';

/** The review procedures from the browser (the reviewer's cookie authorizes every call). */
export function reviewApi() {
	return trpc().review;
}

export interface Failure {
	message: string;
	/** The server's code (CONFLICT, NOT_FOUND …); null when the request never got an answer. */
	code: string | null;
}

/** The server's message is already in the reviewer's language; a lost request says so. */
export function failureOf(error: unknown): Failure {
	const { message, code } = toClientError(error, m.network_error());
	return { message, code };
}
