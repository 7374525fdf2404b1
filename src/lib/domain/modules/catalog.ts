import * as z from 'zod/mini';
import {
	EDUCATION_RECORD_SHAPE,
	MODULE_KEYS,
	MODULE_RULES,
	educationRecordRules,
	type Issue,
	type ModuleContext,
	type ModuleKey,
	type ModuleRules
} from './catalog-core';
import type { Shape, ShapeValue } from './shape';

/**
 * The catalog of declaration modules with the zod schema of each draft: the guard of 暂存 and
 * 提交 (browser and server). The titles, shapes and rules themselves are in catalog-core.ts,
 * which the editor's first screen reads without zod; everything of it is exported here too.
 */

export * from './catalog-core';

export interface ModuleDef extends ModuleRules {
	/** Lenient: what 暂存 accepts. */
	draft: z.ZodMiniType;
	/** The module's problems at 提交: its draft schema first, then its rules. */
	validateForSubmit(data: unknown, ctx: ModuleContext): Issue[];
}

function zodOf(shape: Shape): z.ZodMiniType {
	switch (shape.kind) {
		case 'string':
			return z.string().check(z.maxLength(shape.max));
		case 'number':
			return z.number();
		case 'int':
			return z.int();
		case 'boolean':
			return z.boolean();
		case 'enum':
			return z.enum(shape.values as [string, ...string[]]);
		case 'array':
			return z.array(zodOf(shape.of)).check(z.maxLength(shape.max));
		case 'object':
			return z.object(
				Object.fromEntries(
					Object.entries(shape.fields).map(([key, field]) => [
						key,
						z.optional(z.nullable(zodOf(field)))
					])
				)
			);
	}
}

/** The zod schema of a draft shape (every field optional and nullable, unknown keys dropped). */
export function draftSchema<S extends Shape>(shape: S): z.ZodMiniType<ShapeValue<S>> {
	return zodOf(shape) as z.ZodMiniType<ShapeValue<S>>;
}

function issuesOfParse(module: ModuleKey, schema: z.ZodMiniType, data: unknown): Issue[] | null {
	const result = z.safeParse(schema, data);
	if (result.success) return null;
	return result.error.issues.map((i) => ({
		module,
		...(i.path.length > 0 ? { field: i.path.map(String).join('.') } : {}),
		code: 'invalid_field'
	}));
}

function withSchema(rules: ModuleRules): ModuleDef {
	const draft = draftSchema(rules.shape);
	return {
		...rules,
		draft,
		validateForSubmit: (data, ctx) =>
			issuesOfParse(rules.key, draft, data) ?? rules.check(data, ctx)
	};
}

export const MODULES = Object.fromEntries(
	MODULE_KEYS.map((key) => [key, withSchema(MODULE_RULES[key])])
) as Record<ModuleKey, ModuleDef>;

const educationRecordDraft = draftSchema(EDUCATION_RECORD_SHAPE);

/** What the 添加 dialog's 保存 checks for one record (the same rules 提交 applies to it). */
export function validateEducationRecordForSave(
	record: unknown,
	ctx: Pick<ModuleContext, 'attachments' | 'today'>
): Issue[] {
	return (
		issuesOfParse('education', educationRecordDraft, record) ?? educationRecordRules(record, ctx)
	);
}
