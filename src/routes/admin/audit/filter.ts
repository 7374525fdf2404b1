import { auditFilter, type AuditFilter } from '$lib/domain/admin/schemas';

/** The viewer's filters from the address (empty fields dropped); null when one is malformed. */
export function auditFilterOf(params: URLSearchParams): AuditFilter | null {
	const raw: Record<string, string | number> = {};
	for (const key of ['actor', 'caseId', 'action', 'from', 'to'] as const) {
		const value = params.get(key)?.trim();
		if (value) raw[key] = value;
	}
	const before = Number(params.get('before'));
	if (Number.isSafeInteger(before) && before > 0) raw.before = before;
	const parsed = auditFilter.safeParse(raw);
	return parsed.success ? parsed.data : null;
}
