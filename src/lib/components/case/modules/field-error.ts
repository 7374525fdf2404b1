import type { Issue } from '$lib/domain/modules/catalog';
import { issueMessage } from '$lib/domain/modules/messages';
import type { Locale } from '$lib/i18n/locale';

/**
 * The message under a field while the person types: a broken rule, not an empty required field
 * or a file still missing (提交 names those, typing should not shout them).
 */
export function typingError(issues: Issue[], field: string, locale: Locale): string | undefined {
	const issue = issues.find(
		(i) => i.field === field && i.code !== 'required' && i.code !== 'attachment_missing'
	);
	return issue ? issueMessage(issue, locale) : undefined;
}
