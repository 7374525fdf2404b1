import { createHash } from 'node:crypto';
import type { Mutation } from '$lib/domain/sync';

/** JSON with sorted keys, so the same mutation always hashes the same. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
	}
	return JSON.stringify(value);
}

export function mutationHash(m: Mutation): string {
	const { id: _id, ...rest } = m;
	return createHash('sha256').update(canonical(rest)).digest('hex');
}
