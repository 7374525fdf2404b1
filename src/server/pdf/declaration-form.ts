import {
	EDUCATION_FIELDS,
	MODULES,
	UNIT_PROOF_SLOTS,
	UNIT_PROOF_SLOT_TITLES,
	type FieldDef,
	type ModuleKey
} from '$lib/domain/modules/catalog';
import { maskIdNumber } from '$lib/domain/mask';
import { renderPdf, type Block } from './layout';

/** Names from the reference tables for the ids in 个人基本信息 and 申报基本信息. */
export interface ReferenceNames {
	region: string | null;
	unitNature: string | null;
	department: string | null;
	series: string | null;
	level: string | null;
	/** The title of that series at that level (工程师 for engineering, 中级). */
	title: string | null;
	committee: string | null;
	acceptingDepartment: string | null;
}

export interface DeclarationFormData {
	kind: 'initial' | 'review';
	status: string;
	receiptNo: string | null;
	applicant: { name: string; idNumber: string };
	/** In the order of the case's module set. */
	sections: { key: ModuleKey; data: unknown }[];
	names: ReferenceNames;
	/** File names of the files attached to the case, by attachment id. */
	files: Record<string, string>;
	printedAt: Date;
}

export const FORM_TITLES = { review: '专业技术资格申报表', initial: '职称初定申报表' } as const;
const KIND_NAMES = { review: '职称评审', initial: '职称初定' } as const;
const STATUS_NAMES: Record<string, string> = {
	draft: '暂存（未提交）',
	submitted: '已提交',
	returned: '已退回修改',
	cancelled: '已取消',
	approved: '已通过',
	rejected: '未通过'
};
const NUMERALS = '一二三四五六七八九十';
const numeral = (n: number) => (n <= 10 ? NUMERALS[n - 1]! : `十${NUMERALS[n - 11]!}`);

type Row = Record<string, unknown>;

function record(value: unknown): Row {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Row) : {};
}

function rows(value: unknown, key: 'rows' | 'records' | 'items'): Row[] {
	const list = record(value)[key];
	return Array.isArray(list) ? list.map(record) : [];
}

function show(value: unknown): string {
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number') return String(value);
	if (typeof value === 'boolean') return value ? '是' : '否';
	return '';
}

/** Values wider than a half-row cell (in em at table size) get a row of their own. */
const WIDE = 13;
const ems = (s: string) => [...s].reduce((n, ch) => n + (ch.charCodeAt(0) < 0x2e80 ? 0.6 : 1), 0);

/** label | value | label | value: two pairs a row. */
function pairs(items: [string, string][]): Block {
	const out: string[][] = [];
	let half: string[] | null = null;
	for (const [label, value] of items) {
		if (ems(value) > WIDE) out.push([label, value]);
		else if (half) {
			half.push(label, value);
			half = null;
		} else out.push((half = [label, value]));
	}
	return { type: 'table', widths: [1.15, 1.85, 1.15, 1.85], rows: out, labels: true };
}

