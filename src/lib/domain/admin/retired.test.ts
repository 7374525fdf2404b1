import { describe, expect, it } from 'vitest';
import {
	filterAcceptingDepartments,
	filterCommittees,
	type ReferenceBundle
} from '../reference-bundle';

const now = new Date('2026-06-01T00:00:00Z');
const period = {
	id: 'p',
	year: 2026,
	startsAt: '2026-05-01T00:00:00Z',
	endsAt: '2026-07-01T00:00:00Z',
	open: true
};
const committee = (id: string, retired: boolean) => ({
	id,
	name: id,
	regionCode: '320100',
	seriesId: 'statistics',
	levelCodes: ['C'],
	specialties: ['统计'],
	retired,
	periods: [period]
});
const department = (id: string, retired: boolean) => ({
	id,
	name: id,
	regionCode: '320100',
	seriesId: null,
	retired,
	periods: [period]
});

/** Only the fields the filters read; the rest of a bundle does not matter here. */
const bundle = {
	committees: [committee('kept', false), committee('retired', true)],
	acceptingDepartments: [department('kept', false), department('retired', true)]
} as unknown as ReferenceBundle;

describe('a retired committee or 报送受理部门 on the device', () => {
	it('is never offered to a new declaration, open period or not', () => {
		const ids = filterCommittees(bundle, { regionCode: '320102', openOnly: true }, now).map(
			(c) => c.id
		);
		expect(ids).toEqual(['kept']);
		expect(filterCommittees(bundle, { regionCode: '320102' }, now).map((c) => c.id)).toEqual([
			'kept'
		]);
		expect(filterAcceptingDepartments(bundle, { regionCode: '320102' }).map((d) => d.id)).toEqual([
			'kept'
		]);
	});

	it('stays in the bundle, so an existing case still shows its name', () => {
		expect(bundle.committees.find((c) => c.id === 'retired')?.name).toBe('retired');
	});
});
