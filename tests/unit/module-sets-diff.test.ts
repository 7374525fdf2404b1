import { describe, expect, it } from 'vitest';
import type { ModuleSetEntry } from '../../src/lib/domain/modules/module-set';
import { diffModuleSets } from '../../src/lib/domain/modules/set-diff';

const V1: ModuleSetEntry[] = [
	{ key: 'basic_info', required: true },
	{ key: 'publications', required: false },
	{ key: 'continuing_education', required: false },
	{ key: 'work_summary', required: true, limits: { minChars: 500, maxChars: 5000 } },
	{ key: 'other_materials', required: true }
];

describe('what changed between two module-set versions', () => {
	it('lists modules added, made required, made optional, limits changed, then removed', () => {
		const v2: ModuleSetEntry[] = [
			{ key: 'basic_info', required: true },
			{ key: 'awards', required: true },
			{ key: 'continuing_education', required: true },
			{ key: 'work_summary', required: true, limits: { minChars: 800, maxChars: 5000 } },
			{ key: 'other_materials', required: false },
			{ key: 'annual_review', required: false }
		];
		expect(diffModuleSets(V1, v2)).toEqual([
			{ module: 'awards', change: 'added', required: true },
			{ module: 'continuing_education', change: 'required' },
			{
				module: 'work_summary',
				change: 'limits',
				before: { minChars: 500, maxChars: 5000 },
				after: { minChars: 800, maxChars: 5000 }
			},
			{ module: 'other_materials', change: 'optional' },
			{ module: 'annual_review', change: 'added', required: false },
			{ module: 'publications', change: 'removed' }
		]);
	});

	it('finds nothing when only the order or empty limits differ', () => {
		const same = [...V1].reverse().map((e) => (e.limits ? e : { ...e, limits: {} }));
		expect(diffModuleSets(V1, same)).toEqual([]);
	});

	it('reports limits dropped altogether', () => {
		const v2 = V1.map((e) => (e.key === 'work_summary' ? { key: e.key, required: true } : e));
		expect(diffModuleSets(V1, v2)).toEqual([
			{
				module: 'work_summary',
				change: 'limits',
				before: { minChars: 500, maxChars: 5000 },
				after: null
			}
		]);
	});
});
