import { describe, expect, it } from 'vitest';
import { diffModules } from './module-diff';

describe('diffModules', () => {
	it('lists changed fields and files per module, and leaves unchanged modules out', () => {
		const before = {
			modules: { work_summary: { text: '旧的总结' }, basic_info: { phone: '1', email: 'a' } },
			attachments: [{ id: 'f1', module: 'unit_proof', name: '证明.pdf' }]
		};
		const after = {
			modules: { work_summary: { text: '新的总结' }, basic_info: { email: 'a', phone: '1' } },
			attachments: [{ id: 'f2', module: 'unit_proof', name: '新证明.pdf' }]
		};
		expect(diffModules(before, after)).toEqual([
			{
				module: 'unit_proof',
				fields: [],
				attachmentsAdded: [{ id: 'f2', name: '新证明.pdf' }],
				attachmentsRemoved: [{ id: 'f1', name: '证明.pdf' }]
			},
			{
				module: 'work_summary',
				fields: [{ key: 'text', before: '旧的总结', after: '新的总结' }],
				attachmentsAdded: [],
				attachmentsRemoved: []
			}
		]);
	});

	it('counts a field that appeared or disappeared, and finds no change in reordered keys', () => {
		const diff = diffModules(
			{ modules: { m: { a: 1, rows: [{ id: 'r', x: 1 }] } }, attachments: [] },
			{ modules: { m: { rows: [{ x: 1, id: 'r' }], b: 2 } }, attachments: [] }
		);
		expect(diff).toEqual([
			{
				module: 'm',
				fields: [
					{ key: 'a', before: 1, after: null },
					{ key: 'b', before: null, after: 2 }
				],
				attachmentsAdded: [],
				attachmentsRemoved: []
			}
		]);
	});
});
