import { describe, expect, it } from 'vitest';
import { MODULE_KEYS, MODULES, moduleProblems, type ModuleContext } from './catalog';
import { validReviewModules } from './fixtures';
import type { Shape } from './shape';

/**
 * The editor's done marks use `moduleProblems` (no zod); 提交 uses `validateForSubmit` (the zod
 * schema of catalog.ts). Both must find the same problems in any data a device may hold.
 */

const ctx: ModuleContext = {
	kind: 'review',
	required: true,
	attachments: new Set(['file-a', 'file-b']),
	today: '2026-05-20'
};

/** A small deterministic generator (no flaky seeds). */
function random(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s * 1664525 + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

const ODD_VALUES: unknown[] = [
	undefined,
	null,
	'',
	'x',
	'x'.repeat(2001),
	'x'.repeat(100_001),
	0,
	1.5,
	-3,
	Number.NaN,
	Number.POSITIVE_INFINITY,
	2 ** 60,
	true,
	false,
	[],
	{},
	['x'],
	{ a: 1 },
	new Date(0),
	'A',
	'registry',
	'review',
	'2020-01-01'
];

/** A value that fits `shape` most of the time, with an odd value now and then, at any depth. */
function sample(shape: Shape, next: () => number, depth = 0): unknown {
	if (next() < 0.15) return ODD_VALUES[Math.floor(next() * ODD_VALUES.length)];
	switch (shape.kind) {
		case 'string':
			return next() < 0.05 ? 'y'.repeat(shape.max + 1) : `v${Math.floor(next() * 100)}`;
		case 'number':
			return next() * 100;
		case 'int':
			return Math.floor(next() * 3000);
		case 'boolean':
			return next() < 0.5;
		case 'enum':
			return shape.values[Math.floor(next() * shape.values.length)];
		case 'array': {
			const n = next() < 0.05 ? shape.max + 1 : Math.floor(next() * 4);
			return Array.from({ length: n }, () => sample(shape.of, next, depth + 1));
		}
		case 'object': {
			const out: Record<string, unknown> = {};
			for (const [key, field] of Object.entries(shape.fields))
				if (next() < 0.8) out[key] = sample(field, next, depth + 1);
			if (next() < 0.1) out.unknownKey = 'kept out';
			return out;
		}
	}
}

describe('draft shapes without zod', () => {
	it('find exactly the problems the zod schemas find, in the same order', () => {
		const next = random(21);
		let misfits = 0;
		for (const key of MODULE_KEYS) {
			for (let i = 0; i < 400; i++) {
				const data = sample(MODULES[key].shape, next);
				const withZod = MODULES[key].validateForSubmit(data, ctx);
				expect(moduleProblems(key, data, ctx), `${key}: ${JSON.stringify(data)}`).toEqual(withZod);
				if (withZod.some((issue) => issue.code === 'invalid_field')) misfits++;
			}
		}
		// The samples reach both sides: data that fits (rules run) and data that does not.
		expect(misfits).toBeGreaterThan(MODULE_KEYS.length * 40);
		expect(misfits).toBeLessThan(MODULE_KEYS.length * 360);
	});

	it('accept a complete declaration as zod does', () => {
		const modules = validReviewModules(2026, { unitConsent: 'file-a', personalPledge: 'file-b' });
		for (const [key, data] of Object.entries(modules)) {
			const k = key as (typeof MODULE_KEYS)[number];
			expect(moduleProblems(k, data, ctx)).toEqual(MODULES[k].validateForSubmit(data, ctx));
		}
	});
});
