import { m } from '$lib/paraglide/messages.js';
import { filled, LEVEL_CODES, type FieldDef, type LevelCode } from '$lib/domain/modules/catalog';
import { getLocale } from '$lib/paraglide/runtime.js';
import {
	regionLabel,
	specialtyLabel,
	titleLabel,
	type ReferenceBundle
} from '$lib/domain/reference-bundle';
import { LEVEL_LABEL } from '../levels';

export interface TextContext {
	/** The row (or the module's data) the value belongs to. */
	record?: Record<string, unknown>;
	/** Ids of regions, natures, departments, series and committees are shown by name with it. */
	reference?: ReferenceBundle | null;
}

type Namer = (reference: ReferenceBundle, value: string) => string | undefined;

const byId = (list: readonly { id: string; name: string }[], id: string) =>
	list.find((x) => x.id === id)?.name;

/** Fields whose values are ids of reference data, keyed by field. */
const NAMED: Record<string, Namer> = {
	regionCode: (r, v) => regionLabel(r.regions, v) || undefined,
	unitNature: (r, v) => r.unitNatures.find((n) => n.code === v)?.name,
	departmentId: (r, v) => byId(r.departments, v),
	seriesId: (r, v) => byId(r.series, v),
	committeeId: (r, v) => byId(r.committees, v),
	acceptingDepartmentId: (r, v) => byId(r.acceptingDepartments, v),
	seriesCode: (r, v) => byId(r.series, v),
	declarationPointId: (r, v) => byId(r.declarationPoints ?? [], v)
};

/** Choices of the certificate services shown by their words (申报类型, 业务类别). */
const CHOICE_TEXT: Record<string, Record<string, () => string>> = {
	declarationType: { review: m.cert_source_review, initial: m.cert_source_initial },
	businessType: { reissue: m.cert_business_reissue, replace: m.cert_business_replace }
};

function isLevel(value: string): value is LevelCode {
	return (LEVEL_CODES as readonly string[]).includes(value);
}

/** The series of the record, if the reference has it. */
function seriesOf(ctx: TextContext) {
	const seriesId = ctx.record?.seriesId;
	return typeof seriesId === 'string'
		? ctx.reference?.series.find((s) => s.id === seriesId)
		: undefined;
}

/** 申报级别 with the series' title when known: 「中级（工程师）」, "Intermediate (Engineer)". */
export function levelText(code: LevelCode, ctx: TextContext): string {
	const title = titleLabel(seriesOf(ctx), code, getLocale());
	return title
		? m.decl_level_with_title({ level: LEVEL_LABEL[code](), title })
		: LEVEL_LABEL[code]();
}

/**
 * What a read-only field shows for its value: '' when there is nothing to show. Attachments are
 * shown as files, not text.
 */
export function fieldText(def: FieldDef, value: unknown, ctx: TextContext = {}): string {
	if (def.type === 'attachment') return '';
	if (def.type === 'bool') return value === true ? m.rows_yes() : '';
	if (value === null || value === undefined || (typeof value === 'string' && !value.trim())) {
		// An open-ended period: 结束年月 left empty means 至今.
		return def.key === 'to' && filled(ctx.record?.from) ? m.rows_until_now() : '';
	}
	const text = String(value);
	if (def.key === 'level' && isLevel(text)) return levelText(text, ctx);
	if (def.key === 'specialty') return specialtyLabel(seriesOf(ctx), text, getLocale());
	if (def.key === 'levelCode' && isLevel(text)) return LEVEL_LABEL[text]();
	const choice = CHOICE_TEXT[def.key]?.[text];
	if (choice) return choice();
	const name = ctx.reference ? NAMED[def.key]?.(ctx.reference, text) : undefined;
	return name ?? text;
}
