import type { Sql } from '../../db/client';
import type { AttachmentRecord, CaseRecord, Change, PullResult } from '$lib/domain/sync';
import { lockChangesForRead } from './changes-lock';

const DEFAULT_LIMIT = 200;

interface Row {
	seq: string;
}

/** Everything of this applicant changed after `since`, oldest first, and the cursor to store. */
export async function pullChanges(
	sql: Sql,
	applicantId: string,
	since: string,
	limit = DEFAULT_LIMIT
): Promise<PullResult> {
	return sql.begin(async (tx) => {
		await lockChangesForRead(tx, applicantId);
		const cases = await tx<(Row & CaseRecord)[]>`
			select change_seq::text as seq, id, kind, status, receipt_no,
				created_at, updated_at, submitted_at
			from cases where applicant_id = ${applicantId} and change_seq > ${since}::bigint
			order by change_seq limit ${limit}`;
		const modules = await tx<
			(Row & {
				caseId: string;
				module: string;
				data: Record<string, unknown>;
				revision: number;
				updatedAt: Date;
			})[]
		>`
			select m.change_seq::text as seq, m.case_id, m.module, m.data, m.revision, m.updated_at
			from case_modules m join cases c on c.id = m.case_id
			where c.applicant_id = ${applicantId} and m.change_seq > ${since}::bigint
			order by m.change_seq limit ${limit}`;
		const attachments = await tx<(Row & AttachmentRecord)[]>`
			select a.change_seq::text as seq, a.id, a.case_id, a.module, a.slot, u.name, u.mime,
				u.size::int as size, u.sha256, a.status
			from attachments a join cases c on c.id = a.case_id join uploads u on u.id = a.id
			where c.applicant_id = ${applicantId} and a.change_seq > ${since}::bigint
			order by a.change_seq limit ${limit}`;

		const all: Change[] = [
			...cases.map(({ seq, ...c }) => ({ seq, type: 'case' as const, case: caseRecord(c) })),
			...modules.map(({ seq, updatedAt, ...m }) => ({
				seq,
				type: 'module' as const,
				module: { ...m, updatedAt: updatedAt.toISOString() }
			})),
			...attachments.map(({ seq, ...a }) => ({ seq, type: 'attachment' as const, attachment: a }))
		].sort((a, b) => compareSeq(a.seq, b.seq));
		const changes = all.slice(0, limit);
		const more =
			all.length > limit || [cases, modules, attachments].some((r) => r.length === limit);
		return { changes, cursor: changes.at(-1)?.seq ?? since, more };
	}) as Promise<PullResult>;
}

function compareSeq(a: string, b: string): number {
	return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function iso(value: unknown): string | null {
	return value instanceof Date ? value.toISOString() : ((value as string | null) ?? null);
}

function caseRecord(c: CaseRecord): CaseRecord {
	return {
		...c,
		createdAt: iso(c.createdAt)!,
		updatedAt: iso(c.updatedAt)!,
		submittedAt: iso(c.submittedAt)
	};
}
