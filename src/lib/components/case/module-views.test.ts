import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { MODULE_KEYS } from '$lib/domain/modules/catalog';
import { validReviewModules } from '$lib/domain/modules/fixtures';
import type { PinnedNote } from '$lib/domain/review';
import ModuleViewWithNotes from '../../../../tests/helpers/ModuleViewWithNotes.svelte';
import { filledModules, type ModuleViewProps, type ViewAttachment } from './module-views';

const files = {
	unitConsent: '11111111-1111-4111-8111-111111111111',
	personalPledge: '22222222-2222-4222-8222-222222222222'
};
const modules = validReviewModules(2026, files);
const attachments: ViewAttachment[] = [
	{
		id: files.unitConsent,
		module: 'unit_proof',
		slot: 'unit_consent',
		name: '单位同意.pdf',
		mime: 'application/pdf',
		size: 2048
	},
	{
		id: files.personalPledge,
		module: 'unit_proof',
		slot: 'personal_pledge',
		name: '承诺书.pdf',
		mime: 'application/pdf',
		size: 4096
	}
];

function view(
	module: ModuleViewProps['module'],
	notes: PinnedNote[] = [],
	data = modules[module] ?? {}
) {
	const props: ModuleViewProps = {
		module,
		kind: 'review',
		data,
		attachments,
		fileHref: (id) => `/files/download/${id}`
	};
	return render(ModuleViewWithNotes, { props: { ...props, notes } }).body;
}

describe('ModuleView', () => {
	it('renders every module of a complete declaration with its title', () => {
		for (const key of filledModules(modules))
			expect(view(key)).toContain('data-testid="module-view"');
		expect(filledModules(modules)).toEqual(MODULE_KEYS.filter((k) => k in modules));
		expect(view('basic_info')).toContain('个人基本信息');
		expect(view('basic_info')).toContain('13800000001');
	});

	it('shows files as links with name and size', () => {
		const html = view('unit_proof');
		expect(html).toContain(`href="/files/download/${files.unitConsent}"`);
		expect(html).toContain('单位同意.pdf');
		expect(html).toContain('2.0 KB');
	});

	it('shows 至今 for an open period and 未填写 for an empty module', () => {
		const rows = {
			rows: [{ from: '2012-07', to: null, unit: '南京智造', position: '工程师', work: '研发' }]
		};
		expect(view('work_history', [], rows)).toContain('至今');
		expect(view('awards', [], {})).toContain('未填写');
	});

	it('puts each 退回 note beside its field, row or file', () => {
		const notes: PinnedNote[] = [
			{ id: 'n1', module: 'basic_info', field: 'phone', text: '手机号码有误' },
			{ id: 'n2', module: 'work_history', rowId: '0', text: '请补充证明人' },
			{ id: 'n3', module: 'unit_proof', attachmentId: files.personalPledge, text: '承诺书未签字' },
			{ id: 'n4', module: 'basic_info', text: '模块意见不在字段旁' }
		];
		const phone = view('basic_info', notes);
		expect(phone).toMatch(
			/移动电话[\s\S]*13800000001[\s\S]*data-testid="return-note"[\s\S]*手机号码有误/
		);
		expect(phone).not.toContain('模块意见不在字段旁');
		expect(view('work_history', notes)).toContain('请补充证明人');
		expect(view('unit_proof', notes)).toMatch(/承诺书\.pdf[\s\S]*承诺书未签字/);
		expect(view('unit_proof', notes)).toContain('role="note"');
	});
});