function chinaDate(at: Date): string {
	return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

class FormBuilder {
	readonly blocks: Block[] = [];
	private n = 0;

	constructor(private readonly form: DeclarationFormData) {}

	heading(title: string) {
		this.blocks.push({ type: 'heading', text: `${numeral(++this.n)}、${title}` });
	}

	none() {
		this.blocks.push({ type: 'paragraph', text: '（无）', indent: true });
	}

	fileName(id: unknown): string {
		return typeof id === 'string' && id ? (this.form.files[id] ?? '（附件未找到）') : '';
	}

	basicInfo(data: unknown) {
		const d = record(data);
		const { names, applicant } = this.form;
		this.blocks.push(
			pairs([
				['姓名', applicant.name],
				['身份证号', maskIdNumber(applicant.idNumber)],
				['所属行政区划', names.region ?? show(d.regionCode)],
				['工作单位性质', names.unitNature ?? show(d.unitNature)],
				['行政主管部门', names.department ?? show(d.departmentId)],
				['参加工作时间', show(d.firstWorkedOn)],
				['工作单位', show(d.workUnitName)],
				['统一社会信用代码', show(d.creditCode)],
				['移动电话', show(d.phone)],
				['电子邮箱', show(d.email)]
			])
		);
	}

	declarationInfo(data: unknown) {
		const d = record(data);
		const { names, kind } = this.form;
		this.blocks.push(
			pairs([
				['申报系列', names.series ?? show(d.seriesId)],
				['申报级别', names.level ?? show(d.level)],
				['申报资格名称', names.title ?? ''],
				['申报专业', show(d.specialty)],
				kind === 'review'
					? ['申报评委会', names.committee ?? show(d.committeeId)]
					: ['报送受理部门', names.acceptingDepartment ?? show(d.acceptingDepartmentId)],
				['申报年度', show(d.year)]
			])
		);
	}

	/** Row modules: a grid when the row is short, else one label/value table per row. */
	rowModule(key: ModuleKey, data: unknown) {
		const fields = key === 'education' ? EDUCATION_FIELDS : (MODULES[key].rowFields ?? []);
		const list = rows(data, key === 'education' ? 'records' : 'rows');
		if (list.length === 0) return this.none();
		const hasRange = fields.some((f) => f.key === 'from');
		const columns: { title: string; width: number; value: (r: Row) => string }[] = [];
		if (hasRange)
			columns.push({
				title: '起止年月',
				width: 2.8,
				value: (r) => `${show(r.from)}—${show(r.to) || '至今'}`
			});
		for (const f of fields.filter((f) => f.key !== 'from' && f.key !== 'to'))
			columns.push({ title: f.title['zh-CN'], width: width(f), value: (r) => this.cell(f, r) });
		const long = fields.some((f) => f.type === 'longtext');
		if (!long && columns.length <= 7) {
			this.blocks.push({
				type: 'table',
				widths: columns.map((c) => c.width),
				header: columns.map((c) => c.title),
				rows: list.map((r) => columns.map((c) => c.value(r)))
			});
			return;
		}
		list.forEach((r, i) => {
			this.blocks.push({ type: 'paragraph', text: `（${i + 1}）` });
			this.blocks.push({
				type: 'table',
				widths: [1, 3.4],
				labels: true,
				rows: columns.map((c) => [c.title, c.value(r)])
			});
		});
	}

	private cell(f: FieldDef, r: Row): string {
		return f.type === 'attachment' ? this.fileName(r[f.key]) : show(r[f.key]);
	}

	workSummary(data: unknown) {
		const text = show(record(data).text);
		const paragraphs = text
			.split(/\n/)
			.map((p) => p.trim())
			.filter(Boolean);
		if (paragraphs.length === 0) return this.none();
		for (const p of paragraphs) this.blocks.push({ type: 'paragraph', text: p, indent: true });
	}

	unitProof(data: unknown) {
		const slots = record(record(data).slots);
		this.blocks.push({
			type: 'table',
			widths: [1.3, 3.1],
			header: ['证明材料', '附件'],
			rows: UNIT_PROOF_SLOTS.map((slot) => [
				UNIT_PROOF_SLOT_TITLES[slot]['zh-CN'],
				this.fileName(slots[slot]) || '未上传'
			])
		});
	}

	otherMaterials(data: unknown) {
		const items = rows(data, 'items');
		if (items.length === 0) return this.none();
		this.blocks.push({
			type: 'table',
			widths: [0.5, 1.9, 2],
			header: ['序号', '材料名称', '附件'],
			rows: items.map((it, i) => [
				String(i + 1),
				show(it.name),
				this.fileName(it.attachmentId) || '未上传'
			])
		});
	}
}

function width(f: FieldDef): number {
	if (f.type === 'int' || f.type === 'bool') return 1.1;
	if (f.type === 'month' || f.type === 'date' || f.type === 'enum') return 1.5;
	return 2.4;
}

/** 专业技术资格申报表 / 职称初定申报表 of one case, for 预览 and for printing 一式两份. */
export function declarationFormPdf(form: DeclarationFormData): Promise<Uint8Array> {
	const title = FORM_TITLES[form.kind];
	const b = new FormBuilder(form);
	b.blocks.push({ type: 'title', text: title });
	if (form.status === 'draft')
		b.blocks.push({ type: 'paragraph', text: '（预览：尚未提交，仅供核对）', center: true });
	b.blocks.push(
		pairs([
			['办件编号', form.receiptNo ?? '提交后生成'],
			['申报类别', KIND_NAMES[form.kind]],
			['办件状态', STATUS_NAMES[form.status] ?? form.status],
			['打印日期', chinaDate(form.printedAt)]
		])
	);
	for (const { key, data } of form.sections) {
		b.heading(MODULES[key].title['zh-CN']);
		if (key === 'basic_info') b.basicInfo(data);
		else if (key === 'declaration_info') b.declarationInfo(data);
		else if (key === 'work_summary') b.workSummary(data);
		else if (key === 'unit_proof') b.unitProof(data);
		else if (key === 'other_materials') b.otherMaterials(data);
		else b.rowModule(key, data);
	}
	b.heading('承诺及单位意见');
	b.blocks.push(
		{
			type: 'paragraph',
			indent: true,
			text: '本人承诺：以上填报内容及所附材料真实、准确、完整。如有不实，本人愿承担相应责任。'
		},
		{
			type: 'table',
			widths: [1, 3.4],
			labels: true,
			rows: [
				['申报人签名', '\n\n签名：____________        ______年____月____日'],
				['单位意见', '\n\n\n单位负责人：____________        （单位盖章）\n______年____月____日'],
				['主管部门意见', '\n\n\n经办人：____________        （盖章）\n______年____月____日']
			]
		},
		{
			type: 'paragraph',
			text: '注：本表一式两份，经申报人签名、单位盖章后，按申报流程送交主管部门。'
		}
	);
	return renderPdf({
		title: `${title}（${form.applicant.name}）`,
		blocks: b.blocks,
		footer: (n, m) => `第 ${n} 页 共 ${m} 页`
	});
}
