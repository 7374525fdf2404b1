import type { Sql } from '../db/client';

export type IdentityAnswer = 'match' | 'mismatch';

/** 实名核验: does this name belong to this ID number? The seam for the national service. */
export interface IdentityRegistry {
	/** Throws IdentityRegistryUnavailable when no answer can be had. */
	check(name: string, idNumber: string): Promise<IdentityAnswer>;
}

export class IdentityRegistryUnavailable extends Error {}

/** Test identities: anyone born on 1900-01-01 (no living person) is 测试用户. */
export const TEST_IDENTITY_NAME = '测试用户';
const TEST_BIRTH_DATE = '19000101';

/**
 * Development: the `identity_registry` table (migration 0011: the demo people and the people the
 * tests register) and the test identities above.
 */
export function devIdentityRegistry(sql: Sql): IdentityRegistry {
	return {
		async check(name, idNumber) {
			if (idNumber.slice(6, 14) === TEST_BIRTH_DATE) {
				return name === TEST_IDENTITY_NAME ? 'match' : 'mismatch';
			}
			const [row] = await sql<{ name: string }[]>`
				select name from identity_registry where id_number = ${idNumber}`;
			return row?.name === name ? 'match' : 'mismatch';
		}
	};
}

/**
 * Production: POST { name, idNumber } as JSON to IDENTITY_REGISTRY_URL (Bearer
 * IDENTITY_REGISTRY_TOKEN), which answers { match: boolean }.
 */
export function httpIdentityRegistry(url: string, token: string | null): IdentityRegistry {
	return {
		async check(name, idNumber) {
			let body: unknown;
			try {
				const res = await fetch(url, {
					method: 'POST',
					headers: {
						'content-type': 'application/json',
						...(token ? { authorization: `Bearer ${token}` } : {})
					},
					body: JSON.stringify({ name, idNumber }),
					signal: AbortSignal.timeout(5000)
				});
				if (!res.ok) throw new Error(`identity registry answered ${res.status}`);
				body = await res.json();
			} catch (error) {
				throw new IdentityRegistryUnavailable('identity registry unavailable', { cause: error });
			}
			const match = (body as { match?: unknown } | null)?.match;
			if (typeof match !== 'boolean') {
				throw new IdentityRegistryUnavailable('identity registry gave no answer');
			}
			return match ? 'match' : 'mismatch';
		}
	};
}

type Factory = (sql: Sql) => IdentityRegistry;

function fromEnvironment(): Factory {
	const url = process.env.IDENTITY_REGISTRY_URL;
	if (!url) return devIdentityRegistry;
	const registry = httpIdentityRegistry(url, process.env.IDENTITY_REGISTRY_TOKEN || null);
	return () => registry;
}

let factory: Factory | null = null;

export function identityRegistry(sql: Sql): IdentityRegistry {
	factory ??= fromEnvironment();
	return factory(sql);
}

/** Installs another registry (tests; a deployment's own client). */
export function setIdentityRegistry(next: Factory | null): void {
	factory = next;
}
