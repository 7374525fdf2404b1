import { validateCreditCode } from '../credit-code';
import { MOBILE_RE } from '../mobile';
import {
	CERTIFICATE_SOURCES,
	HISTORICAL_MIN_SLOTS,
	HISTORICAL_SLOTS,
	REISSUE_SLOTS,
	REISSUE_TYPES,
	servesRegion
} from '../certificates';
import {
	flag,
	int,
	isPlainObject as isRecord,
	listOf,
	objectOf,
	oneOf,
	real,
	shapeProblems,
	text,
	type ObjectShape,
	type Shape,
	type ShapeValue
} from './shape';

/**
 * The catalog of declaration modules (the left-hand column of the manual's 申报页面, ch. 2–3)
 * without zod: for each module its titles, the shape of its draft (a draft may be incomplete,
 * 暂存 never refuses it) and the rules 提交 applies. catalog.ts adds the zod schemas that guard
 * 暂存 and 提交; this part is what the editor's first screen needs for its done marks. Browser
 * and server run this same code; the server's verdict is the authority. Messages are error codes
 * (src/lib/i18n/errors.ts).
 */

export const MODULE_KEYS = [
	'basic_info',
	'declaration_info',
	'education',
	'work_history',
	'achievements',
	'publications',
	'awards',
	'continuing_education',
	'annual_review',
	'work_summary',
	'unit_proof',
	'other_materials',
	'historical_certificate',
	'historical_materials',
	'reissue_request',
	'reissue_materials'
] as const;
export type ModuleKey = (typeof MODULE_KEYS)[number];

export function isModuleKey(key: string): key is ModuleKey {
	return (MODULE_KEYS as readonly string[]).includes(key);
}

export const LEVEL_CODES = ['A', 'B', 'C', 'D', 'E'] as const;
export type LevelCode = (typeof LEVEL_CODES)[number];

/** 学历, lowest first (the names of `initial_rules.education`). */
export const EDUCATION_LEVELS = [
	'中专',
	'大专',
	'本科',
	'第二学士学位',
	'硕士研究生',
	'博士研究生'
] as const;
export const DEGREES = ['无', '学士', '硕士', '博士'] as const;
export const STUDY_MODES = ['全日制', '非全日制'] as const;
export const AWARD_GRADES = ['国家级', '省部级', '市厅级', '其他'] as const;
export const REVIEW_RESULTS = ['优秀', '合格', '基本合格', '不合格'] as const;
export const UNIT_PROOF_SLOTS = ['unit_consent', 'personal_pledge'] as const;
export type UnitProofSlot = (typeof UNIT_PROOF_SLOTS)[number];

/** One problem found in a module: `field` is a dotted path ('records.0.eduCertNo'). */
export interface Issue {
	module: ModuleKey;
	field?: string;
	code: string;
	params?: Record<string, string | number>;
}

export interface ModuleLimits {
	/** 工作总结: characters, whitespace not counted. */
	minChars?: number;
	maxChars?: number;
	/** Row modules: how many rows at least / at most. */
	minRows?: number;
	maxRows?: number;
}

export interface ModuleContext {
	kind: 'initial' | 'review' | 'historical' | 'reissue';
	/** Is the module starred (*) in the case's module set? */
	required: boolean;
	limits?: ModuleLimits;
	/** Ids of the files attached to this case (uploaded, verified and linked). */
	attachments: ReadonlySet<string>;
	/** Today's date, YYYY-MM-DD (Asia/Shanghai). */
	today: string;
	/** Certificate numbers the education registry knows for this person (server side). */
	registryCertNos?: ReadonlySet<string>;
	/** Region codes that are leaves of the cascade (市本级 / 区县 / 功能区). */
	leafRegions?: ReadonlySet<string>;
	/** 申报点 and their regions: with them, 所属申报点 must serve 所属行政区划. */
	declarationPoints?: readonly { id: string; regionCode: string }[];
	/** Ids of attached files that are PDFs (server side): 材料上传 takes PDF only. */
	pdfAttachments?: ReadonlySet<string>;
	/** Ids of attached files that are JPEG or PNG images (server side): a 证件照 must be one. */
	imageAttachments?: ReadonlySet<string>;
}

export interface Title {
	'zh-CN': string;
	en: string;
}

export interface FieldDef {
	key: string;
	title: Title;
	required?: boolean;
	type: 'text' | 'longtext' | 'date' | 'month' | 'int' | 'number' | 'bool' | 'enum' | 'attachment';
	options?: readonly string[];
	min?: number;
	max?: number;
	/** For an attachment: the only kind of file it takes (a 证件照 is a JPEG or PNG image). */
	accept?: 'image';
}

