import { describe, expect, it } from 'vitest';
import { describeField, type Namer } from './changes';

const names: Namer = {
	file: (id) => (id === 'f1' ? '学历证书.pdf' : undefined),
	ref: (key, v) => (key === 'committeeId' && v === 'c1' ? '南京市评委会' : undefined)
};

describe('describeField', () => {
	it('names a plain field and its values', () => {
		const f = describeField(
			'basic_info',
			{ key: 'phone', before: '13900000001', after: '' },
			names,
			'zh-CN'
		);
		expect(f.label).toBe('移动电话');
		expect(f.values).toEqual([
			{ label: '移动电话', before: '13900000001', after: '（空）', isEmpty: true }
		]);
	});

	it('shows reference ids and files by name', () => {
		const c = describeField(
			'declaration_info',
			{ key: 'committeeId', before: null, after: 'c1' },
			names,
			'zh-CN'
		);
		expect(c.values[0]).toMatchObject({ before: '（空）', after: '南京市评委会' });
		const p = describeField(
			'basic_info',
			{ key: 'photoAttachmentId', before: null, after: 'f1' },
			names,
			'zh-CN'
		);
		expect(p.values[0]!.after).toBe('学历证书.pdf');
	});

	it('compares rows by id: added, removed and changed rows with their fields', () => {
		const f = describeField(
			'work_history',
			{
				key: 'rows',
				before: [
					{ id: 'a', unit: '甲公司', position: '工程师' },
					{ id: 'b', unit: '乙公司', position: '助理' }
				],
				after: [
					{ id: 'a', unit: '甲公司', position: '高级工程师' },
					{ id: 'c', unit: '丙公司', position: '主管' }
				]
			},
			names,
			'zh-CN'
		);
		expect(f.label).toBe('工作经历');
		expect(f.rows.map((r) => [r.op, r.label])).toEqual([
			['changed', '第 1 条 · 甲公司'],
			['added', '第 2 条 · 丙公司'],
			['removed', '第 2 条 · 乙公司']
		]);
		expect(f.rows[0]!.values).toEqual([
			{ label: '岗位或职务', before: '工程师', after: '高级工程师' }
		]);
		expect(f.rows[1]!.values.map((v) => [v.label, v.after])).toEqual([
			['工作单位', '丙公司'],
			['岗位或职务', '主管']
		]);
	});

	it('gives a long text its sentence diff', () => {
		const first =
			'本人长期从事嵌入式软件研发工作，主持完成多项产品的系统设计与测试，获得用户好评。';
		const before = `${first}负责测试。`;
		const after = `${first}负责测试与验收。`;
		const f = describeField('work_summary', { key: 'text', before, after }, names, 'zh-CN');
		expect(f.label).toBe('工作总结');
		expect(f.values[0]!.pieces).toEqual([
			{ op: 'same', text: first },
			{ op: 'del', text: '负责测试。' },
			{ op: 'ins', text: '负责测试与验收。' }
		]);
	});

	it('compares the slots of 单位公示 one by one', () => {
		const f = describeField(
			'unit_proof',
			{ key: 'slots', before: { unit_consent: 'x' }, after: { unit_consent: 'f1' } },
			names,
			'zh-CN'
		);
		expect(f.values).toEqual([{ label: '单位同意申报证明', before: 'x', after: '学历证书.pdf' }]);
	});
});
