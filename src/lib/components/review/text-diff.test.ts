import { describe, expect, it } from 'vitest';
import { diffText, elide, sentences } from './text-diff';

describe('diffText', () => {
	it('marks the rewritten sentence and keeps the rest', () => {
		const before = '我负责系统设计。完成了测试。获得好评。';
		const after = '我负责系统设计。主持完成了全部测试与验收。获得好评。';
		expect(diffText(before, after)).toEqual([
			{ op: 'same', text: '我负责系统设计。' },
			{ op: 'del', text: '完成了测试。' },
			{ op: 'ins', text: '主持完成了全部测试与验收。' },
			{ op: 'same', text: '获得好评。' }
		]);
	});

	it('handles an added ending and an emptied text', () => {
		expect(diffText('甲。', '甲。乙。')).toEqual([
			{ op: 'same', text: '甲。' },
			{ op: 'ins', text: '乙。' }
		]);
		expect(diffText('甲。乙。', '')).toEqual([{ op: 'del', text: '甲。乙。' }]);
	});

	it('splits on line breaks as well as sentence marks', () => {
		expect(sentences('一\n二。三')).toEqual(['一\n', '二。', '三']);
	});

	it('gives up on texts too long to compare, and elides long unchanged runs', () => {
		expect(diffText('句。'.repeat(700), '')).toBeNull();
		const [piece] = elide([{ op: 'same', text: 'x'.repeat(200) }], 10);
		expect(piece!.text).toBe(`${'x'.repeat(10)} … ${'x'.repeat(10)}`);
	});
});