export interface ModuleRules {
	key: ModuleKey;
	title: Title;
	/** Lenient: what 暂存 accepts. */
	shape: ObjectShape;
	/** Row modules: the fields of one row (also the form's columns). */
	rowFields?: readonly FieldDef[];
	isEmpty(data: unknown): boolean;
	/** The rules of 提交 for data that has `shape`. */
	check(data: unknown, ctx: ModuleContext): Issue[];
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const t = (zh: string, en: string): Title => ({ 'zh-CN': zh, en });
const str = () => text();

/** A string with something in it after trimming. */
export function filled(value: unknown): value is string {
	return typeof value === 'string' && value.trim().length > 0;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
	const m = DATE_RE.exec(value);
	if (!m) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const date = new Date(Date.UTC(y, mo - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export function isMonth(value: string): boolean {
	const m = MONTH_RE.exec(value);
	return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/** Compares YYYY-MM and YYYY-MM-DD values on their common precision. */
export function compareDates(a: string, b: string): number {
	const n = Math.min(a.length, b.length);
	const x = a.slice(0, n);
	const y = b.slice(0, n);
	return x < y ? -1 : x > y ? 1 : 0;
}

/** 字数 of a text: characters (code points) that are not whitespace. */
export function countChars(text: string): number {
	let n = 0;
	for (const ch of text) if (!/\s/u.test(ch)) n++;
	return n;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Each place where `data` does not fit `shape`, as 提交 reports it ('invalid_field'). */
export function shapeIssues(module: ModuleKey, shape: Shape, data: unknown): Issue[] {
	return shapeProblems(shape, data).map((path) => ({
		module,
		...(path.length > 0 ? { field: path.map(String).join('.') } : {}),
		code: 'invalid_field'
	}));
}

/** Checks one value against its field definition; `prefix` makes the dotted path. */
export function checkField(
	module: ModuleKey,
	def: FieldDef,
	value: unknown,
	prefix: string,
	ctx: ModuleContext,
	out: Issue[]
): void {
	const field = prefix + def.key;
	const empty =
		value === undefined || value === null || (typeof value === 'string' && !value.trim());
	if (empty) {
		if (def.required) out.push({ module, field, code: 'required' });
		return;
	}
	switch (def.type) {
		case 'date':
			if (typeof value !== 'string' || !isIsoDate(value))
				out.push({ module, field, code: 'date_format' });
			else if (value > ctx.today) out.push({ module, field, code: 'date_future' });
			return;
		case 'month':
			if (typeof value !== 'string' || !(isMonth(value) || isIsoDate(value)))
				out.push({ module, field, code: 'month_format' });
			else if (compareDates(value, ctx.today) > 0) out.push({ module, field, code: 'date_future' });
			return;
		case 'int':
		case 'number': {
			const ok =
				typeof value === 'number' &&
				Number.isFinite(value) &&
				(def.type === 'number' || Number.isInteger(value)) &&
				(def.min === undefined || value >= def.min) &&
				(def.max === undefined || value <= def.max);
			if (!ok) out.push({ module, field, code: 'number_range' });
			return;
		}
		case 'enum':
			if (typeof value !== 'string' || !def.options?.includes(value))
				out.push({ module, field, code: 'invalid_field' });
			return;
		case 'attachment':
			if (typeof value !== 'string' || !ctx.attachments.has(value))
				out.push({ module, field, code: 'attachment_missing' });
			else if (def.accept === 'image' && ctx.imageAttachments && !ctx.imageAttachments.has(value))
				out.push({ module, field, code: 'photo_not_image' });
			return;
		default:
			return;
	}
}

// ---------------------------------------------------------------------------------------------
// 个人基本信息

export const BASIC_INFO_SHAPE = objectOf({
	regionCode: str(),
	unitNature: str(),
	departmentId: str(),
	workUnitId: str(),
	workUnitName: str(),
	creditCode: str(),
	phone: str(),
	email: str(),
	/** 参加工作时间 (YYYY-MM-DD): the start of the years 初定 counts. */
	firstWorkedOn: str(),
	photoAttachmentId: str()
});
export type BasicInfo = ShapeValue<typeof BASIC_INFO_SHAPE>;

/** 工作单位性质 without a 统一社会信用代码 (unit_natures rows with no credit prefix). */
export const NATURES_WITHOUT_CREDIT_CODE = ['80', '90'];

const BASIC_FIELDS: FieldDef[] = [
	{
		key: 'regionCode',
		title: t('所属行政区划', 'Administrative region'),
		type: 'text',
		required: true
	},
	{
		key: 'unitNature',
		title: t('工作单位性质', 'Nature of employer'),
		type: 'text',
		required: true
	},
	{
		key: 'departmentId',
		title: t('行政主管部门', 'Supervising department'),
		type: 'text',
		required: true
	},
	{ key: 'workUnitId', title: t('工作单位', 'Employer'), type: 'text' },
	{ key: 'workUnitName', title: t('工作单位', 'Employer'), type: 'text', required: true },
	{ key: 'creditCode', title: t('统一社会信用代码', 'Unified social credit code'), type: 'text' },
	{ key: 'phone', title: t('移动电话', 'Mobile phone'), type: 'text', required: true },
	{ key: 'email', title: t('电子邮箱', 'Email'), type: 'text' },
	{ key: 'firstWorkedOn', title: t('参加工作时间', 'Started work on'), type: 'date' },
	{ key: 'photoAttachmentId', title: t('证件照', 'Photo'), type: 'attachment', accept: 'image' }
];

/** 工作单位 typed by hand rather than chosen from the unit register's search. */
export function unitTyped(d: Pick<BasicInfo, 'workUnitId' | 'workUnitName'>): boolean {
	return filled(d.workUnitName) && !filled(d.workUnitId);
}

function validateBasicInfo(data: unknown, ctx: ModuleContext): Issue[] {
	const d = data as BasicInfo;
	const out: Issue[] = [];
	for (const def of BASIC_FIELDS)
		checkField('basic_info', def, d[def.key as keyof BasicInfo], '', ctx, out);
	if (filled(d.regionCode) && ctx.leafRegions && !ctx.leafRegions.has(d.regionCode))
		out.push({ module: 'basic_info', field: 'regionCode', code: 'region_not_leaf' });
	const needsCode = !filled(d.unitNature) || !NATURES_WITHOUT_CREDIT_CODE.includes(d.unitNature);
	if (filled(d.creditCode)) {
		if (!validateCreditCode(d.creditCode).ok)
			out.push({ module: 'basic_info', field: 'creditCode', code: 'credit_code_invalid' });
	} else if (unitTyped(d) && needsCode) {
		// A typed name (「昆山」) is not a unit: chosen from the search, or in full with its code.
		out.push({ module: 'basic_info', field: 'workUnitName', code: 'unit_not_chosen' });
	} else if (needsCode) {
		out.push({ module: 'basic_info', field: 'creditCode', code: 'required' });
	}
	if (filled(d.phone) && !MOBILE_RE.test(d.phone.trim()))
		out.push({ module: 'basic_info', field: 'phone', code: 'mobile_format' });
	if (filled(d.email) && !EMAIL_RE.test(d.email.trim()))
		out.push({ module: 'basic_info', field: 'email', code: 'email_format' });
	return out;
}

// ---------------------------------------------------------------------------------------------
// 申报基本信息

export const DECLARATION_INFO_SHAPE = objectOf({
	level: oneOf(LEVEL_CODES),
	seriesId: str(),
	specialty: str(),
	/** 申报评委会 (评审). */
	committeeId: str(),
	/** 报送受理部门 (初定). */
	acceptingDepartmentId: str(),
	year: int()
});
export type DeclarationInfo = ShapeValue<typeof DECLARATION_INFO_SHAPE>;

function validateDeclarationInfo(data: unknown, ctx: ModuleContext): Issue[] {
	const d = data as DeclarationInfo;
	const out: Issue[] = [];
	const need = (field: keyof DeclarationInfo) => {
		const v = d[field];
		if (v === undefined || v === null || (typeof v === 'string' && !v.trim()))
			out.push({ module: 'declaration_info', field, code: 'required' });
	};
	need('level');
	need('seriesId');
	need('specialty');
	need(ctx.kind === 'review' ? 'committeeId' : 'acceptingDepartmentId');
	need('year');
	// 初定 goes up to 中级 (domain §3.2); 正高/副高 are always 评审.
	if (ctx.kind === 'initial' && (d.level === 'A' || d.level === 'B'))
		out.push({ module: 'declaration_info', field: 'level', code: 'initial_level_too_high' });
	return out;
}

// ---------------------------------------------------------------------------------------------
// 学历学位信息

export const EDUCATION_RECORD_SHAPE = objectOf({
	/** 'registry': found by 自动获取 (no upload needed); 'manual': added by hand (添加). */
	source: oneOf(['registry', 'manual'] as const),
	school: str(),
	major: str(),
	education: str(),
	degree: str(),
	graduatedOn: str(),
	studyMode: str(),
	eduCertNo: str(),
	degreeCertNo: str(),
	eduCertAttachmentId: str(),
	degreeCertAttachmentId: str()
});
export type EducationRecord = ShapeValue<typeof EDUCATION_RECORD_SHAPE>;
export const EDUCATION_SHAPE = objectOf({
	records: listOf(EDUCATION_RECORD_SHAPE, 20)
});
export type Education = ShapeValue<typeof EDUCATION_SHAPE>;

export const EDUCATION_FIELDS: readonly FieldDef[] = [
	{ key: 'school', title: t('毕业院校', 'School'), type: 'text', required: true },
	{ key: 'major', title: t('所学专业', 'Major'), type: 'text', required: true },
	{
		key: 'education',
		title: t('学历', 'Education'),
		type: 'enum',
		options: EDUCATION_LEVELS,
		required: true
	},
	{ key: 'degree', title: t('学位', 'Degree'), type: 'enum', options: DEGREES },
	{ key: 'graduatedOn', title: t('毕业时间', 'Graduated on'), type: 'date', required: true },
	{
		key: 'studyMode',
		title: t('学习形式', 'Mode of study'),
		type: 'enum',
		options: STUDY_MODES,
		required: true
	},
	{ key: 'eduCertNo', title: t('学历证书编号', 'Diploma number'), type: 'text' },
	{ key: 'degreeCertNo', title: t('学位证书编号', 'Degree certificate number'), type: 'text' }
];

/**
 * The rule of the 添加 dialog (manual ch. 2 §5, ch. 3 §5): a manual record needs 学历证书编号 or
 * 学位证书编号, and every number filled needs its uploaded certificate — else 保存 and 提交
 * refuse. `prefix` is the record's path ('records.0.'); empty for the dialog itself.
 */
export function validateEducationCertificates(
	record: EducationRecord,
	attachments: ReadonlySet<string>,
	prefix = ''
): Issue[] {
	if (record.source === 'registry') return [];
	const out: Issue[] = [];
	if (!filled(record.eduCertNo) && !filled(record.degreeCertNo)) {
		out.push({ module: 'education', field: `${prefix}eduCertNo`, code: 'edu_cert_no_required' });
		return out;
	}
	const pairs = [
		['eduCertNo', 'eduCertAttachmentId'],
		['degreeCertNo', 'degreeCertAttachmentId']
	] as const;
	for (const [no, file] of pairs) {
		const id = record[file];
		if (filled(record[no]) && !(filled(id) && attachments.has(id)))
			out.push({
				module: 'education',
				field: `${prefix}${file}`,
				code: 'edu_cert_upload_required'
			});
	}
	return out;
}

/** The rules of the 添加 dialog's 保存 for a record that has EDUCATION_RECORD_SHAPE. */
export function educationRecordRules(
	record: unknown,
	ctx: Pick<ModuleContext, 'attachments' | 'today'>
): Issue[] {
	const r = record as EducationRecord;
	const out: Issue[] = [];
	const full: ModuleContext = { kind: 'review', required: true, ...ctx };
	for (const def of EDUCATION_FIELDS)
		checkField('education', def, r[def.key as keyof EducationRecord], '', full, out);
	out.push(...validateEducationCertificates(r, ctx.attachments));
	return out;
}

function validateEducation(data: unknown, ctx: ModuleContext): Issue[] {
	const records = (data as Education).records ?? [];
	const out: Issue[] = [];
	records.forEach((r, i) => {
		const prefix = `records.${i}.`;
		for (const def of EDUCATION_FIELDS)
			checkField('education', def, r[def.key as keyof EducationRecord], prefix, ctx, out);
		let record = r;
		if (r.source === 'registry' && ctx.registryCertNos) {
			const known = [r.eduCertNo, r.degreeCertNo].some(
				(no) => filled(no) && ctx.registryCertNos!.has(no.trim())
			);
			if (!known) {
				out.push({ module: 'education', field: `${prefix}source`, code: 'edu_not_in_registry' });
				record = { ...r, source: 'manual' };
			}
		}
		out.push(...validateEducationCertificates(record, ctx.attachments, prefix));
	});
	return out;
}

// ---------------------------------------------------------------------------------------------
// Row modules (domain §5.2 C–I)

function rowModule(
	key: ModuleKey,
	title: Title,
	fields: readonly FieldDef[],
	extra?: (row: Record<string, unknown>, prefix: string, out: Issue[], ctx: ModuleContext) => void
): ModuleRules {
	const row: Record<string, Shape> = {};
	for (const f of fields) {
		row[f.key] =
			f.type === 'int' || f.type === 'number' ? real() : f.type === 'bool' ? flag() : str();
	}
	const shape = objectOf({ rows: listOf(objectOf(row), 200) });
	return {
		key,
		title,
		shape,
		rowFields: fields,
		isEmpty: (data) => !isRecord(data) || !Array.isArray(data.rows) || data.rows.length === 0,
		check(data, ctx) {
			const rows = ((data as { rows?: Record<string, unknown>[] | null }).rows ?? []) as Record<
				string,
				unknown
			>[];
			const out: Issue[] = [];
			rows.forEach((r, i) => {
				const prefix = `rows.${i}.`;
				for (const f of fields) checkField(key, f, r[f.key], prefix, ctx, out);
				const from = r.from;
				const to = r.to;
				if (filled(from) && filled(to) && compareDates(to, from) < 0)
					out.push({ module: key, field: `${prefix}to`, code: 'date_order' });
				extra?.(r, prefix, out, ctx);
			});
			if (ctx.limits?.minRows !== undefined && rows.length < ctx.limits.minRows)
				out.push({ module: key, code: 'rows_too_few', params: { min: ctx.limits.minRows } });
			if (ctx.limits?.maxRows !== undefined && rows.length > ctx.limits.maxRows)
				out.push({ module: key, code: 'rows_too_many', params: { max: ctx.limits.maxRows } });
			return out;
		}
	};
}

const F = {
	from: { key: 'from', title: t('开始年月', 'From'), type: 'month', required: true },
	to: { key: 'to', title: t('结束年月（空为至今）', 'To (empty: to date)'), type: 'month' },
	witness: { key: 'witness', title: t('证明人', 'Witness'), type: 'text' },
	attachment: { key: 'attachmentId', title: t('证明材料', 'Evidence'), type: 'attachment' }
} satisfies Record<string, FieldDef>;

const workHistory = rowModule('work_history', t('工作经历', 'Work history'), [
	F.from,
	F.to,
	{ key: 'unit', title: t('工作单位', 'Employer'), type: 'text', required: true },
	{ key: 'department', title: t('所在部门', 'Department'), type: 'text' },
	{ key: 'position', title: t('岗位或职务', 'Post'), type: 'text', required: true },
	{
		key: 'work',
		title: t('从事的专业技术工作', 'Professional work'),
		type: 'text',
		required: true
	},
	F.witness
]);

const achievements = rowModule('achievements', t('专业技术工作业绩', 'Professional achievements'), [
	{ key: 'project', title: t('项目名称', 'Project'), type: 'text', required: true },
	F.from,
	F.to,
	{ key: 'role', title: t('本人角色', 'Role'), type: 'text', required: true },
	{ key: 'description', title: t('项目说明', 'Description'), type: 'longtext', required: true },
	{
		key: 'contribution',
		title: t('本人贡献', 'Own contribution'),
		type: 'longtext',
		required: true
	},
	F.witness,
	F.attachment
]);

const publications = rowModule(
	'publications',
	t('论文著作', 'Papers and books'),
	[
		{ key: 'title', title: t('题目', 'Title'), type: 'text', required: true },
		{
			key: 'publisher',
			title: t('刊物或出版社', 'Journal or publisher'),
			type: 'text',
			required: true
		},
		{ key: 'serial', title: t('ISSN/CN 或 ISBN', 'ISSN/CN or ISBN'), type: 'text' },
		{ key: 'publishedOn', title: t('发表时间', 'Published'), type: 'month', required: true },
		{
			key: 'rank',
			title: t('本人排名', 'Author rank'),
			type: 'int',
			min: 1,
			max: 999,
			required: true
		},
		{ key: 'authors', title: t('作者人数', 'Number of authors'), type: 'int', min: 1, max: 999 },
		{ key: 'core', title: t('核心期刊', 'Core journal'), type: 'bool' },
		{ key: 'representative', title: t('代表作', 'Representative work'), type: 'bool' },
		F.attachment
	],
	(r, prefix, out) => {
		if (typeof r.rank === 'number' && typeof r.authors === 'number' && r.rank > r.authors)
			out.push({ module: 'publications', field: `${prefix}rank`, code: 'rank_exceeds_authors' });
	}
);

const awards = rowModule('awards', t('获奖情况', 'Awards'), [
	{ key: 'name', title: t('奖项名称', 'Award'), type: 'text', required: true },
	{
		key: 'grade',
		title: t('奖项等级', 'Grade'),
		type: 'enum',
		options: AWARD_GRADES,
		required: true
	},
	{ key: 'place', title: t('获奖等次', 'Place'), type: 'text' },
	{ key: 'issuer', title: t('授奖单位', 'Awarded by'), type: 'text', required: true },
	{ key: 'awardedOn', title: t('获奖时间', 'Awarded'), type: 'month', required: true },
	{ key: 'rank', title: t('本人排名', 'Own rank'), type: 'int', min: 1, max: 999 },
	F.attachment
]);

const continuingEducation = rowModule(
	'continuing_education',
	t('继续教育', 'Continuing education'),
	[
		F.from,
		{ ...F.to, required: true },
		{ key: 'organizer', title: t('组织单位', 'Organiser'), type: 'text', required: true },
		{ key: 'content', title: t('学习内容', 'Content'), type: 'text', required: true },
		{ key: 'mode', title: t('学习形式', 'Mode'), type: 'text' },
		{ key: 'hours', title: t('学时', 'Hours'), type: 'number', min: 0, max: 2000, required: true },
		{ key: 'result', title: t('考核结果', 'Result'), type: 'text' },
		F.attachment
	]
);

const annualReview = rowModule(
	'annual_review',
	t('年度考核', 'Annual appraisal'),
	[
		{ key: 'year', title: t('年度', 'Year'), type: 'int', min: 1950, max: 2100, required: true },
		{
			key: 'result',
			title: t('考核结果', 'Result'),
			type: 'enum',
			options: REVIEW_RESULTS,
			required: true
		},
		F.attachment
	],
	(r, prefix, out, ctx) => {
		if (typeof r.year === 'number' && r.year > Number(ctx.today.slice(0, 4)))
			out.push({ module: 'annual_review', field: `${prefix}year`, code: 'date_future' });
	}
);

// ---------------------------------------------------------------------------------------------
// 工作总结, 单位公示及结果报告证明, 其他材料

export const WORK_SUMMARY_SHAPE = objectOf({ text: text(100_000) });

/** Limits when the module set gives none (domain §5.2 J suggests 800–5000 for 评审). */
export const DEFAULT_WORK_SUMMARY_LIMITS = { minChars: 200, maxChars: 5000 };

function validateWorkSummary(data: unknown, ctx: ModuleContext): Issue[] {
	const text = (data as { text?: string | null }).text ?? '';
	const count = countChars(text);
	const min = ctx.limits?.minChars ?? DEFAULT_WORK_SUMMARY_LIMITS.minChars;
	const max = ctx.limits?.maxChars ?? DEFAULT_WORK_SUMMARY_LIMITS.maxChars;
	if (count === 0)
		return ctx.required ? [{ module: 'work_summary', field: 'text', code: 'required' }] : [];
	if (count < min)
		return [
			{
				module: 'work_summary',
				field: 'text',
				code: 'work_summary_too_short',
				params: { min, count }
			}
		];
	if (count > max)
		return [
			{
				module: 'work_summary',
				field: 'text',
				code: 'work_summary_too_long',
				params: { max, count }
			}
		];
	return [];
}

export const UNIT_PROOF_SHAPE = objectOf({
	slots: objectOf({
		/** 单位同意申报证明 */
		unit_consent: str(),
		/** 个人承诺书 */
		personal_pledge: str()
	})
});
export const UNIT_PROOF_SLOT_TITLES: Record<UnitProofSlot, Title> = {
	unit_consent: t('单位同意申报证明', 'Employer’s consent'),
	personal_pledge: t('个人承诺书', 'Personal pledge')
};

function slotValue(slots: Record<string, unknown>, slot: UnitProofSlot): string | null {
	const v = slots[slot];
	return typeof v === 'string' ? v : null;
}

function validateUnitProof(data: unknown, ctx: ModuleContext): Issue[] {
	const slots = (data as ShapeValue<typeof UNIT_PROOF_SHAPE>).slots ?? {};
	const out: Issue[] = [];
	for (const slot of UNIT_PROOF_SLOTS) {
		const id = slotValue(slots, slot);
		if (filled(id)) {
			if (!ctx.attachments.has(id))
				out.push({ module: 'unit_proof', field: `slots.${slot}`, code: 'attachment_missing' });
		} else if (ctx.required) {
			out.push({ module: 'unit_proof', field: `slots.${slot}`, code: `${slot}_required` });
		}
	}
	return out;
}

export const OTHER_MATERIALS_SHAPE = objectOf({
	items: listOf(objectOf({ name: str(), attachmentId: str() }), 50)
});

function validateOtherMaterials(data: unknown, ctx: ModuleContext): Issue[] {
	const items = (data as ShapeValue<typeof OTHER_MATERIALS_SHAPE>).items ?? [];
	const out: Issue[] = [];
	items.forEach((item, i) => {
		if (!filled(item.name))
			out.push({ module: 'other_materials', field: `items.${i}.name`, code: 'required' });
		if (!filled(item.attachmentId) || !ctx.attachments.has(item.attachmentId))
			out.push({
				module: 'other_materials',
				field: `items.${i}.attachmentId`,
				code: 'other_material_upload_required'
			});
	});
	return out;
}

// ---------------------------------------------------------------------------------------------
// The certificate services (manual ch. 4 历史职称数据登记, ch. 5 职称证书在线补办)

export const HISTORICAL_CERTIFICATE_SHAPE = objectOf({
	photoAttachmentId: str(),
	seriesCode: str(),
	levelCode: oneOf(LEVEL_CODES),
	titleName: str(),
	specialty: str(),
	approvedOn: str(),
	approvalNo: str(),
	committeeName: str(),
	issuingAuthority: str(),
	oldCertificateNo: str(),
	managementNo: str(),
	regionCode: str()
});

/** 「所有信息请严格按照历史证书填写」: every field as printed; 管理号 only where the paper has one. */
export const HISTORICAL_FIELDS: readonly FieldDef[] = [
	{ key: 'photoAttachmentId', title: t('证件照', 'Photo'), type: 'attachment', accept: 'image' },
	{ key: 'seriesCode', title: t('职称系列', 'Title series'), type: 'text', required: true },
	{
		key: 'levelCode',
		title: t('职称级别', 'Level'),
		type: 'enum',
		options: LEVEL_CODES,
		required: true
	},
	{ key: 'titleName', title: t('资格名称', 'Title'), type: 'text', required: true },
	{ key: 'specialty', title: t('专业', 'Specialty'), type: 'text', required: true },
	{ key: 'approvedOn', title: t('取得资格时间', 'Approved on'), type: 'date', required: true },
	{ key: 'approvalNo', title: t('批准文号', 'Approval number'), type: 'text', required: true },
	{
		key: 'committeeName',
		title: t('评委会名称', 'Review committee'),
		type: 'text',
		required: true
	},
	{
		key: 'issuingAuthority',
		title: t('发证机关', 'Issuing authority'),
		type: 'text',
		required: true
	},
	{
		key: 'oldCertificateNo',
		title: t('原证书编号', 'Old certificate number'),
		type: 'text',
		required: true
	},
	{ key: 'managementNo', title: t('管理号', 'Management number'), type: 'text' },
	{
		key: 'regionCode',
		title: t('所属行政区划', 'Administrative region'),
		type: 'text',
		required: true
	}
];

export const REISSUE_REQUEST_SHAPE = objectOf({
	photoAttachmentId: str(),
	certificateId: str(),
	certificateNo: str(),
	declarationType: oneOf(CERTIFICATE_SOURCES),
	businessType: oneOf(REISSUE_TYPES),
	regionCode: str(),
	declarationPointId: str()
});

/** Manual ch. 5 ①–⑤, and the certificate it is for (chosen by 证书补办(换发) in the list). */
export const REISSUE_FIELDS: readonly FieldDef[] = [
	{
		key: 'photoAttachmentId',
		title: t('证件照', 'Photo'),
		type: 'attachment',
		accept: 'image',
		required: true
	},
	{ key: 'certificateId', title: t('职称证书', 'Certificate'), type: 'text', required: true },
	{ key: 'certificateNo', title: t('证书编号', 'Certificate number'), type: 'text' },
	{
		key: 'declarationType',
		title: t('申报类型', 'Type of declaration'),
		type: 'enum',
		options: CERTIFICATE_SOURCES,
		required: true
	},
	{
		key: 'businessType',
		title: t('业务类别', 'Kind of request'),
		type: 'enum',
		options: REISSUE_TYPES,
		required: true
	},
	{
		key: 'regionCode',
		title: t('所属行政区划', 'Administrative region'),
		type: 'text',
		required: true
	},
	{
		key: 'declarationPointId',
		title: t('所属申报点', 'Declaration point'),
		type: 'text',
		required: true
	}
];

/** A form of fields: each field's rules, then 所属行政区划 a leaf of the cascade. */
function fieldsModule(
	key: ModuleKey,
	fields: readonly FieldDef[],
	extra?: (d: Record<string, unknown>, ctx: ModuleContext, out: Issue[]) => void
) {
	return (data: unknown, ctx: ModuleContext): Issue[] => {
		const d = data as Record<string, unknown>;
		const out: Issue[] = [];
		for (const def of fields) checkField(key, def, d[def.key], '', ctx, out);
		if (filled(d.regionCode) && ctx.leafRegions && !ctx.leafRegions.has(d.regionCode))
			out.push({ module: key, field: 'regionCode', code: 'region_not_leaf' });
		extra?.(d, ctx, out);
		return out;
	};
}

const validateReissueRequest = fieldsModule('reissue_request', REISSUE_FIELDS, (d, ctx, out) => {
	const point = d.declarationPointId;
	if (!filled(point) || !filled(d.regionCode) || !ctx.declarationPoints) return;
	const row = ctx.declarationPoints.find((p) => p.id === point);
	if (!row || !servesRegion(row.regionCode, d.regionCode))
		out.push({
			module: 'reissue_request',
			field: 'declarationPointId',
			code: 'declaration_point_mismatch'
		});
});

const slotsShape = (slots: readonly string[]) =>
	objectOf({ slots: objectOf(Object.fromEntries(slots.map((s) => [s, str()]))) });

export const CERTIFICATE_SLOT_TITLES: Record<string, Title> = {
	declaration_form: t('申报表', 'Declaration form'),
	old_certificate: t('老证书', 'Old certificate'),
	approval_document: t('批文', 'Approval document'),
	original_documents: t('原申报表/老证书/批文', 'Original form, certificate or approval'),
	void_notice: t('证书作废登报声明', 'Newspaper notice voiding the certificate'),
	reissue_form: t('证书补办（换发）申请表', 'Reissue (replacement) application form')
};

/**
 * 材料上传 of the certificate services: PDF only; 历史职称数据登记 at least 2 of its 3,
 * 补办 all 3 (manual ch. 4 §3, ch. 5 §3).
 */
function materialsModule(key: ModuleKey, slots: readonly string[], min: number) {
	return (data: unknown, ctx: ModuleContext): Issue[] => {
		const given = ((data as { slots?: Record<string, unknown> | null }).slots ?? {}) as Record<
			string,
			unknown
		>;
		const out: Issue[] = [];
		let count = 0;
		for (const slot of slots) {
			const id = given[slot];
			if (!filled(id)) continue;
			if (!ctx.attachments.has(id))
				out.push({ module: key, field: `slots.${slot}`, code: 'attachment_missing' });
			else if (ctx.pdfAttachments && !ctx.pdfAttachments.has(id))
				out.push({ module: key, field: `slots.${slot}`, code: 'material_not_pdf' });
			else count++;
		}
		if (count >= min) return out;
		if (min >= slots.length) {
			for (const slot of slots)
				if (!filled(given[slot]))
					out.push({ module: key, field: `slots.${slot}`, code: 'reissue_materials_required' });
		} else {
			out.push({ module: key, code: 'historical_materials_too_few', params: { min } });
		}
		return out;
	};
}

function slotsEmpty(data: unknown): boolean {
	return (
		!isRecord(data) || !isRecord(data.slots) || Object.values(data.slots).every((v) => !filled(v))
	);
}

// ---------------------------------------------------------------------------------------------
// The catalog

function emptyObject(data: unknown, keys: readonly string[]): boolean {
	if (!isRecord(data)) return true;
	return keys.every((k) => {
		const v = data[k];
		return v === undefined || v === null || (typeof v === 'string' && !v.trim());
	});
}

export const MODULE_RULES: Record<ModuleKey, ModuleRules> = {
	basic_info: {
		key: 'basic_info',
		title: t('个人基本信息', 'Personal information'),
		shape: BASIC_INFO_SHAPE,
		isEmpty: (d) =>
			emptyObject(
				d,
				BASIC_FIELDS.map((f) => f.key)
			),
		check: validateBasicInfo
	},
	declaration_info: {
		key: 'declaration_info',
		title: t('申报基本信息', 'Declaration'),
		shape: DECLARATION_INFO_SHAPE,
		isEmpty: (d) =>
			emptyObject(d, ['level', 'seriesId', 'specialty', 'committeeId', 'acceptingDepartmentId']),
		check: validateDeclarationInfo
	},
	education: {
		key: 'education',
		title: t('学历学位信息', 'Education and degrees'),
		shape: EDUCATION_SHAPE,
		rowFields: EDUCATION_FIELDS,
		isEmpty: (d) => !isRecord(d) || !Array.isArray(d.records) || d.records.length === 0,
		check: validateEducation
	},
	work_history: workHistory,
	achievements,
	publications,
	awards,
	continuing_education: continuingEducation,
	annual_review: annualReview,
	work_summary: {
		key: 'work_summary',
		title: t('工作总结', 'Work summary'),
		shape: WORK_SUMMARY_SHAPE,
		isEmpty: (d) => !isRecord(d) || !filled(d.text),
		check: validateWorkSummary
	},
	unit_proof: {
		key: 'unit_proof',
		title: t('单位公示及结果报告证明', 'Employer’s notice and consent'),
		shape: UNIT_PROOF_SHAPE,
		isEmpty: (d) =>
			!isRecord(d) ||
			!isRecord(d.slots) ||
			UNIT_PROOF_SLOTS.every(
				(slot) => !filled(slotValue(d.slots as Record<string, unknown>, slot))
			),
		check: validateUnitProof
	},
	other_materials: {
		key: 'other_materials',
		title: t('其他材料', 'Other materials'),
		shape: OTHER_MATERIALS_SHAPE,
		isEmpty: (d) => !isRecord(d) || !Array.isArray(d.items) || d.items.length === 0,
		check: validateOtherMaterials
	},
	historical_certificate: {
		key: 'historical_certificate',
		title: t('证书信息', 'Certificate details'),
		shape: HISTORICAL_CERTIFICATE_SHAPE,
		isEmpty: (d) =>
			emptyObject(
				d,
				HISTORICAL_FIELDS.map((f) => f.key)
			),
		check: fieldsModule('historical_certificate', HISTORICAL_FIELDS)
	},
	historical_materials: {
		key: 'historical_materials',
		title: t('材料上传', 'Materials'),
		shape: slotsShape(HISTORICAL_SLOTS),
		isEmpty: slotsEmpty,
		check: materialsModule('historical_materials', HISTORICAL_SLOTS, HISTORICAL_MIN_SLOTS)
	},
	reissue_request: {
		key: 'reissue_request',
		title: t('申报信息', 'Request'),
		shape: REISSUE_REQUEST_SHAPE,
		isEmpty: (d) =>
			emptyObject(
				d,
				REISSUE_FIELDS.map((f) => f.key)
			),
		check: validateReissueRequest
	},
	reissue_materials: {
		key: 'reissue_materials',
		title: t('材料上传', 'Materials'),
		shape: slotsShape(REISSUE_SLOTS),
		isEmpty: slotsEmpty,
		check: materialsModule('reissue_materials', REISSUE_SLOTS, REISSUE_SLOTS.length)
	}
};

/** The label of a field path such as 'records.0.eduCertNo' (for messages), if known. */
export function fieldTitle(module: ModuleKey, field: string): Title | null {
	const key = field.split('.').at(-1) ?? field;
	const defs: readonly FieldDef[] =
		module === 'basic_info'
			? BASIC_FIELDS
			: module === 'historical_certificate'
				? HISTORICAL_FIELDS
				: module === 'reissue_request'
					? REISSUE_FIELDS
					: (MODULE_RULES[module].rowFields ?? []);
	const def = defs.find((f) => f.key === key);
	if (def) return def.title;
	if (module === 'education' && key === 'eduCertAttachmentId') return t('学历证书', 'Diploma');
	if (module === 'education' && key === 'degreeCertAttachmentId')
		return t('学位证书', 'Degree certificate');
	if (module === 'unit_proof' && key in UNIT_PROOF_SLOT_TITLES)
		return UNIT_PROOF_SLOT_TITLES[key as UnitProofSlot];
	if (
		(module === 'historical_materials' || module === 'reissue_materials') &&
		key in CERTIFICATE_SLOT_TITLES
	)
		return CERTIFICATE_SLOT_TITLES[key]!;
	if (module === 'work_summary' && key === 'text') return null;
	const decl: Record<string, Title> = {
		level: t('申报级别', 'Level'),
		seriesId: t('申报系列', 'Series'),
		specialty: t('申报专业', 'Specialty'),
		committeeId: t('申报评委会', 'Review committee'),
		acceptingDepartmentId: t('报送受理部门', 'Accepting department'),
		year: t('申报年度', 'Year')
	};
	if (module === 'declaration_info') return decl[key] ?? null;
	if (module === 'other_materials' && key === 'name') return t('材料名称', 'Name');
	return null;
}

/**
 * A module's problems at 提交, without zod: where its data does not fit its shape (as the zod
 * schema of catalog.ts reports them), else what its rules find.
 */
export function moduleProblems(key: ModuleKey, data: unknown, ctx: ModuleContext): Issue[] {
	const rules = MODULE_RULES[key];
	const misfit = shapeIssues(key, rules.shape, data);
	return misfit.length > 0 ? misfit : rules.check(data, ctx);
}
