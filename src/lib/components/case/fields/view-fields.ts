import {
	EDUCATION_FIELDS,
	HISTORICAL_FIELDS,
	REISSUE_FIELDS,
	fieldTitle,
	MODULES,
	type FieldDef,
	type ModuleKey
} from '$lib/domain/modules/catalog';
import type { CaseKind } from '$lib/domain/sync';

type Plain = Pick<FieldDef, 'key' | 'type' | 'required'>;

/**
 * 个人基本信息 and 申报基本信息 as fields. The catalog keeps their definitions inside its rules, so
 * the keys and types are listed here and the titles come from the catalog. workUnitId is the
 * register's id of workUnitName (not shown); the photo is shown as a photo.
 */
const BASIC: readonly Plain[] = [
	{ key: 'regionCode', type: 'text', required: true },
	{ key: 'unitNature', type: 'text', required: true },
	{ key: 'departmentId', type: 'text', required: true },
	{ key: 'workUnitName', type: 'text', required: true },
	{ key: 'creditCode', type: 'text' },
	{ key: 'phone', type: 'text', required: true },
	{ key: 'email', type: 'text' },
	{ key: 'firstWorkedOn', type: 'date' }
];

function declaration(kind: CaseKind): Plain[] {
	return [
		{ key: 'level', type: 'enum', required: true },
		{ key: 'seriesId', type: 'text', required: true },
		{ key: 'specialty', type: 'text', required: true },
		{
			key: kind === 'initial' ? 'acceptingDepartmentId' : 'committeeId',
			type: 'text',
			required: true
		},
		{ key: 'year', type: 'int', required: true }
	];
}

function titled(module: ModuleKey, fields: readonly Plain[]): FieldDef[] {
	return fields.map((f) => ({
		...f,
		title: fieldTitle(module, f.key) ?? { 'zh-CN': f.key, en: f.key }
	}));
}

/** The fields of a module in the order a form shows them (none for modules of files or text). */
export function moduleFields(module: ModuleKey, kind: CaseKind): readonly FieldDef[] {
	if (module === 'basic_info') return titled(module, BASIC);
	if (module === 'declaration_info') return titled(module, declaration(kind));
	if (module === 'education') return EDUCATION_FIELDS;
	if (module === 'historical_certificate') return HISTORICAL_FIELDS;
	if (module === 'reissue_request') return REISSUE_FIELDS;
	return MODULES[module].rowFields ?? [];
}

/** One field of a module by key (for an editor that lays its fields out by hand). */
export function moduleField(module: ModuleKey, key: string, kind: CaseKind = 'review'): FieldDef {
	const def = moduleFields(module, kind).find((f) => f.key === key);
	if (!def) throw new Error(`no field ${module}.${key}`);
	return def;
}
