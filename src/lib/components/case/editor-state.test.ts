import { describe, expect, it } from 'vitest';
import type { ReferenceBundle } from '$lib/domain/reference-bundle';
import { editorView, parseHash, issueFragment, savedOnServer } from './editor-state';
import { submitIssues } from './submit-issues';

const year = 2026;
const bundle = {
	version: 'x',
	year,
	regions: [
		{ code: '320000', name: '江苏省', level: 0, parentCode: null, kind: 'province', sort: 0 },
		{ code: '320100', name: '南京市', level: 1, parentCode: '320000', kind: 'city', sort: 1 },
		{ code: '320106', name: '鼓楼区', level: 2, parentCode: '320100', kind: 'district', sort: 4 }
	],
	series: [],
	unitNatures: [],
	departments: [],
	committees: [
		{
			id: 'cmt-nj-eng-c',
			name: '南京市工程技术中级资格评审委员会',
			regionCode: '320100',
			regionName: '南京市',
			seriesId: 'engineering',
			seriesName: '工程',
			levelCodes: ['C', 'D'],
			specialties: ['电子信息'],
			phone: '025-12333',
			note: null,
			open: true,
			periods: [
				{
					id: 'p',
					year,
					startsAt: '2000-01-01T00:00:00Z',
					endsAt: '2999-01-01T00:00:00Z',
					open: true
				}
			]
		}
	],
	acceptingDepartments: [],
	consultationPhones: [],
	moduleSets: [
		{
			id: 'ms',
			kind: 'review',
			ownerType: 'committee',
			ownerId: 'cmt-nj-eng-c',
			year,
			version: 1,
			modules: [
				{ key: 'basic_info', required: true },
				{ key: 'declaration_info', required: true },
				{ key: 'work_summary', required: true }
			]
		}
	]
} as unknown as ReferenceBundle;

const info = {
	level: 'C',
	seriesId: 'engineering',
	specialty: '电子信息',
	committeeId: 'cmt-nj-eng-c',
	year
};

describe('the module list of the case editor', () => {
	it('stays locked until 申报基本信息 was saved with 暂存', () => {
		const data = { declaration_info: info };
		expect(editorView('review', data, false, bundle).lock).toBe('stash');
		const view = editorView('review', data, true, bundle);
		expect(view.lock).toBeNull();
		expect(view.entries.map((e) => e.key)).toEqual([
			'basic_info',
			'declaration_info',
			'work_summary'
		]);
	});

	it('counts a module row as saved only once the server applied it and nothing was typed since', () => {
		expect(savedOnServer(null)).toBe(false);
		expect(savedOnServer({ dirty: true, baseRevision: 0 })).toBe(false);
		expect(savedOnServer({ dirty: true, baseRevision: 3 })).toBe(false);
		expect(savedOnServer({ dirty: false, baseRevision: 0 })).toBe(false);
		expect(savedOnServer({ dirty: false, baseRevision: 3 })).toBe(true);
	});

	it('asks for the committee when none is chosen, and keeps modules that left the set', () => {
		const data = {
			declaration_info: { ...info, committeeId: null },
			education: { records: [{ school: '东南大学' }] }
		};
		const view = editorView('review', data, true, bundle);
		expect(view.lock).toBe('owner');
		const withOwner = editorView('review', { ...data, declaration_info: info }, true, bundle);
		expect(withOwner.retained).toEqual(['education']);
	});

	it('lists every missing item for 提交, each with a place to jump to', () => {
		const issues = submitIssues(
			'review',
			{ declaration_info: info },
			{ attachments: new Set(), bundle, initialRules: null }
		);
		expect(issues.map((i) => `${i.module}:${i.code}`)).toEqual([
			'basic_info:module_required',
			'work_summary:module_required'
		]);
		expect(
			parseHash(
				`#${issueFragment({ module: 'education', field: 'records.0.eduCertNo', code: 'x' })}`
			)
		).toEqual({
			module: 'education',
			field: 'records.0.eduCertNo'
		});
		const none = submitIssues('review', {}, { attachments: new Set(), bundle, initialRules: null });
		expect(none.map((i) => i.module)).toEqual(['basic_info', 'declaration_info']);
	});
});
