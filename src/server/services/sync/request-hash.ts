import { createHash } from 'node:crypto';
import type { Mutation } from '$lib/domain/sync';
import { canonicalJson } from '$lib/domain/canonical-json';

export function mutationHash(m: Mutation): string {
	const { id: _id, ...rest } = m;
	return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}
