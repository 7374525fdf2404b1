import type { TransactionSql } from '../../db/client';

export interface CaseSnapshot {
	modules: Record<string, Record<string, unknown>>;
	attachments: { id: string; module: string; name: string }[];
}

/** The modules and files of a case as they are now (kept with a 退回, to diff the resubmission). */
export async function caseSnapshot(tx: TransactionSql, caseId: string): Promise<CaseSnapshot> {
	const modules = await tx<{ module: string; data: Record<string, unknown> }[]>`
		select module, data from case_modules where case_id = ${caseId}`;
	const attachments = await tx<{ id: string; module: string; name: string }[]>`
		select a.id, a.module, u.name from attachments a join uploads u on u.id = a.id
		where a.case_id = ${caseId} and a.status = 'attached' order by a.created_at`;
	return {
		modules: Object.fromEntries(modules.map((m) => [m.module, m.data])),
		attachments: [...attachments]
	};
}
