import { describe, expect, it } from 'vitest';
import { EDUCATION_FIELDS, MODULES } from '$lib/domain/modules/catalog';
import { moduleField, moduleFields } from './view-fields';

describe('moduleFields', () => {
	it('takes row and education fields from the catalog as they are', () => {
		expect(moduleFields('work_history', 'review')).toBe(MODULES.work_history.rowFields);
		expect(moduleFields('education', 'review')).toBe(EDUCATION_FIELDS);
		expect(moduleFields('work_summary', 'review')).toEqual([]);
	});

	it('titles 个人基本信息 from the catalog, without the register id and the photo', () => {
		const keys = moduleFields('basic_info', 'review').map((f) => f.key);
		expect(keys).not.toContain('workUnitId');
		expect(keys).not.toContain('photoAttachmentId');
		expect(moduleField('basic_info', 'phone')).toMatchObject({
			title: { 'zh-CN': '移动电话' },
			required: true
		});
		expect(moduleField('basic_info', 'firstWorkedOn').type).toBe('date');
	});

	it('asks 评审 for the committee and 初定 for the accepting department', () => {
		const review = moduleFields('declaration_info', 'review').map((f) => f.key);
		const initial = moduleFields('declaration_info', 'initial').map((f) => f.key);
		expect(review).toContain('committeeId');
		expect(review).not.toContain('acceptingDepartmentId');
		expect(initial).toContain('acceptingDepartmentId');
		expect(moduleField('declaration_info', 'committeeId').title['zh-CN']).toBe('申报评委会');
	});

	it('refuses a field the module does not have', () => {
		expect(() => moduleField('basic_info', 'nope')).toThrow();
	});
});
