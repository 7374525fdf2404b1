import type { Sql, TransactionSql } from '../../db/client';
import type { ReviewLevel } from '$lib/domain/case-status';
import type { CaseKind, CaseStatus } from '$lib/domain/sync';
import { isUuid } from '../../files/uploads';
import { holdersOf } from './holder';

export interface ReviewerScope {
	type: ReviewLevel;
	id: string;
}

export interface VisibleCase {
	id: string;
	applicantId: string;
	kind: CaseKind;
	status: CaseStatus;
	currentOrdinal: number | null;
	currentHolder: string | null;
}

/**
 * A case as a reviewer may see it: one of their scopes holds a step the case has reached (it is
 * at their level or has gone past it). Otherwise null, exactly as for a case that does not exist.
 */
export async function caseForReviewer(
	sql: Sql | TransactionSql,
	caseId: string,
	scopes: readonly ReviewerScope[],
	{ lock = false }: { lock?: boolean } = {}
): Promise<VisibleCase | null> {
	if (!isUuid(caseId) || scopes.length === 0) return null;
	const holders = holdersOf(scopes);
	const [row] = await sql<VisibleCase[]>`
		select c.id, c.applicant_id, c.kind, c.status, c.current_ordinal, c.current_holder
		from cases c
		where c.id = ${caseId} and exists (
			select 1 from review_steps s
			where s.case_id = c.id and s.holder = any(${holders}) and s.state <> 'waiting')
		${lock ? sql`for update of c` : sql``}`;
	return row ?? null;
}

/** The applicant of a case (for the change lock taken before the case row). */
export async function applicantOf(
	sql: Sql | TransactionSql,
	caseId: string
): Promise<string | null> {
	if (!isUuid(caseId)) return null;
	const [row] = await sql<{ applicantId: string }[]>`
		select applicant_id from cases where id = ${caseId}`;
	return row?.applicantId ?? null;
}
