import {
	MODULES,
	type FieldDef,
	type Issue,
	type ModuleContext,
	type ModuleKey
} from '$lib/domain/modules/catalog';

/**
 * The logic of the generic row editor (工作经历, 业绩, 论文著作, 获奖, 继续教育, 年度考核): the
 * rows live in the draft as `rows: [...]`, each shaped by the module's `rowFields`.
 */

export const ROW_MODULES = [
	'work_history',
	'achievements',
	'publications',
	'awards',
	'continuing_education',
	'annual_review'
] as const satisfies readonly ModuleKey[];
export type RowModuleKey = (typeof ROW_MODULES)[number];

export type Row = Record<string, unknown>;

export function isRowModule(key: string): key is RowModuleKey {
	return (ROW_MODULES as readonly string[]).includes(key);
}

export function rowFieldsOf(module: ModuleKey): readonly FieldDef[] {
	return MODULES[module].rowFields ?? [];
}

export function rowsOf(data: Record<string, unknown>): Row[] {
	const rows = data.rows;
	return Array.isArray(rows)
		? rows.filter((r): r is Row => typeof r === 'object' && r !== null && !Array.isArray(r))
		: [];
}

/** A new row: every field present and empty (null; booleans false). */
export function emptyRow(fields: readonly FieldDef[]): Row {
	const row: Row = {};
	for (const f of fields) row[f.key] = f.type === 'bool' ? false : null;
	return row;
}

/** The value to keep for what the person typed or picked in a field's input. */
export function parseInput(def: FieldDef, raw: string | boolean): unknown {
	if (def.type === 'bool') return raw === true || raw === 'true';
	const text = String(raw);
	if (def.type === 'int' || def.type === 'number') {
		const trimmed = text.trim();
		if (trimmed === '') return null;
		const n = Number(trimmed);
		// Kept as typed when it is no number: the check then shows 数值不在允许的范围内.
		return Number.isFinite(n) ? n : trimmed;
	}
	return text;
}

/** A field's value as the input shows it. */
export function inputValue(value: unknown): string {
	if (value === null || value === undefined) return '';
	return String(value);
}

/** The row as 保存 keeps it: text trimmed, empty text as null. */
export function normalizeRow(fields: readonly FieldDef[], row: Row): Row {
	const out: Row = {};
	for (const f of fields) {
		const v = row[f.key];
		if (typeof v === 'string') {
			const trimmed = f.type === 'longtext' ? v.replace(/^\s+|\s+$/g, '') : v.trim();
			out[f.key] = trimmed === '' ? null : trimmed;
		} else out[f.key] = v ?? (f.type === 'bool' ? false : null);
	}
	return out;
}

/**
 * What 保存 checks for one row: the module's own 提交 rules applied to this row alone (the row
 * count rules are for 提交). Fields are given without the 'rows.0.' prefix.
 */
export function validateRow(
	module: ModuleKey,
	row: Row,
	ctx: Pick<ModuleContext, 'attachments' | 'today'>
): Issue[] {
	const full: ModuleContext = { kind: 'review', required: true, ...ctx };
	return MODULES[module]
		.validateForSubmit({ rows: [row] }, full)
		.filter((i) => i.code !== 'rows_too_few' && i.code !== 'rows_too_many')
		.map((i) => (i.field ? { ...i, field: i.field.replace(/^rows\.0\./, '') } : i));
}

export function putRow(rows: readonly Row[], index: number | null, row: Row): Row[] {
	if (index === null || index < 0 || index >= rows.length) return [...rows, row];
	return rows.map((r, i) => (i === index ? row : r));
}

export function removeRow(rows: readonly Row[], index: number): Row[] {
	return rows.filter((_, i) => i !== index);
}

/** The attachment ids a row holds (its 'attachment' fields). */
export function rowAttachmentIds(fields: readonly FieldDef[], row: Row): string[] {
	return fields
		.filter((f) => f.type === 'attachment')
		.map((f) => row[f.key])
		.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
}

/** The headline of a row's card: its first text field with a value (else its first value). */
export function rowHeadline(fields: readonly FieldDef[], row: Row): string {
	const text = fields.find(
		(f) => (f.type === 'text' || f.type === 'longtext') && typeof row[f.key] === 'string'
	);
	if (text && String(row[text.key]).trim()) return String(row[text.key]).trim();
	const any = fields.find((f) => f.type !== 'attachment' && inputValue(row[f.key]).trim());
	return any ? inputValue(row[any.key]) : '';
}
