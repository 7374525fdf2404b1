import { m } from '$lib/paraglide/messages.js';
import {
	acceptingDepartmentInput,
	committeeInput,
	consultationPhoneInput,
	declarationPointInput,
	LEVEL_CODES,
	periodInput,
	PHONE_TOPICS,
	type ReferenceTable
} from '$lib/domain/admin/schemas';

/** One input of a reference form; values are kept as strings (or string lists) until saved. */
export interface Field {
	key: string;
	label: () => string;
	kind: 'text' | 'select' | 'levels' | 'check' | 'datetime' | 'number';
	/** select: where its options come from. */
	options?: 'regions' | 'series' | 'seriesAny' | 'ownerKind' | 'topic';
	/** Only a new record sets it (the id). */
	fixed?: boolean;
}

export type Values = Record<string, string | string[] | boolean>;
export type Row = Record<string, unknown>;

const ID: Field = { key: 'id', label: m.admin_f_id, kind: 'text', fixed: true };
const NAME: Field = { key: 'name', label: m.admin_f_name, kind: 'text' };
const REGION: Field = {
	key: 'regionCode',
	label: m.admin_f_region,
	kind: 'select',
	options: 'regions'
};
const PHONE: Field = { key: 'phone', label: m.admin_f_phone, kind: 'text' };

export const FIELDS: Record<ReferenceTable, Field[]> = {
	committees: [
		ID,
		NAME,
		REGION,
		{ key: 'seriesId', label: m.admin_f_series, kind: 'select', options: 'series' },
		{ key: 'levelCodes', label: m.admin_f_levels, kind: 'levels' },
		{ key: 'specialties', label: m.admin_f_specialties, kind: 'text' },
		PHONE,
		{ key: 'example', label: m.admin_f_example, kind: 'check' }
	],
	accepting_departments: [
		ID,
		NAME,
		REGION,
		{ key: 'seriesId', label: m.admin_f_series, kind: 'select', options: 'seriesAny' },
		PHONE
	],
	declaration_points: [ID, NAME, REGION, PHONE],
	declaration_periods: [
		ID,
		{ key: 'ownerKind', label: m.admin_f_owner_kind, kind: 'select', options: 'ownerKind' },
		{ key: 'ownerId', label: m.admin_f_owner, kind: 'text' },
		{ key: 'year', label: m.admin_f_year, kind: 'number' },
		{ key: 'startsAt', label: m.admin_f_starts, kind: 'datetime' },
		{ key: 'endsAt', label: m.admin_f_ends, kind: 'datetime' }
	],
	consultation_phones: [
		REGION,
		{ key: 'topic', label: m.admin_f_topic, kind: 'select', options: 'topic' },
		{ key: 'org', label: m.admin_f_org, kind: 'text' },
		PHONE
	]
};

export const SCHEMAS = {
	committees: committeeInput,
	accepting_departments: acceptingDepartmentInput,
	declaration_points: declarationPointInput,
	declaration_periods: periodInput,
	consultation_phones: consultationPhoneInput
} as const;

export { LEVEL_CODES, PHONE_TOPICS };

/** datetime-local wants "YYYY-MM-DDTHH:mm" in the browser's zone. */
function localInput(iso: unknown): string {
	if (!iso) return '';
	const d = new Date(String(iso));
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A form's starting values: a row being edited, or an empty record. */
export function valuesOf(table: ReferenceTable, row: Row | null): Values {
	const out: Values = {};
	for (const f of FIELDS[table]) {
		const v = row?.[f.key];
		if (f.kind === 'levels') out[f.key] = Array.isArray(v) ? v.map(String) : [];
		else if (f.kind === 'check') out[f.key] = row ? Boolean(v) : true;
		else if (f.kind === 'datetime') out[f.key] = localInput(v);
		else if (f.key === 'specialties' && Array.isArray(v)) out[f.key] = v.join('、');
		else if (f.key === 'year' && !row) out[f.key] = String(new Date().getFullYear());
		else if (f.key === 'ownerKind' && !row) out[f.key] = 'committee';
		else out[f.key] = v === null || v === undefined ? '' : String(v);
	}
	return out;
}

/** What the procedure takes: the schema's input, from the form's strings. */
export function inputOf(table: ReferenceTable, values: Values, row: Row | null): Row {
	const revision = row ? Number(row.revision) : null;
	const str = (k: string) => String(values[k] ?? '').trim();
	const orNull = (k: string) => str(k) || null;
	const iso = (k: string) => (str(k) ? new Date(str(k)).toISOString() : '');
	switch (table) {
		case 'committees':
			return {
				id: str('id'),
				revision,
				name: str('name'),
				regionCode: str('regionCode'),
				seriesId: str('seriesId'),
				levelCodes: values.levelCodes,
				specialties: str('specialties')
					.split(/[,，、;；\s]+/)
					.filter(Boolean),
				phone: orNull('phone'),
				example: values.example === true
			};
		case 'accepting_departments':
			return {
				id: str('id'),
				revision,
				name: str('name'),
				regionCode: str('regionCode'),
				seriesId: orNull('seriesId'),
				phone: orNull('phone')
			};
		case 'declaration_points':
			return {
				id: str('id'),
				revision,
				name: str('name'),
				regionCode: str('regionCode'),
				phone: orNull('phone')
			};
		case 'declaration_periods':
			return {
				id: str('id'),
				revision,
				ownerKind: str('ownerKind'),
				ownerId: str('ownerId'),
				year: Number(str('year')),
				startsAt: iso('startsAt'),
				endsAt: iso('endsAt')
			};
		case 'consultation_phones':
			return {
				id: row ? Number(row.id) : null,
				revision,
				regionCode: str('regionCode'),
				topic: str('topic'),
				org: str('org'),
				phone: str('phone')
			};
	}
}

export const TABLE_LABEL: Record<ReferenceTable, () => string> = {
	committees: m.admin_tab_committees,
	accepting_departments: m.admin_tab_accepting_departments,
	declaration_points: m.admin_tab_declaration_points,
	declaration_periods: m.admin_tab_declaration_periods,
	consultation_phones: m.admin_tab_consultation_phones
};

const COLUMN_LABEL: Record<string, () => string> = {
	id: m.admin_f_id,
	name: m.admin_f_name,
	regionName: m.admin_f_region,
	seriesName: m.admin_f_series,
	seriesId: m.admin_f_series,
	levelCodes: m.admin_f_levels,
	phone: m.admin_f_phone,
	ownerName: m.admin_f_owner,
	year: m.admin_f_year,
	startsAt: m.admin_f_starts,
	endsAt: m.admin_f_ends,
	open: m.admin_f_open,
	topic: m.admin_f_topic,
	org: m.admin_f_org
};

function columns(keys: string): { key: string; label: () => string }[] {
	return keys.split(' ').map((key) => ({ key, label: COLUMN_LABEL[key]! }));
}

/** The columns of each list (besides 操作). */
export const COLUMNS: Record<ReferenceTable, { key: string; label: () => string }[]> = {
	committees: columns('id name regionName seriesName levelCodes phone'),
	accepting_departments: columns('id name regionName seriesId phone'),
	declaration_points: columns('id name regionName phone'),
	declaration_periods: columns('id ownerName year startsAt endsAt open'),
	consultation_phones: columns('regionName topic org phone')
};
