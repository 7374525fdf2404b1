import { describe, expect, it } from 'vitest';
import type { InitialRule } from './eligibility';
import { validReviewModules } from './fixtures';
import { issuesReason } from './messages';
import {
	chinaDate,
	isPeriodOpen,
	moduleSetSchema,
	ownerOf,
	validateCase,
	type ModuleSet
} from './module-set';

const STRICT: ModuleSet = {
	id: 'ms-review-cmt-nj-eng-c-2025-v2',
	kind: 'review',
	ownerType: 'committee',
	ownerId: 'cmt-nj-eng-c',
	year: 2025,
	version: 2,
	modules: [
		{ key: 'basic_info', required: true },
		{ key: 'declaration_info', required: true },
		{ key: 'education', required: true },
		{ key: 'work_history', required: true },
		{ key: 'achievements', required: true, limits: { minRows: 1 } },
		{ key: 'publications', required: false },
		{ key: 'work_summary', required: true, limits: { minChars: 800, maxChars: 5000 } },
		{ key: 'unit_proof', required: true },
		{ key: 'other_materials', required: false }
	]
};

const files = { unitConsent: 'f-consent', personalPledge: 'f-pledge' };
const today = new Date('2025-05-20T02:00:00Z');
const period = { startsAt: '2025-01-01T00:00:00+08:00', endsAt: '2025-12-31T00:00:00+08:00' };
const attachments = new Set(['f-consent', 'f-pledge']);

describe('module sets', () => {
	it('a complete case of the strict set has no issues', () => {
		expect(moduleSetSchema['~standard'].validate(STRICT)).not.toHaveProperty('issues');
		expect(
			validateCase(STRICT, validReviewModules(2025, files), { attachments, today, period })
		).toEqual([]);
	});

	it('names the required modules that are missing or empty, and ignores modules outside the set', () => {
		const data: Record<string, unknown> = validReviewModules(2025, files);
		delete data.achievements;
		data.work_history = { rows: [] };
		data.awards = { rows: [{ name: '' }] }; // not in the set: kept, not checked
		const issues = validateCase(STRICT, data, { attachments, today, period });
		expect(issues).toEqual([
			{ module: 'work_history', code: 'module_required', params: { module: 'work_history' } },
			{ module: 'achievements', code: 'module_required', params: { module: 'achievements' } }
		]);
		expect(issuesReason('申报信息不完整，不能提交', issues, 'zh-CN')).toBe(
			'申报信息不完整，不能提交：必填模块“工作经历”尚未填写；必填模块“专业技术工作业绩”尚未填写'
		);
	});

	it('checks optional modules only when filled, with the set’s limits', () => {
		const data = {
			...validReviewModules(2025, files),
			work_summary: { text: '太短' },
			publications: { rows: [{ title: '论文' }] }
		};
		expect(
			validateCase(STRICT, data, { attachments, today, period }).map((i) => [
				i.module,
				i.field,
				i.code
			])
		).toEqual([
			['publications', 'rows.0.publisher', 'required'],
			['publications', 'rows.0.publishedOn', 'required'],
			['publications', 'rows.0.rank', 'required'],
			['work_summary', 'text', 'work_summary_too_short']
		]);
	});

	it('refuses outside the 申报期; an unknown period (offline) is left to the server', () => {
		const data = validReviewModules(2025, files);
		const closed = { startsAt: '2024-01-01T00:00:00Z', endsAt: '2025-04-01T00:00:00Z' };
		expect(validateCase(STRICT, data, { attachments, today, period: closed })).toEqual([
			{ module: 'declaration_info', code: 'period_closed' }
		]);
		expect(validateCase(STRICT, data, { attachments, today, period: null })).toHaveLength(1);
		expect(validateCase(STRICT, data, { attachments, today })).toEqual([]);
		expect(isPeriodOpen(period, today)).toBe(true);
		expect(chinaDate(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01-01');
	});

	it('files not attached to the case do not count', () => {
		const issues = validateCase(STRICT, validReviewModules(2025, files), {
			attachments: new Set(['f-consent']),
			today,
			period
		});
		expect(issues).toEqual([
			{ module: 'unit_proof', field: 'slots.personal_pledge', code: 'attachment_missing' }
		]);
	});

	it('初定: the owner is the accepting department, and eligibility blocks become issues', () => {
		const set: ModuleSet = {
			...STRICT,
			id: 'ms-initial-ad-nj-2025-v1',
			kind: 'initial',
			ownerType: 'accepting_department',
			ownerId: 'ad-nj',
			modules: STRICT.modules.filter((m) => m.key !== 'achievements' && m.key !== 'work_history')
		};
		const data: Record<string, Record<string, unknown>> = validReviewModules(2025, files);
		data.declaration_info = {
			level: 'C',
			seriesId: 'engineering',
			specialty: '电子信息',
			acceptingDepartmentId: 'ad-nj',
			year: 2025
		};
		expect(ownerOf('initial', data.declaration_info)).toEqual({
			kind: 'initial',
			ownerType: 'accepting_department',
			ownerId: 'ad-nj',
			year: 2025
		});
		const rules: InitialRule[] = [
			{
				cityCode: null,
				education: '本科',
				minYears: 1,
				targetLevel: 'D',
				graduatedUntil: null,
				validUntil: null
			}
		];
		expect(validateCase(set, data, { attachments, today, period, initialRules: rules })).toEqual([
			{
				module: 'declaration_info',
				field: 'level',
				code: 'elig_level_not_allowed',
				params: { level: 'C', allowed: 'D' }
			}
		]);
		data.declaration_info.level = 'D';
		expect(validateCase(set, data, { attachments, today, period, initialRules: rules })).toEqual(
			[]
		);
	});
});
