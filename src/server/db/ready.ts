import type { Sql } from './client';
import { outageCode } from './outage';

export type Readiness = { ready: true; ms: number } | { ready: false; reason: string };

/** Whether the database answers `select 1` within `timeoutMs`; a probe must never hang. */
export async function databaseReadiness(sql: Sql, timeoutMs = 2000): Promise<Readiness> {
	const t0 = performance.now();
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(
			() => reject(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
			timeoutMs
		);
	});
	try {
		await Promise.race([sql`select 1`, timeout]);
		return { ready: true, ms: Math.round(performance.now() - t0) };
	} catch (error) {
		return {
			ready: false,
			reason: outageCode(error) ?? (error as { code?: string }).code ?? 'error'
		};
	} finally {
		clearTimeout(timer);
	}
}
