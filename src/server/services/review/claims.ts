import type { TransactionSql } from '../../db/client';
import { CLAIM_MINUTES } from '$lib/domain/case-status';

export interface ClaimView {
	byMe: boolean;
	name: string;
	until: string;
}

/** The live claim on a case, if any (an expired one is as good as none). */
export async function liveClaim(
	tx: TransactionSql,
	caseId: string,
	reviewerId: string
): Promise<(ClaimView & { reviewerId: string; ordinal: number }) | null> {
	const [row] = await tx<{ reviewerId: string; ordinal: number; name: string; until: Date }[]>`
		select c.reviewer_id, c.ordinal, u.name, c.until
		from case_claims c join users u on u.id = c.reviewer_id
		where c.case_id = ${caseId} and c.until > now()`;
	return row
		? {
				reviewerId: row.reviewerId,
				ordinal: row.ordinal,
				byMe: row.reviewerId === reviewerId,
				name: row.name,
				until: row.until.toISOString()
			}
		: null;
}

/** Takes or renews the claim of this reviewer on the case's current step. */
export async function takeClaim(
	tx: TransactionSql,
	caseId: string,
	reviewerId: string,
	ordinal: number
): Promise<string> {
	const [row] = await tx<{ until: Date }[]>`
		insert into case_claims (case_id, reviewer_id, ordinal, until)
		values (${caseId}, ${reviewerId}, ${ordinal}, now() + make_interval(mins => ${CLAIM_MINUTES}))
		on conflict (case_id) do update set reviewer_id = excluded.reviewer_id,
			ordinal = excluded.ordinal, until = excluded.until
		returning until`;
	return row!.until.toISOString();
}

export async function dropClaim(tx: TransactionSql, caseId: string, reviewerId?: string) {
	if (reviewerId) {
		await tx`delete from case_claims where case_id = ${caseId} and reviewer_id = ${reviewerId}`;
	} else {
		await tx`delete from case_claims where case_id = ${caseId}`;
	}
}
