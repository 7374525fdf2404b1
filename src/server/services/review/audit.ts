import type { Sql, TransactionSql } from '../../db/client';

/** One line of the append-only audit log (a reviewer's read of personal data, an action). */
export async function audit(
	sql: Sql | TransactionSql,
	entry: { actorId: string; action: string; subject: string; detail?: Record<string, unknown> }
): Promise<void> {
	await sql`insert into audit_log (actor_id, action, subject, detail)
		values (${entry.actorId}, ${entry.action}, ${entry.subject}, ${sql.json((entry.detail ?? {}) as never)})`;
}
