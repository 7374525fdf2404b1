import * as z from 'zod/mini';
import { MODULE_KEYS, type ModuleKey } from '../modules/catalog';
import { FIXED_KINDS, OWNER_TYPES, SET_KINDS, fixedModuleSet } from '../modules/module-set';

/** The modules a 初定 or 评审 declaration may show (the certificate services' are fixed). */
const FIXED_ONLY = new Set<string>(
	FIXED_KINDS.flatMap((k) => fixedModuleSet(k)!.modules.map((e) => e.key))
);
export const DECLARATION_MODULES: readonly ModuleKey[] = MODULE_KEYS.filter(
	(k) => !FIXED_ONLY.has(k)
);

/** Which limits a module takes: characters (工作总结) or rows (the list modules). */
export const LIMIT_KIND: Partial<Record<ModuleKey, 'chars' | 'rows'>> = {
	work_summary: 'chars',
	work_history: 'rows',
	achievements: 'rows',
	publications: 'rows',
	awards: 'rows',
	continuing_education: 'rows',
	annual_review: 'rows'
};

// The administrator's module-set form and `admin.saveModuleSet` parse with this same schema;
// messages are error codes (src/lib/i18n/errors.ts).

const count = z.optional(z.int({ error: 'invalid_field' }).check(z.gte(0), z.lte(100_000)));

const entry = z
	.object({
		key: z.string().check(z.maxLength(40)),
		required: z.boolean(),
		limits: z.optional(
			z.object({ minChars: count, maxChars: count, minRows: count, maxRows: count })
		)
	})
	.check(
		z.refine((e) => (DECLARATION_MODULES as readonly string[]).includes(e.key), {
			error: 'admin_module_unknown',
			path: ['key']
		}),
		z.refine((e) => !inverted(e.limits?.minChars, e.limits?.maxChars), {
			error: 'admin_module_limits',
			path: ['limits', 'maxChars']
		}),
		z.refine((e) => !inverted(e.limits?.minRows, e.limits?.maxRows), {
			error: 'admin_module_limits',
			path: ['limits', 'maxRows']
		})
	);

function inverted(min: number | undefined, max: number | undefined): boolean {
	return min !== undefined && max !== undefined && min > max;
}

/**
 * A new version of an owner's module set. `baseVersion`: the newest version when the form was
 * loaded (null when the owner had none that year); a newer one since refuses the save.
 */
export const moduleSetInput = z
	.object({
		kind: z.enum(SET_KINDS),
		ownerType: z.enum(OWNER_TYPES),
		ownerId: z.string().check(z.trim(), z.minLength(1, { error: 'required' }), z.maxLength(64)),
		year: z.int().check(z.gte(2000), z.lte(2100)),
		baseVersion: z.nullable(z.int().check(z.positive())),
		modules: z.array(entry).check(z.maxLength(40)),
		note: z.optional(z.string().check(z.trim(), z.maxLength(200)))
	})
	.check(
		z.refine((s) => (s.kind === 'review') === (s.ownerType === 'committee'), {
			error: 'admin_module_owner_missing',
			path: ['ownerType']
		}),
		z.refine((s) => s.modules.some((e) => e.key === 'basic_info'), {
			error: 'admin_module_basic_info',
			path: ['modules']
		}),
		z.refine((s) => new Set(s.modules.map((e) => e.key)).size === s.modules.length, {
			error: 'admin_module_duplicate',
			path: ['modules']
		})
	);
export type ModuleSetInput = z.output<typeof moduleSetInput>;

/** Which owner's sets (and versions) the administrator looks at. */
export const moduleSetOwnerInput = z.object({
	kind: z.enum(SET_KINDS),
	ownerId: z.string().check(z.minLength(1), z.maxLength(64)),
	year: z.int().check(z.gte(2000), z.lte(2100))
});
