import type { ReviewLevel } from '$lib/domain/case-status';

/** A step's holder as one key ('unit:wu-nj-001'): the queue's index is on it. */
export function holderOf(level: ReviewLevel, scopeId: string): string {
	return `${level}:${scopeId}`;
}

export function holdersOf(scopes: readonly { type: ReviewLevel; id: string }[]): string[] {
	return scopes.map((s) => holderOf(s.type, s.id));
}
