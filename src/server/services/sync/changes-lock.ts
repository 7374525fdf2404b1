import type { TransactionSql } from '../../db/client';

/**
 * Change sequence numbers are taken inside transactions, so without care a pull could pass a
 * number whose transaction has not committed yet and never see it. Writers of one applicant's
 * data hold this lock exclusively until commit; a pull holds it shared while reading.
 */
export async function lockChangesForWrite(tx: TransactionSql, applicantId: string): Promise<void> {
	await tx`select pg_advisory_xact_lock(hashtextextended(${'changes:' + applicantId}, 0))`;
}

export async function lockChangesForRead(tx: TransactionSql, applicantId: string): Promise<void> {
	await tx`select pg_advisory_xact_lock_shared(hashtextextended(${'changes:' + applicantId}, 0))`;
}
