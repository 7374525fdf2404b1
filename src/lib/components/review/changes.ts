import { m } from '$lib/paraglide/messages.js';
import { sameJson } from '$lib/domain/canonical-json';
import { fieldTitle, isModuleKey, MODULES, type Title } from '$lib/domain/modules/catalog';
import type { ModuleChange } from '$lib/domain/review';
import { rowIdOf, rowNameOf } from '$lib/components/case/fields/row-id';
import { diffText, elide, type Piece } from './text-diff';

/** How values are named: files by their names, reference ids by theirs. */
export interface Namer {
	file(id: string): string | undefined;
	ref(key: string, value: string): string | undefined;
}

export interface ValueChange {
	label: string;
	before: string;
	after: string;
	/** Nothing was there before / is there now (shown plainly, not struck out or marked new). */
	wasEmpty?: true;
	isEmpty?: true;
	/** A long text: its sentence diff (null when too long to compare; both versions then). */
	pieces?: Piece[] | null;
}

export interface RowChange {
	op: 'added' | 'removed' | 'changed';
	label: string;
	values: ValueChange[];
}

export interface FieldChange {
	key: string;
	label: string;
	values: ValueChange[];
	rows: RowChange[];
}

type Locale = keyof Title;
type Row = Record<string, unknown>;

const ROW_LISTS = ['rows', 'records', 'items'];

function isRecord(v: unknown): v is Row {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEmpty(v: unknown): boolean {
	return v === undefined || v === null || (typeof v === 'string' && !v.trim());
}

function titleOf(module: string, key: string, locale: Locale): string {
	if (isModuleKey(module)) {
		const title = fieldTitle(module, key);
		if (title) return title[locale];
		if (ROW_LISTS.includes(key) || key === 'text') return MODULES[module].title[locale];
	}
	return /attachmentid$/i.test(key) ? m.rd_note_attachment() : key;
}

/** Row keys in the order the module's form shows them; others after, as they come. */
function byFormOrder(module: string): (a: string, b: string) => number {
	const keys = isModuleKey(module) ? (MODULES[module].rowFields ?? []).map((f) => f.key) : [];
	const rank = (k: string) => {
		const i = keys.indexOf(k);
		return i < 0 ? keys.length : i;
	};
	return (a, b) => rank(a) - rank(b);
}

/** Keys a reader has a name for (an unnamed key of a new row is bookkeeping, not content). */
function isNamed(module: string, key: string, locale: Locale): boolean {
	return titleOf(module, key, locale) !== key;
}

function show(key: string, v: unknown, names: Namer): string {
	if (isEmpty(v)) return m.rd_changes_empty();
	if (typeof v === 'boolean') return v ? m.rd_yes() : m.rd_no();
	if (typeof v === 'string') return names.file(v) ?? names.ref(key, v) ?? v;
	if (typeof v === 'number') return String(v);
	return JSON.stringify(v);
}

function isLong(v: unknown): v is string {
	return typeof v === 'string' && (v.length > 40 || v.includes('\n'));
}

function valueChange(
	label: string,
	key: string,
	b: unknown,
	a: unknown,
	names: Namer
): ValueChange {
	const change: ValueChange = {
		label,
		before: show(key, b, names),
		after: show(key, a, names),
		...(isEmpty(b) ? { wasEmpty: true as const } : {}),
		...(isEmpty(a) ? { isEmpty: true as const } : {})
	};
	if (isLong(b) || isLong(a)) {
		const pieces = diffText(typeof b === 'string' ? b : '', typeof a === 'string' ? a : '');
		change.pieces = pieces && elide(pieces);
	}
	return change;
}

function rowsOf(v: unknown): Row[] {
	return Array.isArray(v) ? v.filter(isRecord) : [];
}

function diffRows(module: string, b: unknown, a: unknown, names: Namer, locale: Locale) {
	const before = new Map(rowsOf(b).map((r, i) => [rowIdOf(r, i), r]));
	const afterRows = rowsOf(a);
	const after = new Map(afterRows.map((r, i) => [rowIdOf(r, i), r]));
	const ids = [...after.keys(), ...[...before.keys()].filter((id) => !after.has(id))];
	const out: RowChange[] = [];
	for (const id of ids) {
		const was = before.get(id);
		const now = after.get(id);
		const position = now ? afterRows.indexOf(now) : [...before.keys()].indexOf(id);
		const name = rowNameOf(now ?? was ?? {});
		const label = m.rd_row_n({ n: position + 1 }) + (name ? ` · ${name}` : '');
		if (!now) {
			out.push({ op: 'removed', label, values: [] });
			continue;
		}
		if (!was) {
			// A new row is read in full: every value it brings.
			const values = Object.keys(now)
				.filter((k) => isNamed(module, k, locale) && !isEmpty(now[k]))
				.sort(byFormOrder(module))
				.map((k) => valueChange(titleOf(module, k, locale), k, null, now[k], names));
			out.push({ op: 'added', label, values });
			continue;
		}
		if (sameJson(was, now)) continue;
		const keys = [...new Set([...Object.keys(was), ...Object.keys(now)])]
			.filter((k) => k !== 'id' && !sameJson(was[k] ?? null, now[k] ?? null))
			.sort(byFormOrder(module));
		out.push({
			op: 'changed',
			label,
			values: keys.map((k) => valueChange(titleOf(module, k, locale), k, was[k], now[k], names))
		});
	}
	return out;
}

/** One changed field of a ModuleChange, as the reviewer reads it. */
export function describeField(
	module: string,
	field: ModuleChange['fields'][number],
	names: Namer,
	locale: Locale
): FieldChange {
	const { key, before, after } = field;
	const label = titleOf(module, key, locale);
	if (Array.isArray(before) || Array.isArray(after)) {
		return { key, label, values: [], rows: diffRows(module, before, after, names, locale) };
	}
	if (isRecord(before) || isRecord(after)) {
		const b = isRecord(before) ? before : {};
		const a = isRecord(after) ? after : {};
		const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
			(k) => !sameJson(b[k] ?? null, a[k] ?? null)
		);
		return {
			key,
			label,
			values: keys.map((k) => valueChange(titleOf(module, k, locale), k, b[k], a[k], names)),
			rows: []
		};
	}
	return { key, label, values: [valueChange(label, key, before, after, names)], rows: [] };
}
