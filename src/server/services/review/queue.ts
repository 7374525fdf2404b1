import type { Sql } from '../../db/client';
import type { ReviewLevel } from '$lib/domain/case-status';
import { maskIdNumber } from '$lib/domain/mask';
import type { QueueCounts, QueueInput, QueuePage, QueueRow } from '$lib/domain/review';
import type { CaseKind, CaseStatus } from '$lib/domain/sync';
import type { ReviewerScope } from '../cases/access';
import { holdersOf } from '../cases/holder';

const DEFAULT_LIMIT = 20;

interface Row {
	caseId: string;
	receiptNo: string | null;
	kind: CaseKind;
	status: CaseStatus;
	applicantName: string;
	idNumber: string;
	seriesName: string | null;
	levelName: string | null;
	specialty: string | null;
	submittedAt: Date | null;
	since: Date;
	sortKey: string;
	ordinal: number;
	level: ReviewLevel;
	claimBy: string | null;
	claimName: string | null;
	claimUntil: Date | null;
}

function encodeCursor(key: string, id: string): string {
	return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

function decodeCursor(cursor: string | undefined): [string, string] | null {
	if (!cursor) return null;
	try {
		const value = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
		if (
			Array.isArray(value) &&
			value.length === 2 &&
			value.every((v) => typeof v === 'string') &&
			/^\d{4}-\d{2}-\d{2}[ T][\d:.]+(Z|[+-]\d{2}(:?\d{2})?)?$/.test(value[0] as string) &&
			/^[0-9a-f-]{36}$/i.test(value[1] as string)
		) {
			return value as [string, string];
		}
	} catch {
		// A cursor that is not ours starts from the first page.
	}
	return null;
}

/** A name (or part of it), a full ID number, or the digits shown after the mask. */
function searchOf(sql: Sql, raw: string | undefined) {
	const q = raw?.trim();
	if (!q) return sql``;
	if (/^\d{17}[\dXx]$/.test(q)) return sql`and c.applicant_id_number = ${q.toUpperCase()}`;
	if (/^[\d*Xx\s]+$/.test(q)) {
		const tail = q.split('*').at(-1)!.replace(/\s/g, '').toUpperCase();
		return tail ? sql`and c.applicant_id_number like ${'%' + tail}` : sql``;
	}
	return sql`and c.applicant_name like ${'%' + q.replace(/[\\%_]/g, '\\$&') + '%'}`;
}

function filtersOf(sql: Sql, f: QueueInput) {
	return sql`
		${f.kind ? sql`and c.kind = ${f.kind}` : sql``}
		${f.seriesId ? sql`and c.series_id = ${f.seriesId}` : sql``}
		${f.level ? sql`and c.level_code = ${f.level}` : sql``}
		${f.periodId ? sql`and c.period_id = ${f.periodId}` : sql``}
		${f.submittedFrom ? sql`and c.submitted_at >= (${f.submittedFrom}::date::timestamp at time zone 'Asia/Shanghai')` : sql``}
		${f.submittedTo ? sql`and c.submitted_at < ((${f.submittedTo}::date + 1)::timestamp at time zone 'Asia/Shanghai')` : sql``}
		${searchOf(sql, f.search)}`;
}

/**
 * One page of a reviewer's queue, their own scopes only: 待审核 (at their level), 已退回 (they
 * returned it; it waits for the applicant) or 已处理 (they passed or rejected it). Keyset pages,
 * longest waiting first unless asked otherwise; ID numbers masked.
 */
export async function reviewQueue(
	sql: Sql,
	reviewerId: string,
	scopes: readonly ReviewerScope[],
	input: QueueInput
): Promise<QueuePage> {
	const holders = holdersOf(scopes);
	// One scope (nearly every reviewer): equality, so the index's order serves ORDER BY … LIMIT.
	const holderIs = (column: ReturnType<Sql>) =>
		holders.length === 1 ? sql`${column} = ${holders[0]!}` : sql`${column} = any(${holders})`;
	const limit = input.limit ?? DEFAULT_LIMIT;
	const after = decodeCursor(input.after);
	const columns = sql`
		c.id as case_id, c.receipt_no, c.kind, c.status, c.applicant_name,
		c.applicant_id_number as id_number,
		ts.name as series_name, tl.name as level_name, c.specialty, c.submitted_at,
		cl.reviewer_id as claim_by, cu.name as claim_name, cl.until as claim_until`;
	const joins = sql`
		left join title_series ts on ts.id = c.series_id
		left join title_levels tl on tl.code = c.level_code
		left join case_claims cl on cl.case_id = c.id and cl.until > now()
		left join users cu on cu.id = cl.reviewer_id`;
	const f = input;
	const filtered = !!(
		f.kind ||
		f.seriesId ||
		f.level ||
		f.periodId ||
		f.submittedFrom ||
		f.submittedTo ||
		f.search?.trim()
	);
	let rows: Row[];
	if (input.queue === 'done') {
		rows = await sql<Row[]>`
			select ${columns}, s.decided_at as since, s.decided_at::text as sort_key, s.ordinal, s.level
			from (
				select s.case_id, s.decided_at, s.ordinal, s.level from review_steps s
				${filtered ? sql`join cases c on c.id = s.case_id` : sql``}
				where ${holderIs(sql`s.holder`)} and s.state in ('passed', 'rejected')
					${after ? sql`and (s.decided_at, s.case_id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
					${filtersOf(sql, input)}
				order by s.decided_at desc, s.case_id desc
				limit ${limit + 1}
			) s join cases c on c.id = s.case_id ${joins}
			order by s.decided_at desc, s.case_id desc`;
	} else {
		const status = input.queue === 'pending' ? 'submitted' : 'returned';
		const recent = input.sort === 'recent';
		const keyset = after
			? recent
				? sql`and (c.current_since, c.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`
				: sql`and (c.current_since, c.id) > (${after[0]}::timestamptz, ${after[1]}::uuid)`
			: sql``;
		const order = (t: string) =>
			recent
				? sql`${sql(t)}.current_since desc, ${sql(t)}.id desc`
				: sql`${sql(t)}.current_since, ${sql(t)}.id`;
		// The page is picked from the queue index alone (it carries every filtered column), then joined.
		rows = await sql<Row[]>`
			select ${columns}, c.current_since as since, c.current_since::text as sort_key,
				c.current_ordinal as ordinal, split_part(c.current_holder, ':', 1) as level
			from (
				select c.id, c.current_since from cases c
				where ${holderIs(sql`c.current_holder`)} and c.status = ${status}
					${keyset} ${filtersOf(sql, input)}
				order by ${order('c')}
				limit ${limit + 1}
			) p join cases c on c.id = p.id ${joins}
			order by ${order('p')}`;
	}
	const page = rows.slice(0, limit);
	const last = page.at(-1);
	return {
		rows: page.map((r) => queueRow(r, reviewerId)),
		next: rows.length > limit && last ? encodeCursor(last.sortKey, last.caseId) : null
	};
}

function queueRow(r: Row, reviewerId: string): QueueRow {
	return {
		caseId: r.caseId,
		receiptNo: r.receiptNo,
		kind: r.kind,
		status: r.status,
		applicantName: r.applicantName,
		idNumberMasked: maskIdNumber(r.idNumber),
		seriesName: r.seriesName,
		levelName: r.levelName,
		specialty: r.specialty,
		submittedAt: r.submittedAt?.toISOString() ?? null,
		since: r.since.toISOString(),
		ordinal: r.ordinal,
		level: r.level,
		claim:
			r.claimBy && r.claimUntil
				? {
						byMe: r.claimBy === reviewerId,
						name: r.claimName ?? '',
						until: r.claimUntil.toISOString()
					}
				: null
	};
}

/** How many cases each of the reviewer's queues holds. */
export async function queueCounts(
	sql: Sql,
	scopes: readonly ReviewerScope[]
): Promise<QueueCounts> {
	const holders = holdersOf(scopes);
	const [row] = await sql<QueueCounts[]>`
		select
			(select count(*)::int from cases
				where current_holder = any(${holders}) and status = 'submitted') as pending,
			(select count(*)::int from cases
				where current_holder = any(${holders}) and status = 'returned') as returned,
			(select count(*)::int from review_steps
				where holder = any(${holders}) and state in ('passed', 'rejected')) as done`;
	return row!;
}

/** The choices of the queue's filters. */
export async function queueFilters(sql: Sql) {
	const [series, levels, periods] = await Promise.all([
		sql<{ id: string; name: string }[]>`select id, name from title_series order by sort`,
		sql<{ code: string; name: string }[]>`select code, name from title_levels order by rank`,
		sql<{ id: string; year: number; ownerName: string }[]>`
			select p.id, p.year, coalesce(c.name, a.name, p.owner_id) as owner_name
			from declaration_periods p
			left join committees c on p.owner_kind = 'committee' and c.id = p.owner_id
			left join accepting_departments a on p.owner_kind = 'accepting_department' and a.id = p.owner_id
			order by p.year desc, owner_name`
	]);
	return { series: [...series], levels: [...levels], periods: [...periods] };
}
