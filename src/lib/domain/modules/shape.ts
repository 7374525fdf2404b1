/**
 * The shape a module's draft may have, as plain data: what 暂存 accepts (every field optional and
 * nullable; unknown keys ignored). catalog.ts makes the zod schema of each shape (the guard of
 * 暂存 and 提交, browser and server); `shapeProblems` answers the same question without zod, so the
 * editor's first screen marks modules done without downloading it (shape.test.ts keeps the two
 * in step).
 */

export interface StringShape {
	kind: 'string';
	max: number;
}
export interface NumberShape {
	kind: 'number' | 'int';
}
export interface BooleanShape {
	kind: 'boolean';
}
export interface EnumShape<V extends string = string> {
	kind: 'enum';
	values: readonly V[];
}
export interface ArrayShape<T extends Shape = Shape> {
	kind: 'array';
	of: T;
	max: number;
}
export interface ObjectShape<F extends Record<string, Shape> = Record<string, Shape>> {
	kind: 'object';
	/** Each field is optional and nullable. */
	fields: F;
}
export type Shape = StringShape | NumberShape | BooleanShape | EnumShape | ArrayShape | ObjectShape;

/** The value a shape describes (the type zod infers from its schema). */
export type ShapeValue<S> = S extends StringShape
	? string
	: S extends NumberShape
		? number
		: S extends BooleanShape
			? boolean
			: S extends EnumShape<infer V>
				? V
				: S extends ArrayShape<infer T>
					? ShapeValue<T>[]
					: S extends ObjectShape<infer F>
						? { [K in keyof F]?: ShapeValue<F[K]> | null | undefined }
						: never;

export const text = (max = 2000): StringShape => ({ kind: 'string', max });
export const real = (): NumberShape => ({ kind: 'number' });
export const int = (): NumberShape => ({ kind: 'int' });
export const flag = (): BooleanShape => ({ kind: 'boolean' });
export const oneOf = <V extends string>(values: readonly V[]): EnumShape<V> => ({
	kind: 'enum',
	values
});
export const listOf = <T extends Shape>(of: T, max: number): ArrayShape<T> => ({
	kind: 'array',
	of,
	max
});
export const objectOf = <F extends Record<string, Shape>>(fields: F): ObjectShape<F> => ({
	kind: 'object',
	fields
});

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Where `value` does not have `shape`: the path of each problem, in the order zod reports them
 * (an empty list when it fits). A value of the wrong type is one problem; its contents are not
 * looked into.
 */
export type Path = (string | number)[];

export function shapeProblems(shape: Shape, value: unknown, path: Path = []): Path[] {
	const out: Path[] = [];
	collect(shape, value, path, out);
	return out;
}

function collect(shape: Shape, value: unknown, path: Path, out: Path[]): void {
	switch (shape.kind) {
		case 'string':
			if (typeof value !== 'string') out.push(path);
			if (tooLong(value, shape.max)) out.push(path);
			return;
		case 'number':
			if (typeof value !== 'number' || !Number.isFinite(value)) out.push(path);
			return;
		case 'int':
			if (typeof value !== 'number' || !Number.isSafeInteger(value)) out.push(path);
			return;
		case 'boolean':
			if (typeof value !== 'boolean') out.push(path);
			return;
		case 'enum':
			if (!(shape.values as readonly unknown[]).includes(value)) out.push(path);
			return;
		case 'array':
			if (!Array.isArray(value)) {
				out.push(path);
				if (tooLong(value, shape.max)) out.push(path);
			} else if (value.length > shape.max) {
				// The one problem zod reports then: it does not look into the items.
				out.push(path);
			} else {
				value.forEach((item, i) => collect(shape.of, item, [...path, i], out));
			}
			return;
		case 'object':
			if (!isPlainObject(value)) {
				out.push(path);
				return;
			}
			for (const [key, field] of Object.entries(shape.fields)) {
				const v = value[key];
				if (v !== undefined && v !== null) collect(field, v, [...path, key], out);
			}
			return;
	}
}

/** zod's maximum-length check: it looks at the `length` of anything that has one, of any type. */
function tooLong(value: unknown, max: number): boolean {
	const length = (value as { length?: unknown } | null | undefined)?.length;
	return length !== undefined && !((length as number) <= max);
}
