import { describe, expect, it } from 'vitest';
import { queueQueryOf, queueSearch } from './queue-params';

describe('the queue in the address', () => {
	it('reads the choices and drops what the queue would refuse', () => {
		const q = queueQueryOf(
			new URLSearchParams(
				'queue=done&kind=review&submittedFrom=2026-11-01&submittedTo=tomorrow&sort=sideways&search=%20王%20&after=x'
			)
		);
		expect(q).toEqual({
			queue: 'done',
			kind: 'review',
			submittedFrom: '2026-11-01',
			search: '王'
		});
		expect(queueQueryOf(new URLSearchParams('queue=all'))).toEqual({ queue: 'pending' });
	});

	it('writes only what differs from the defaults, and reads back the same', () => {
		expect(queueSearch({ queue: 'pending', sort: 'waiting' })).toBe('');
		const q = { queue: 'returned' as const, seriesId: 'engineering', sort: 'recent' as const };
		const search = queueSearch(q);
		expect(search).toBe('?queue=returned&seriesId=engineering&sort=recent');
		expect(queueQueryOf(new URLSearchParams(search))).toEqual(q);
	});
});
