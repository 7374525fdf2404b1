import type { Sql } from '../db/client';
import type { SessionUser } from '../auth/users';
import { reviewerScopes } from '$lib/domain/roles';
import { caseForReviewer } from '../services/cases/access';
import { audit } from '../services/review/audit';
import type { UploadRow } from './uploads';

/**
 * Who may download an uploaded attachment: its owner, or a reviewer whose scope holds a step the
 * case has reached (at or after their level) — that read is audited.
 */
export async function canDownload(
	sql: Sql,
	user: Pick<SessionUser, 'id' | 'roles'> | null,
	upload: Pick<UploadRow, 'id' | 'ownerId' | 'status' | 'caseId'>
): Promise<boolean> {
	if (!user || upload.status !== 'verified') return false;
	if (upload.ownerId === user.id) return true;
	const scopes = reviewerScopes(user.roles);
	if (scopes.length === 0 || !upload.caseId) return false;
	const [linked] = await sql<{ caseId: string }[]>`
		select case_id from attachments where id = ${upload.id} and status = 'attached'`;
	if (!linked || !(await caseForReviewer(sql, linked.caseId, scopes))) return false;
	await audit(sql, {
		actorId: user.id,
		action: 'file.read',
		subject: `case:${linked.caseId}`,
		detail: { attachmentId: upload.id }
	});
	return true;
}
