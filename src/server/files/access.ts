import type { SessionUser } from '../auth/users';
import type { UploadRow } from './uploads';

/**
 * Who may download an uploaded attachment. Today only its owner; reviewers of the case (within
 * their scope, audited) come with the review workflow.
 */
export function canDownload(
	user: Pick<SessionUser, 'id' | 'roles'> | null,
	upload: Pick<UploadRow, 'ownerId' | 'status'>
): boolean {
	if (!user || upload.status !== 'verified') return false;
	return upload.ownerId === user.id;
}
