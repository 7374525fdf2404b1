import fc, { type Arbitrary } from 'fast-check';

/**
 * fast-check arbitraries from the JSON Schema that zod 4 writes of a procedure's input
 * (`z.toJSONSchema(schema, { io: 'input' })`): values the schema means to accept, and hostile
 * variations of them. Only the keywords our schemas produce are read; anything else is "any".
 */

export interface JsonSchema {
	type?: string | string[];
	properties?: Record<string, JsonSchema>;
	required?: string[];
	additionalProperties?: boolean | JsonSchema;
	items?: JsonSchema;
	prefixItems?: JsonSchema[];
	enum?: unknown[];
	const?: unknown;
	anyOf?: JsonSchema[];
	oneOf?: JsonSchema[];
	allOf?: JsonSchema[];
	minLength?: number;
	maxLength?: number;
	pattern?: string;
	format?: string;
	minimum?: number;
	maximum?: number;
	exclusiveMinimum?: number;
	exclusiveMaximum?: number;
	minItems?: number;
	maxItems?: number;
	$ref?: string;
	$defs?: Record<string, JsonSchema>;
}

const SMALL = 6;

function bounded(min: number | undefined, max: number | undefined, cap: number) {
	const lo = Math.max(0, min ?? 0);
	return { lo, hi: Math.max(lo, Math.min(max ?? lo + cap, lo + cap)) };
}

/** A regex arbitrary, or null when fast-check cannot read the pattern. */
function matching(pattern: string): Arbitrary<string> | null {
	try {
		return fc.stringMatching(new RegExp(pattern));
	} catch {
		return null;
	}
}

function stringOf(s: JsonSchema): Arbitrary<string> {
	if (s.format === 'uuid') return fc.uuid();
	if (s.format === 'date')
		return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
	if (s.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
	const { lo, hi } = bounded(s.minLength, s.maxLength, 24);
	if (s.pattern) {
		const re = matching(s.pattern);
		if (re) return re.filter((v) => v.length >= lo && v.length <= (s.maxLength ?? Infinity));
	}
	return fc.string({ minLength: lo, maxLength: hi, unit: 'grapheme' });
}

function numberOf(s: JsonSchema, integer: boolean): Arbitrary<number> {
	const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1e6);
	const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1e6);
	const lo = Math.max(min, -1e9);
	const hi = Math.min(max, 1e9);
	return integer
		? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) })
		: fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
}

/** Values the schema describes as valid (the server may still refuse them for their meaning). */
export function validArbitrary(
	s: JsonSchema,
	defs: Record<string, JsonSchema> = {}
): Arbitrary<unknown> {
	const all = { ...defs, ...(s.$defs ?? {}) };
	const next = (x: JsonSchema) => validArbitrary(x, all);
	if (s.$ref) {
		const target = all[s.$ref.replace(/^#\/\$defs\//, '')];
		return target ? fc.constant(null).chain(() => next(target)) : fc.anything();
	}
	if (s.const !== undefined) return fc.constant(s.const);
	if (s.enum) return fc.constantFrom(...s.enum);
	const union = s.anyOf ?? s.oneOf;
	if (union) return fc.oneof(...union.map(next));
	if (s.allOf?.length) return next(s.allOf[0]!);
	const type = Array.isArray(s.type) ? s.type[0] : s.type;
	switch (type) {
		case 'string':
			return stringOf(s);
		case 'integer':
			return numberOf(s, true);
		case 'number':
			return numberOf(s, false);
		case 'boolean':
			return fc.boolean();
		case 'null':
			return fc.constant(null);
		case 'array': {
			if (s.prefixItems) return fc.tuple(...s.prefixItems.map(next));
			const { lo, hi } = bounded(s.minItems, s.maxItems, SMALL);
			return fc.array(s.items ? next(s.items) : fc.jsonValue(), { minLength: lo, maxLength: hi });
		}
		case 'object': {
			const props = s.properties ?? {};
			const required = new Set(s.required ?? []);
			const shape = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, next(v)]));
			if (Object.keys(props).length === 0) {
				return typeof s.additionalProperties === 'object'
					? fc.dictionary(
							fc.string({ minLength: 1, maxLength: 12 }),
							next(s.additionalProperties),
							{
								maxKeys: SMALL
							}
						)
					: fc.constant({});
			}
			return fc.record(shape, { requiredKeys: [...required].filter((k) => k in props) });
		}
		default:
			return fc.jsonValue();
	}
}

/** Lone surrogates, NUL, RTL override, a 1 MB string, prototype keys and deep nesting. */
export function nastyValue(): Arbitrary<unknown> {
	let deep: unknown = 'bottom';
	for (let i = 0; i < 2000; i++) deep = [deep];
	return fc.oneof(
		fc.constantFrom(
			null,
			true,
			0,
			-1,
			2 ** 63,
			-(2 ** 63),
			Number.MAX_VALUE,
			1e308 * 10,
			NaN,
			'',
			'\uD800',
			'\uDC00abc',
			'a\u0000b',
			'\u202Egnp.exe',
			'../../etc/passwd',
			'x'.repeat(1024 * 1024),
			[],
			{},
			deep,
			JSON.parse('{"__proto__": {"admin": true}}'),
			{ constructor: { prototype: { polluted: true } } }
		),
		fc.string({ unit: 'binary', maxLength: 40 }),
		fc.double(),
		fc.jsonValue({ maxDepth: 4 })
	);
}

/** A valid value turned hostile: a wrong type somewhere, a key missing or extra, or junk whole. */
export function mutatedArbitrary(s: JsonSchema): Arbitrary<unknown> {
	const valid = validArbitrary(s);
	return fc.oneof(
		nastyValue(),
		fc
			.tuple(valid, nastyValue(), fc.nat(), fc.constantFrom('replace', 'drop', 'extra', 'proto'))
			.map(([value, junk, n, how]) => mutate(value, junk, n, how))
	);
}

function mutate(value: unknown, junk: unknown, n: number, how: string): unknown {
	if (!value || typeof value !== 'object') return junk;
	const copy: Record<string, unknown> = Array.isArray(value)
		? ({ ...value } as Record<string, unknown>)
		: { ...(value as Record<string, unknown>) };
	const keys = Object.keys(copy);
	const key = keys.length ? keys[n % keys.length]! : 'x';
	if (how === 'drop') delete copy[key];
	else if (how === 'extra') copy[`extra_${n % 97}`] = junk;
	else if (how === 'proto')
		Object.defineProperty(copy, '__proto__', { value: junk, enumerable: true });
	else {
		const inner = copy[key];
		copy[key] =
			inner && typeof inner === 'object' ? mutate(inner, junk, Math.floor(n / 7), how) : junk;
	}
	return Array.isArray(value) ? Object.values(copy) : copy;
}
