import { PassThrough, Readable } from 'node:stream';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import type { Sql } from '../../db/client';
import type { ExportInput } from '$lib/domain/admin/schemas';
import { csvLine } from '$lib/domain/admin/csv';
import { maskIdNumber } from '$lib/domain/mask';
import { SCOPE_TYPES } from '$lib/domain/roles';
import type { Locale } from '$lib/i18n/locale';
import { m } from '$lib/paraglide/messages.js';
import { CASE_KIND_LABEL, CASE_STATUS_LABEL } from '$lib/i18n/labels';
import type { CaseKind, CaseStatus } from '$lib/domain/sync';
import { audit } from '../review/audit';
import { SCOPE_TABLES } from '../scopes';
import { refuse } from './refusal';

/**
 * Exports for the committee office: one queue (the cases a review unit holds now) or one 申报期's
 * results, as XLSX or CSV. Rows are read in batches and written as they come, so 100,000 rows
 * never sit in memory; ID numbers are masked unless the administrator asked for the full column
 * (audited as its own action).
 */

interface ExportRow {
	receiptNo: string | null;
	applicantName: string;
	idNumber: string | null;
	kind: string;
	seriesName: string | null;
	levelName: string | null;
	specialty: string | null;
	status: string;
	submittedAt: Date | null;
	approvalNo: string | null;
}

const BATCH = 1000;

function columns(locale: Locale): string[] {
	const o = { locale };
	return [
		m.admin_col_receipt({}, o),
		m.admin_col_name({}, o),
		m.admin_col_id_number({}, o),
		m.admin_col_kind({}, o),
		m.admin_col_series({}, o),
		m.admin_col_level({}, o),
		m.admin_col_specialty({}, o),
		m.admin_col_status({}, o),
		m.admin_col_submitted({}, o),
		m.admin_col_approval({}, o)
	];
}

/** A label function of the app's messages, in the export's language. */
function label(fn: (() => string) | undefined, locale: Locale): string | undefined {
	return (fn as ((i: object, o: { locale: Locale }) => string) | undefined)?.({}, { locale });
}

function cells(row: ExportRow, full: boolean, locale: Locale): (string | null)[] {
	const id = row.idNumber ? (full ? row.idNumber : maskIdNumber(row.idNumber)) : null;
	return [
		row.receiptNo,
		row.applicantName,
		id,
		label(CASE_KIND_LABEL[row.kind as CaseKind], locale) ?? row.kind,
		row.seriesName,
		row.levelName,
		row.specialty,
		label(CASE_STATUS_LABEL[row.status as CaseStatus], locale) ?? row.status,
		row.submittedAt ? row.submittedAt.toISOString() : null,
		row.approvalNo
	];
}

/**
 * The rows of an export in batches: a queue by its holder, a period by its id. Each batch is its
 * own short statement after the last row's key (a cursor would be one statement for the whole
 * download, which the statement timeout ends), so a slow download holds no connection.
 */
