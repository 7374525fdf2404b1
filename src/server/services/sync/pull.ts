import type { Sql } from '../../db/client';
import type { AttachmentRecord, CaseRecord, Change, PullResult } from '$lib/domain/sync';
import type { NoticeRecord, ReviewEventRecord, ReviewStepView } from '$lib/domain/review';
import { certificateChangesSince } from '../certificates/queries';
import { lockChangesForRead } from './changes-lock';
import { rebaseOpenCases } from './pull-rebase';

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
	// A newer module-set version writes its notice first, so this pull carries it.
	await rebaseOpenCases(sql, applicantId);
	return sql.begin(async (tx) => {
		await lockChangesForRead(tx, applicantId);
		const cases = await tx<(Row & CaseRow)[]>`
			select c.change_seq::text as seq, c.id, c.kind, c.status, c.receipt_no,
				c.created_at, c.updated_at, c.submitted_at, c.current_ordinal,
				(select json_agg(json_build_object('ordinal', s.ordinal, 'level', s.level,
						'unitName', s.unit_name, 'state', s.state, 'decidedAt', s.decided_at)
						order by s.ordinal)
					from review_steps s where s.case_id = c.id) as steps
			from cases c where c.applicant_id = ${applicantId} and c.change_seq > ${since}::bigint
			order by c.change_seq limit ${limit}`;
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
		// What reviewers did: the unit, never the person; a 退回's snapshot stays on the server.
		const events = await tx<(Row & ReviewEventRecord)[]>`
			select e.change_seq::text as seq, e.id, e.case_id, e.ordinal, e.level, e.unit_name,
				e.action, e.reason, e.notes, e.receipt_no, e.approval_no, e.at
			from review_events e join cases c on c.id = e.case_id
			where c.applicant_id = ${applicantId} and e.change_seq > ${since}::bigint
			order by e.change_seq limit ${limit}`;
		const notices = await tx<(Row & NoticeRecord)[]>`
			select change_seq::text as seq, id, case_id, kind, unit_name, reason, changes, at, read_at
			from notices where user_id = ${applicantId} and change_seq > ${since}::bigint
			order by change_seq limit ${limit}`;
		// The applicant's certificates: issued, registered, superseded (certs service's query).
		const certificates = await certificateChangesSince(tx, applicantId, since, limit);

		const all: Change[] = [
			...cases.map(({ seq, ...c }) => ({ seq, type: 'case' as const, case: caseRecord(c) })),
			...modules.map(({ seq, updatedAt, ...m }) => ({
				seq,
				type: 'module' as const,
				module: { ...m, updatedAt: updatedAt.toISOString() }
			})),
			...attachments.map(({ seq, ...a }) => ({ seq, type: 'attachment' as const, attachment: a })),
			...events.map(({ seq, ...e }) => ({
				seq,
				type: 'review' as const,
				event: { ...e, at: iso(e.at)! }
			})),
			...notices.map(({ seq, ...n }) => ({
				seq,
				type: 'notice' as const,
				notice: { ...n, at: iso(n.at)!, readAt: iso(n.readAt) }
			})),
			...certificates.map(({ seq, certificate }) => ({
				seq,
				type: 'certificate' as const,
				certificate
			}))
		].sort((a, b) => compareSeq(a.seq, b.seq));
		// Each query stops at `limit`: past the lowest last row of a full one, rows may be missing.
		const full = [cases, modules, attachments, events, notices, certificates].filter(
			(r) => r.length === limit
		);
		const bound = full.length ? full.map((r) => r.at(-1)!.seq).sort(compareSeq)[0]! : null;
		const kept = bound ? all.filter((c) => compareSeq(c.seq, bound) <= 0) : all;
		const changes = kept.slice(0, limit);
		const more = all.length > changes.length || full.length > 0;
		return { changes, cursor: changes.at(-1)?.seq ?? since, more };
	}) as Promise<PullResult>;
}

function compareSeq(a: string, b: string): number {
	return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function iso(value: unknown): string | null {
	return value instanceof Date ? value.toISOString() : ((value as string | null) ?? null);
}

type CaseRow = Omit<CaseRecord, 'progress'> & {
	currentOrdinal: number | null;
	steps: ReviewStepView[] | null;
};

function caseRecord({ currentOrdinal, steps, ...c }: CaseRow): CaseRecord {
	return {
		...c,
		createdAt: iso(c.createdAt)!,
		updatedAt: iso(c.updatedAt)!,
		submittedAt: iso(c.submittedAt),
		progress: steps ? { steps, currentOrdinal } : null
	};
}
