import { error } from '@sveltejs/kit';
import { Readable } from 'node:stream';
import type { RequestHandler } from './$types';
import { hasRole } from '$lib/domain/roles';
import { db } from '$server/db/client';
import { audit } from '$server/services/review/audit';
import { auditCsv } from '$server/services/admin/audit-log';
import { auditFilterOf } from '../filter';

/** The audit log's filtered rows as CSV (the administrator only; the export itself is audited). */
export const GET: RequestHandler = async ({ locals, url }) => {
	const user = locals.user;
	if (!user || !hasRole(user.roles, 'admin')) error(403, 'Forbidden');
	const filter = auditFilterOf(url.searchParams);
	if (!filter) error(400, 'Bad Request');
	const sql = db();
	await audit(sql, {
		actorId: user.id,
		action: 'admin.audit_export',
		subject: 'audit_log',
		detail: filter
	});
	return new Response(Readable.toWeb(Readable.from(auditCsv(sql, filter))) as ReadableStream, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': 'attachment; filename="audit-log.csv"',
			'cache-control': 'no-store'
		}
	});
};
