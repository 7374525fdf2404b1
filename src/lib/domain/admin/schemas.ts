import * as z from 'zod/mini';
import { SCOPE_TYPES } from '../roles';

// The administrator's forms and the admin procedures parse with these same schemas; messages are
// error codes (src/lib/i18n/errors.ts).

const text = (max: number) =>
	z
		.string({ error: 'required' })
		.check(
			z.trim(),
			z.minLength(1, { error: 'required' }),
			z.maxLength(max, { error: 'invalid_field' })
		);

const id = z
	.string({ error: 'required' })
	.check(z.trim(), z.regex(/^[a-z0-9][a-z0-9-]{1,62}$/, { error: 'admin_id_format' }));
const regionCode = z
	.string({ error: 'required' })
	.check(z.regex(/^\d{6}(-BJ)?$/, { error: 'admin_region_missing' }));
const phone = z
	.string({ error: 'required' })
	.check(z.trim(), z.regex(/^[0-9-]{5,20}$/, { error: 'admin_phone_format' }));
/** The revision the form was loaded at (null for a new record). */
const revision = z.nullable(z.int().check(z.positive()));

export const LEVEL_CODES = ['A', 'B', 'C', 'D', 'E'] as const;

export const committeeInput = z.object({
	id,
	revision,
	name: text(80),
	regionCode,
	seriesId: text(40),
	levelCodes: z
		.array(z.enum(LEVEL_CODES))
		.check(z.minLength(1, { error: 'admin_levels_required' })),
	specialties: z.array(text(40)).check(z.minLength(1, { error: 'admin_specialties_required' })),
	phone: z.nullable(phone),
	example: z.boolean()
});
export type CommitteeInput = z.output<typeof committeeInput>;

export const acceptingDepartmentInput = z.object({
	id,
	revision,
	name: text(80),
	regionCode,
	seriesId: z.nullable(text(40)),
	phone: z.nullable(phone)
});
export type AcceptingDepartmentInput = z.output<typeof acceptingDepartmentInput>;

export const declarationPointInput = z.object({
	id,
	revision,
	name: text(80),
	regionCode,
	phone: z.nullable(phone)
});
export type DeclarationPointInput = z.output<typeof declarationPointInput>;

export const PHONE_TOPICS = ['业务咨询', '政策咨询', '技术支持'] as const;
export const consultationPhoneInput = z.object({
	id: z.nullable(z.int().check(z.positive())),
	revision,
	regionCode,
	topic: z.enum(PHONE_TOPICS),
	org: text(80),
	phone
});
export type ConsultationPhoneInput = z.output<typeof consultationPhoneInput>;

const isoDate = z.iso.datetime({ offset: true, error: 'invalid_field' });
export const periodInput = z
	.object({
		id,
		revision,
		ownerKind: z.enum(['committee', 'accepting_department']),
		ownerId: text(64),
		year: z.int().check(z.gte(2000), z.lte(2100)),
		startsAt: isoDate,
		endsAt: isoDate
	})
	.check(
		z.refine((p) => Date.parse(p.endsAt) > Date.parse(p.startsAt), {
			error: 'admin_period_order',
			path: ['endsAt']
		})
	);
export type PeriodInput = z.output<typeof periodInput>;

export const REFERENCE_TABLES = [
	'committees',
	'accepting_departments',
	'declaration_points',
	'declaration_periods',
	'consultation_phones'
] as const;
export type ReferenceTable = (typeof REFERENCE_TABLES)[number];

export const recordRef = z.object({
	table: z.enum(REFERENCE_TABLES),
	id: z.string().check(z.minLength(1), z.maxLength(64)),
	revision: z.int().check(z.positive())
});

export const listInput = z.object({
	table: z.enum(REFERENCE_TABLES),
	search: z.optional(z.string().check(z.trim(), z.maxLength(40))),
	includeRetired: z.optional(z.boolean())
});

const scope = z.object({
	type: z.enum(SCOPE_TYPES),
	id: z.string().check(z.trim(), z.minLength(1, { error: 'required' }), z.maxLength(64))
});
export type ScopeInput = z.output<typeof scope>;

const account = z
	.string({ error: 'required' })
	.check(z.trim(), z.regex(/^[a-z][a-z0-9_]{2,31}$/, { error: 'admin_account_format' }));

export const createReviewerInput = z.object({
	account,
	name: text(40),
	scopes: z.array(scope).check(z.minLength(1, { error: 'admin_scope_required' }))
});
export const setScopesInput = z.object({
	userId: z.uuid(),
	scopes: z.array(scope)
});
export const userRef = z.object({ userId: z.uuid() });

export const auditFilter = z.object({
	actor: z.optional(z.string().check(z.trim(), z.maxLength(40))),
	caseId: z.optional(z.uuid()),
	action: z.optional(z.string().check(z.trim(), z.maxLength(40))),
	from: z.optional(z.iso.date()),
	to: z.optional(z.iso.date()),
	before: z.optional(z.int())
});
export type AuditFilter = z.output<typeof auditFilter>;

/** What the committee office exports: one reviewer's queue, or one 申报期's results. */
export const exportInput = z.object({
	source: z.enum(['queue', 'period']),
	/** queue: 'level:scopeId' of the queue; period: the 申报期's id. */
	key: z.string().check(z.minLength(3), z.maxLength(80)),
	format: z.enum(['xlsx', 'csv']),
	fullIdNumbers: z.boolean()
});
export type ExportInput = z.output<typeof exportInput>;
