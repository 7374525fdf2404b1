import { describe, expect, it } from 'vitest';
import { validHistoricalModules, validReissueModules } from './certificate-fixtures';
import { issuesReason } from './messages';
import { fixedModuleSet, moduleSetSchema, validateCase, type CaseContext } from './module-set';

const today = new Date('2026-05-20T02:00:00Z');
const points = [
	{ id: 'dp-nj', regionCode: '320100-BJ' },
	{ id: 'dp-ha', regionCode: '320800-BJ' }
];
const leafRegions = new Set(['320100-BJ', '320102', '320800-BJ', '320803']);
const historicalFiles = { declarationForm: 'f-form', oldCertificate: 'f-old' };
const reissueFiles = {
	photo: 'f-photo',
	originalDocuments: 'f-orig',
	voidNotice: 'f-void',
	reissueForm: 'f-req'
};
const all = new Set(['f-form', 'f-old', 'f-approval', 'f-photo', 'f-orig', 'f-void', 'f-req']);
const ctx: CaseContext = { attachments: all, today, leafRegions, declarationPoints: points };

const historical = fixedModuleSet('historical')!;
const reissue = fixedModuleSet('reissue')!;
const codes = (issues: { module: string; field?: string; code: string }[]) =>
	issues.map((i) => [i.module, i.field ?? null, i.code]);

describe('the certificate services have fixed forms', () => {
	it('lists the manual’s modules, all required; 初定 and 评审 have none fixed', () => {
		expect(historical.modules).toEqual([
			{ key: 'historical_certificate', required: true },
			{ key: 'historical_materials', required: true }
		]);
		expect(reissue.modules.map((e) => e.key)).toEqual(['reissue_request', 'reissue_materials']);
		expect(fixedModuleSet('review')).toBeNull();
		expect(fixedModuleSet('initial')).toBeNull();
		// A cached module set of these kinds is not something a device accepts from the server.
		expect(
			moduleSetSchema.safeParse({
				...historical,
				id: 'x',
				ownerType: 'committee',
				ownerId: 'y',
				year: 1,
				version: 1
			}).success
		).toBe(false);
	});

	it('a complete 历史职称数据登记 with 2 of the 3 PDFs has no issues', () => {
		expect(validateCase(historical, validHistoricalModules(historicalFiles), ctx)).toEqual([]);
	});

	it('历史职称数据登记 with one PDF is refused with the manual’s reason, in both languages', () => {
		const data = validHistoricalModules(historicalFiles);
		data.historical_materials.slots = { declaration_form: 'f-form' } as never;
		const issues = validateCase(historical, data, ctx);
		expect(codes(issues)).toEqual([['historical_materials', null, 'historical_materials_too_few']]);
		expect(issuesReason('不能提交', issues, 'zh-CN')).toBe(
			'不能提交：材料上传：申报表、老证书、批文至少上传2项材料，文件格式为PDF格式'
		);
		expect(issuesReason('Cannot submit', issues, 'en')).toContain(
			'Upload at least 2 of the declaration form, old certificate and approval document'
		);
	});

	it('a file that is not a PDF does not count as 材料 (server: the bytes’ real type)', () => {
		const issues = validateCase(historical, validHistoricalModules(historicalFiles), {
			...ctx,
			pdfAttachments: new Set(['f-form'])
		});
		expect(codes(issues)).toEqual([
			['historical_materials', 'slots.old_certificate', 'material_not_pdf'],
			['historical_materials', null, 'historical_materials_too_few']
		]);
	});

	it('every field of the old certificate is required, 管理号 and the photo are not', () => {
		const data = validHistoricalModules(historicalFiles);
		const cert = data.historical_certificate as Record<string, unknown>;
		delete cert.approvalNo;
		cert.approvedOn = '2099-01-01';
		cert.regionCode = '320100';
		expect(codes(validateCase(historical, data, ctx))).toEqual([
			['historical_certificate', 'approvedOn', 'date_future'],
			['historical_certificate', 'approvalNo', 'required'],
			['historical_certificate', 'regionCode', 'region_not_leaf']
		]);
	});

	it('a complete 补办 request with all 3 PDFs has no issues', () => {
		expect(validateCase(reissue, validReissueModules('cert-1', reissueFiles), ctx)).toEqual([]);
	});

	it('补办 with two PDFs names the missing one', () => {
		const data = validReissueModules('cert-1', reissueFiles);
		delete (data.reissue_materials.slots as Record<string, string>).void_notice;
		const issues = validateCase(reissue, data, ctx);
		expect(codes(issues)).toEqual([
			['reissue_materials', 'slots.void_notice', 'reissue_materials_required']
		]);
		expect(issuesReason('不能提交', issues, 'zh-CN')).toContain('材料上传 · 证书作废登报声明：');
	});

	it('所属申报点 must serve 所属行政区划; the photo is required', () => {
		const data = validReissueModules('cert-1', reissueFiles);
		data.reissue_request.declarationPointId = 'dp-ha';
		delete (data.reissue_request as Record<string, unknown>).photoAttachmentId;
		expect(codes(validateCase(reissue, data, ctx))).toEqual([
			['reissue_request', 'photoAttachmentId', 'required'],
			['reissue_request', 'declarationPointId', 'declaration_point_mismatch']
		]);
		data.reissue_request.regionCode = '320803';
		expect(codes(validateCase(reissue, data, ctx))).toEqual([
			['reissue_request', 'photoAttachmentId', 'required']
		]);
	});

	it('申报类型 and 业务类别 take only the manual’s choices', () => {
		const data = validReissueModules('cert-1', reissueFiles);
		(data.reissue_request as Record<string, unknown>).businessType = 'renew';
		expect(codes(validateCase(reissue, data, ctx))).toEqual([
			['reissue_request', 'businessType', 'invalid_field']
		]);
	});
});
