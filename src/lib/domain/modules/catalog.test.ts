import { describe, expect, it } from 'vitest';
import {
	MODULES,
	MODULE_KEYS,
	countChars,
	validateEducationRecordForSave,
	type ModuleContext
} from './catalog';
import { issueText } from './messages';

const ctx = (over: Partial<ModuleContext> = {}): ModuleContext => ({
	kind: 'review',
	required: true,
	attachments: new Set(['file-edu', 'file-deg', 'file-a', 'file-b']),
	today: '2025-05-20',
	...over
});

const manual = {
	source: 'manual',
	school: '南京大学',
	major: '电子信息工程',
	education: '本科',
	degree: '学士',
	graduatedOn: '2015-06-30',
	studyMode: '全日制'
};

describe('module catalog', () => {
	it('has the twelve declaration modules of the manual and the four of the certificate services, each with Chinese and English titles', () => {
		expect(MODULE_KEYS).toHaveLength(16);
		expect(MODULE_KEYS.slice(12)).toEqual([
			'historical_certificate',
			'historical_materials',
			'reissue_request',
			'reissue_materials'
		]);
		expect(MODULES.education.title['zh-CN']).toBe('学历学位信息');
		expect(MODULES.unit_proof.title['zh-CN']).toBe('单位公示及结果报告证明');
		for (const key of MODULE_KEYS) expect(MODULES[key].title.en.length).toBeGreaterThan(0);
	});

	it('accepts any incomplete draft (暂存 never refuses) but not wrong types', () => {
		for (const key of MODULE_KEYS) {
			expect(MODULES[key].draft['~standard'].validate({}), key).not.toHaveProperty('issues');
		}
		const bad = MODULES.education.validateForSubmit({ records: 'x' }, ctx());
		expect(bad).toEqual([{ module: 'education', field: 'records', code: 'invalid_field' }]);
	});

	it('education: a manual record needs a certificate number — the manual’s exact words', () => {
		const issues = validateEducationRecordForSave(manual, ctx());
		expect(issues).toEqual([
			{ module: 'education', field: 'eduCertNo', code: 'edu_cert_no_required' }
		]);
		expect(issueText({ ...issues[0]!, field: 'records.0.eduCertNo' }, 'zh-CN')).toBe(
			'学历学位信息 · 第 1 条 学历证书编号：学历证书编号、学位证书编号二者至少填写一项'
		);
	});

	it('education: every number filled needs its uploaded certificate', () => {
		const onlyNo = { ...manual, eduCertNo: '102841201505001234', degreeCertNo: '1028442015001234' };
		expect(validateEducationRecordForSave(onlyNo, ctx()).map((i) => [i.field, i.code])).toEqual([
			['eduCertAttachmentId', 'edu_cert_upload_required'],
			['degreeCertAttachmentId', 'edu_cert_upload_required']
		]);
		// Uploaded on the device but not attached to the case: still refused.
		const notAttached = {
			...onlyNo,
			eduCertAttachmentId: 'file-x',
			degreeCertAttachmentId: 'file-deg'
		};
		expect(validateEducationRecordForSave(notAttached, ctx()).map((i) => i.field)).toEqual([
			'eduCertAttachmentId'
		]);
		const ok = { ...notAttached, eduCertAttachmentId: 'file-edu' };
		expect(validateEducationRecordForSave(ok, ctx())).toEqual([]);
		expect(issueText({ module: 'education', code: 'edu_cert_upload_required' }, 'zh-CN')).toBe(
			'学历学位信息：填写证书编号后必须上传对应的材料'
		);
	});

	it('education: registry records need no upload, unless the server cannot find them', () => {
		const fromRegistry = {
			...manual,
			source: 'registry',
			eduCertNo: '102861201205003071',
			degreeCertNo: '1028642012003071'
		};
		const data = { records: [fromRegistry] };
		expect(MODULES.education.validateForSubmit(data, ctx())).toEqual([]);
		const known = new Set(['102861201205003071']);
		expect(MODULES.education.validateForSubmit(data, ctx({ registryCertNos: known }))).toEqual([]);
		const forged = MODULES.education.validateForSubmit(
			data,
			ctx({ registryCertNos: new Set(['000']) })
		);
		expect(forged.map((i) => i.code)).toEqual([
			'edu_not_in_registry',
			'edu_cert_upload_required',
			'edu_cert_upload_required'
		]);
	});

	it('basic_info: required fields, credit code check digit, mobile, leaf region', () => {
		const issues = MODULES.basic_info.validateForSubmit(
			{
				regionCode: '320100',
				unitNature: '31',
				departmentId: 'dept-nj-gxj',
				workUnitName: '南京智造科技有限公司',
				creditCode: '91320106MA1W8K3Q88',
				phone: '1380000',
				email: 'a@b'
			},
			ctx({ leafRegions: new Set(['320106', '320100-BJ']) })
		);
		expect(issues.map((i) => [i.field, i.code])).toEqual([
			['regionCode', 'region_not_leaf'],
			['creditCode', 'credit_code_invalid'],
			['phone', 'mobile_format'],
			['email', 'email_format']
		]);
		const freelancer = MODULES.basic_info.validateForSubmit(
			{
				regionCode: '320106',
				unitNature: '80',
				departmentId: 'dept-none',
				workUnitName: '自由职业',
				phone: '13800000001'
			},
			ctx()
		);
		expect(freelancer).toEqual([]);
		const missing = MODULES.basic_info.validateForSubmit({ unitNature: '31' }, ctx());
		expect(missing.map((i) => i.field)).toEqual([
			'regionCode',
			'departmentId',
			'workUnitName',
			'phone',
			'creditCode'
		]);
	});

	it('basic_info: a typed 工作单位 fragment is refused until chosen from the search or given in full with its code', () => {
		const base = {
			regionCode: '320583',
			unitNature: '31',
			departmentId: 'dept-sz-ks-gxj',
			phone: '13800000001'
		};
		const check = (unit: Record<string, unknown>) =>
			MODULES.basic_info
				.validateForSubmit({ ...base, ...unit }, ctx())
				.map((i) => [i.field, i.code]);
		// 暂存 keeps the words (draft parse accepts them); 提交 names the reason.
		expect(MODULES.basic_info.draft.safeParse({ ...base, workUnitName: '昆山' }).success).toBe(
			true
		);
		expect(check({ workUnitName: '昆山' })).toEqual([['workUnitName', 'unit_not_chosen']]);
		expect(check({ workUnitName: '昆山', creditCode: '91320583MA1MB7HD2D' })).toEqual([
			['creditCode', 'credit_code_invalid']
		]);
		// In full with a valid code, or chosen from the register (its id), it is accepted.
		expect(
			check({ workUnitName: '昆山精工机械有限公司', creditCode: '91320583MA1MB7HD2C' })
		).toEqual([]);
		expect(
			check({
				workUnitId: 'wu-sz-001',
				workUnitName: '昆山精工机械有限公司',
				creditCode: '91320583MA1MB7HD2C'
			})
		).toEqual([]);
	});

	it('declaration_info: committee for 评审, accepting department for 初定, 初定 up to 中级', () => {
		const info = { level: 'B', seriesId: 'engineering', specialty: '电子信息', year: 2025 };
		expect(MODULES.declaration_info.validateForSubmit(info, ctx())).toEqual([
			{ module: 'declaration_info', field: 'committeeId', code: 'required' }
		]);
		expect(
			MODULES.declaration_info.validateForSubmit(
				{ ...info, acceptingDepartmentId: 'ad-nj' },
				ctx({ kind: 'initial' })
			)
		).toEqual([{ module: 'declaration_info', field: 'level', code: 'initial_level_too_high' }]);
	});

	it('row modules: required cells, date order, ranks and row limits', () => {
		const rows = [
			{ from: '2019-05', to: '2018-01', unit: '甲公司', position: '工程师', work: '设计' },
			{ from: '2030-01', unit: '', position: '工程师', work: '设计' }
		];
		expect(
			MODULES.work_history.validateForSubmit({ rows }, ctx()).map((i) => [i.field, i.code])
		).toEqual([
			['rows.0.to', 'date_order'],
			['rows.1.from', 'date_future'],
			['rows.1.unit', 'required']
		]);
		const pub = {
			title: '论文',
			publisher: '电子学报',
			publishedOn: '2020-01',
			rank: 3,
			authors: 2
		};
		expect(MODULES.publications.validateForSubmit({ rows: [pub] }, ctx())).toEqual([
			{ module: 'publications', field: 'rows.0.rank', code: 'rank_exceeds_authors' }
		]);
		const review = { rows: [{ year: 2024, result: '优秀' }] };
		expect(
			MODULES.annual_review.validateForSubmit(review, ctx({ limits: { minRows: 3 } }))
		).toEqual([{ module: 'annual_review', code: 'rows_too_few', params: { min: 3 } }]);
		expect(
			MODULES.annual_review.validateForSubmit({ rows: [{ year: 2024, result: '良好' }] }, ctx())
		).toEqual([{ module: 'annual_review', field: 'rows.0.result', code: 'invalid_field' }]);
	});

	it('work_summary: counts characters without whitespace against the pack’s limits', () => {
		expect(countChars('工作 总结\n\tab')).toBe(6);
		expect(countChars('𠮷野家')).toBe(3);
		const limits = { minChars: 800, maxChars: 5000 };
		const short = MODULES.work_summary.validateForSubmit(
			{ text: '字'.repeat(799) },
			ctx({ limits })
		);
		expect(short).toEqual([
			{
				module: 'work_summary',
				field: 'text',
				code: 'work_summary_too_short',
				params: { min: 800, count: 799 }
			}
		]);
		expect(issueText(short[0]!, 'zh-CN')).toBe('工作总结：工作总结不少于 800 字，当前 799 字');
		expect(issueText(short[0]!, 'en')).toBe(
			'Work summary: The work summary needs at least 800 characters; it has 799'
		);
		expect(
			MODULES.work_summary.validateForSubmit({ text: '字'.repeat(800) }, ctx({ limits }))
		).toEqual([]);
		expect(
			MODULES.work_summary.validateForSubmit({ text: '字'.repeat(5001) }, ctx({ limits }))[0]?.code
		).toBe('work_summary_too_long');
	});

	it('unit_proof and other_materials: files must be attached to the case', () => {
		expect(
			MODULES.unit_proof.validateForSubmit({ slots: { unit_consent: 'file-a' } }, ctx())
		).toEqual([
			{ module: 'unit_proof', field: 'slots.personal_pledge', code: 'personal_pledge_required' }
		]);
		expect(
			MODULES.unit_proof.validateForSubmit(
				{ slots: { unit_consent: 'file-a', personal_pledge: 'file-zzz' } },
				ctx()
			)
		).toEqual([
			{ module: 'unit_proof', field: 'slots.personal_pledge', code: 'attachment_missing' }
		]);
		expect(
			MODULES.other_materials
				.validateForSubmit(
					{
						items: [{ name: '学信网学历证书电子注册备案表' }, { name: '', attachmentId: 'file-b' }]
					},
					ctx()
				)
				.map((i) => [i.field, i.code])
		).toEqual([
			['items.0.attachmentId', 'other_material_upload_required'],
			['items.1.name', 'required']
		]);
	});
});
