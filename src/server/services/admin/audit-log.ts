import type { Sql } from '../../db/client';
import type { AuditFilter } from '$lib/domain/admin/schemas';
import { csvLine } from '$lib/domain/admin/csv';

export interface AuditRow {
	id: string;
	at: Date;
	actorAccount: string | null;
	actorName: string | null;
	action: string;
	subject: string | null;
	detail: unknown;
}

const PAGE = 100;

/** Conditions of the viewer's filters; dates are China days, `to` inclusive. */
function whereOf(sql: Sql, f: AuditFilter) {
	const actor = f.actor ? `%${f.actor.replace(/[\\%_]/g, '\\$&')}%` : null;
	return sql`
		where true
		${actor ? sql`and (u.account like ${actor} or u.name like ${actor})` : sql``}
		${f.caseId ? sql`and l.subject = ${'case:' + f.caseId}` : sql``}
		${f.action ? sql`and l.action = ${f.action}` : sql``}
		${f.from ? sql`and l.at >= (${f.from}::date::timestamp at time zone 'Asia/Shanghai')` : sql``}
		${f.to ? sql`and l.at < ((${f.to}::date + 1)::timestamp at time zone 'Asia/Shanghai')` : sql``}`;
}

/** One page of the audit log, newest first (read-only: the table refuses updates). */
export async function auditPage(
	sql: Sql,
	f: AuditFilter
): Promise<{ rows: AuditRow[]; next: number | null }> {
	const rows = await sql<AuditRow[]>`
		select l.id::text as id, l.at, u.account as actor_account, u.name as actor_name,
			l.action, l.subject, l.detail
		from audit_log l left join users u on u.id = l.actor_id
		${whereOf(sql, f)}
		${f.before ? sql`and l.id < ${f.before}` : sql``}
		order by l.id desc limit ${PAGE + 1}`;
	const more = rows.length > PAGE;
	const page = more ? rows.slice(0, PAGE) : [...rows];
	return { rows: page, next: more ? Number(page.at(-1)!.id) : null };
}

/** The distinct actions, for the viewer's action filter. */
export async function auditActions(sql: Sql): Promise<string[]> {
	const rows = await sql<
		{ action: string }[]
	>`select distinct action from audit_log order by action`;
	return rows.map((r) => r.action);
}

/** Every matching row, oldest first, in batches (for the export). */
async function* auditRows(sql: Sql, f: AuditFilter): AsyncGenerator<AuditRow[]> {
	// Keyset batches, each its own statement (a cursor would be one statement for the download).
	let after = 0;
	for (;;) {
		const rows = await sql<AuditRow[]>`
			select l.id::text as id, l.at, u.account as actor_account, u.name as actor_name,
				l.action, l.subject, l.detail
			from audit_log l left join users u on u.id = l.actor_id
			${whereOf(sql, f)} and l.id > ${after}
			order by l.id limit 1000`;
		if (rows.length === 0) return;
		yield rows;
		after = Number(rows.at(-1)!.id);
		if (rows.length < 1000) return;
	}
}

/** The export of the viewer's rows as CSV lines (header first). */
export async function* auditCsv(sql: Sql, f: AuditFilter): AsyncGenerator<string> {
	yield '\ufeff' + csvLine(['id', 'at', 'account', 'name', 'action', 'subject', 'detail']);
	for await (const rows of auditRows(sql, f)) {
		yield rows
			.map((r) =>
				csvLine([
					r.id,
					r.at.toISOString(),
					r.actorAccount,
					r.actorName,
					r.action,
					r.subject,
					JSON.stringify(r.detail)
				])
			)
			.join('');
	}
}
