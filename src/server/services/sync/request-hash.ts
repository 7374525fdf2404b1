import { createHash } from 'node:crypto';
import type { Mutation } from '$lib/domain/sync';
import { canonicalJson } from '$lib/domain/canonical-json';

/** A request's fingerprint: a reused id with another request is refused, a repeat answered. */
export function requestHash(value: unknown): string {
	return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export function mutationHash(m: Mutation): string {
	const { id: _id, ...rest } = m;
	return requestHash(rest);
}
