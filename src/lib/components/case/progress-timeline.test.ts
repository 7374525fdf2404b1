import { describe, expect, it } from 'vitest';
import type { CaseProgress, ReviewEventRecord, ReviewStepView } from '$lib/domain/review';
import { reviewEvent } from '../../../../tests/helpers/review-records';
import { timeline } from './progress-timeline';

const CASE = '7d1e2f30-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

function step(
	ordinal: number,
	level: ReviewStepView['level'],
	unitName: string,
	state: ReviewStepView['state']
): ReviewStepView {
	return { ordinal, level, unitName, state, decidedAt: state === 'waiting' ? null : '2026-11-21' };
}

function event(
	id: string,
	action: ReviewEventRecord['action'],
	ordinal: number | null,
	at: string,
	extra: Partial<ReviewEventRecord> = {}
): ReviewEventRecord {
	return reviewEvent({ id, caseId: CASE, ordinal, action, at, ...extra });
}

// 主管部门 无: this case's route has three levels, not the kind's four.
const steps = (states: ReviewStepView['state'][]): CaseProgress['steps'] => [
	step(1, 'unit', '南京智造科技有限公司', states[0]!),
	step(2, 'hr', '南京市申报点', states[1]!),
	step(3, 'committee', '南京市工程技术中级资格评审委员会', states[2]!)
];

describe('the review timeline', () => {
	it('has one node per level of this case, the holder and the next level', () => {
		const t = timeline(
			'submitted',
			{ steps: steps(['passed', 'current', 'waiting']), currentOrdinal: 2 },
			[
				event('e3', 'pass', 1, '2026-11-21T08:00:00Z'),
				event('e1', 'submit', null, '2026-11-20T08:00:00Z', { receiptNo: 'SB001' }),
				event('e2', 'accept', 1, '2026-11-20T09:00:00Z', { receiptNo: 'DW001' })
			]
		);
		expect(t.nodes.map((n) => [n.level, n.state])).toEqual([
			['unit', 'passed'],
			['hr', 'current'],
			['committee', 'waiting']
		]);
		expect(t.nodes[0]!.events.map((e) => e.id)).toEqual(['e2', 'e3']);
		expect(t.applicant.map((e) => e.id)).toEqual(['e1']);
		expect(t.holder?.unitName).toBe('南京市申报点');
		expect(t.next).toEqual({
			kind: 'step',
			level: 'committee',
			unitName: '南京市工程技术中级资格评审委员会'
		});
	});

	it('puts 受理 before the decision a level took in the same moment', () => {
		const t = timeline(
			'submitted',
			{ steps: steps(['passed', 'current', 'waiting']), currentOrdinal: 2 },
			[
				event('b', 'pass', 1, '2026-11-21T08:00:00.000Z'),
				event('a', 'accept', 1, '2026-11-21T08:00:00.000Z', { receiptNo: 'DW001' })
			]
		);
		expect(t.nodes[0]!.events.map((e) => e.action)).toEqual(['accept', 'pass']);
	});

	it('says the last level settles the case', () => {
		const t = timeline(
			'submitted',
			{ steps: steps(['passed', 'passed', 'current']), currentOrdinal: 3 },
			[]
		);
		expect(t.next).toEqual({ kind: 'last' });
	});

	it('puts a returned case with the applicant and keeps the earlier 退回 beside the later 通过', () => {
		const returned = timeline(
			'returned',
			{ steps: steps(['returned', 'waiting', 'waiting']), currentOrdinal: 1 },
			[event('r1', 'return', 1, '2026-11-21T08:00:00Z', { reason: '缺少业绩' })]
		);
		expect(returned.holder).toBeNull();
		expect(returned.next).toEqual({ kind: 'applicant' });

		const passedLater = timeline(
			'submitted',
			{ steps: steps(['passed', 'current', 'waiting']), currentOrdinal: 2 },
			[
				event('r1', 'return', 1, '2026-11-21T08:00:00Z', { reason: '缺少业绩' }),
				event('s2', 'resubmit', 1, '2026-11-22T08:00:00Z'),
				event('p1', 'pass', 1, '2026-11-23T08:00:00Z')
			]
		);
		expect(passedLater.nodes[0]!.events.map((e) => e.action)).toEqual(['return', 'pass']);
		expect(passedLater.applicant.map((e) => e.action)).toEqual(['resubmit']);
	});

	it('shows 不通过 with its reason, and an approval with its 批准文号', () => {
		const rejected = timeline(
			'rejected',
			{ steps: steps(['passed', 'rejected', 'waiting']), currentOrdinal: 2 },
			[event('x', 'reject', 2, '2026-11-22T08:00:00Z', { reason: '不符合申报条件' })]
		);
		expect(rejected.next).toEqual({ kind: 'rejected', reason: '不符合申报条件' });
		expect(rejected.holder).toBeNull();

		const approved = timeline(
			'approved',
			{ steps: steps(['passed', 'passed', 'passed']), currentOrdinal: null },
			[event('a', 'pass', 3, '2026-11-25T08:00:00Z', { approvalNo: '苏职称〔2026〕12号' })]
		);
		expect(approved.next).toEqual({ kind: 'approved', approvalNo: '苏职称〔2026〕12号' });
	});

	it('has no nodes before the route is known on this device', () => {
		const t = timeline('submitted', null, []);
		expect(t.nodes).toEqual([]);
		expect(t.holder).toBeNull();
		expect(t.next).toBeNull();
	});
});