async function* rowsOf(sql: Sql, input: ExportInput, batch: number): AsyncGenerator<ExportRow[]> {
	const where =
		input.source === 'queue'
			? sql`c.current_holder = ${input.key} and c.status = 'submitted'`
			: sql`c.period_id = ${input.key}`;
	// The sort key as text: a Date would drop the microseconds and repeat rows.
	let after: { at: string; id: string } | null = null;
	for (;;) {
		const rows: (ExportRow & { sortAt: string; id: string })[] = await sql<
			(ExportRow & { sortAt: string; id: string })[]
		>`
			select
				c.id, coalesce(c.submitted_at, c.created_at)::text as sort_at,
				c.receipt_no,
				c.applicant_name, c.applicant_id_number as id_number, c.kind, s.name as series_name,
				l.name as level_name, c.specialty, c.status, c.submitted_at,
				(select e.approval_no from review_events e where e.case_id = c.id and e.approval_no is not null
					order by e.at desc limit 1) as approval_no
			from cases c
			left join title_series s on s.id = c.series_id
			left join title_levels l on l.code = c.level_code
			where ${where}
				${after ? sql`and (coalesce(c.submitted_at, c.created_at), c.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
			order by coalesce(c.submitted_at, c.created_at), c.id
			limit ${batch}`;
		if (rows.length === 0) return;
		yield rows;
		const last = rows.at(-1)!;
		after = { at: last.sortAt, id: last.id };
		if (rows.length < batch) return;
	}
}

/** Refuses a queue or period that does not exist (an empty export would look like "no cases"). */
async function requireSource(sql: Sql, input: ExportInput, locale: Locale) {
	if (input.source === 'period') {
		const [row] = await sql`select 1 from declaration_periods where id = ${input.key}`;
		if (!row) refuse('NOT_FOUND', 'admin_not_found', locale);
		return;
	}
	const [level, scopeId] = input.key.split(':');
	const table = SCOPE_TYPES.find((t) => t === level);
	const [row] =
		table && scopeId
			? await sql`select 1 from ${sql(SCOPE_TABLES[table])} where id = ${scopeId}`
			: [];
	if (!row) refuse('NOT_FOUND', 'admin_not_found', locale);
}

/** Waits while the consumer is behind, so a slow download does not pile rows up in memory. */
async function drained(stream: PassThrough) {
	if (stream.writableNeedDrain) await once(stream, 'drain');
}

async function writeCsv(
	sql: Sql,
	input: ExportInput,
	out: PassThrough,
	locale: Locale,
	batch: number
) {
	// The BOM makes Excel read the file as UTF-8 (Chinese names).
	out.write('\ufeff' + csvLine(columns(locale)));
	for await (const rows of rowsOf(sql, input, batch)) {
		out.write(rows.map((r) => csvLine(cells(r, input.fullIdNumbers, locale))).join(''));
		await drained(out);
	}
	out.end();
}

async function writeXlsx(
	sql: Sql,
	input: ExportInput,
	out: PassThrough,
	locale: Locale,
	batch: number
) {
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
		stream: out,
		useStyles: false,
		useSharedStrings: false
	});
	const sheet = workbook.addWorksheet(input.source === 'queue' ? 'queue' : 'results');
	sheet.addRow(columns(locale)).commit();
	for await (const rows of rowsOf(sql, input, batch)) {
		for (const r of rows) sheet.addRow(cells(r, input.fullIdNumbers, locale)).commit();
		await drained(out);
	}
	sheet.commit();
	await workbook.commit();
}

export interface ExportFile {
	filename: string;
	contentType: string;
	body: ReadableStream<Uint8Array>;
}

/** Starts an export (audited before the first byte) and gives back its streaming body. */
export async function startExport(
	sql: Sql,
	actor: { userId: string; locale: Locale },
	input: ExportInput,
	{ batch = BATCH }: { batch?: number } = {}
): Promise<ExportFile> {
	await requireSource(sql, input, actor.locale);
	await audit(sql, {
		actorId: actor.userId,
		action: input.fullIdNumbers ? 'admin.export_full_id' : 'admin.export',
		subject: `${input.source}:${input.key}`,
		detail: { format: input.format, fullIdNumbers: input.fullIdNumbers }
	});
	const out = new PassThrough();
	const write = input.format === 'csv' ? writeCsv : writeXlsx;
	write(sql, input, out, actor.locale, batch).catch((error: unknown) => {
		console.error('export failed', input.source, input.key, error);
		out.destroy(error instanceof Error ? error : new Error(String(error)));
	});
	const safeKey = input.key.replace(/[^A-Za-z0-9-]/g, '_');
	return {
		filename: `${input.source}-${safeKey}.${input.format}`,
		contentType:
			input.format === 'csv'
				? 'text/csv; charset=utf-8'
				: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		body: Readable.toWeb(out) as ReadableStream<Uint8Array>
	};
}
