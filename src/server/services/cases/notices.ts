import type { Sql } from '../../db/client';
import { lockChangesForWrite } from '../sync/changes-lock';

/** Marks the applicant's own notices read; their other devices pull the change. */
export async function readNotices(
	sql: Sql,
	userId: string,
	ids: readonly string[]
): Promise<number> {
	if (ids.length === 0) return 0;
	return sql.begin(async (tx) => {
		await lockChangesForWrite(tx, userId);
		const rows = await tx`update notices set read_at = now(), change_seq = nextval('change_seq')
			where user_id = ${userId} and id = any(${ids as string[]}::uuid[]) and read_at is null
			returning id`;
		return rows.length;
	}) as Promise<number>;
}
