import { describe, expect, it } from 'vitest';
import { itemsOf, slotsOf } from './module-data';
import { rowIdOf } from './row-id';
import { viewFiles } from './shown-file';

describe('module data', () => {
	it('slotsOf keeps the known slots that hold a file', () => {
		expect(slotsOf({})).toEqual({});
		expect(slotsOf({ slots: { unit_consent: 'a', personal_pledge: '', other: 'x' } })).toEqual({
			unit_consent: 'a'
		});
	});

	it('itemsOf reads names and files, keeping an id when there is one', () => {
		expect(itemsOf({ items: 'nope' })).toEqual([]);
		expect(
			itemsOf({ items: [{ name: '备案表', attachmentId: 'f1' }, null, { id: 'r2', name: 3 }] })
		).toEqual([
			{ name: '备案表', attachmentId: 'f1' },
			{ id: 'r2', name: '' }
		]);
	});

	it('rowIdOf is the row id, else the position', () => {
		expect(rowIdOf({ id: 'r-1' }, 4)).toBe('r-1');
		expect(rowIdOf({ id: ' ' }, 4)).toBe('4');
		expect(rowIdOf({}, 0)).toBe('0');
	});

	it('viewFiles links each file by id', () => {
		const files = viewFiles(
			[
				{
					id: 'f1',
					module: 'unit_proof',
					slot: 'unit_consent',
					name: 'a.pdf',
					mime: 'application/pdf',
					size: 9
				}
			],
			(id) => `/files/download/${id}`
		);
		expect(files.get('f1')).toEqual({
			id: 'f1',
			name: 'a.pdf',
			size: 9,
			href: '/files/download/f1'
		});
	});
});
