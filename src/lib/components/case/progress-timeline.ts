import type { ReviewLevel, StepState } from '$lib/domain/case-status';
import type { CaseProgress, ReviewEventRecord } from '$lib/domain/review';
import type { CaseStatus } from '$lib/domain/sync';

/** One level of this case's route, with what happened there. */
export interface TimelineNode {
	ordinal: number;
	level: ReviewLevel;
	unitName: string;
	state: StepState;
	decidedAt: string | null;
	/** The decisions taken at this level (a level may return a case and pass it later), oldest first. */
	events: ReviewEventRecord[];
}

export type NextStep =
	| { kind: 'step'; level: ReviewLevel; unitName: string }
	/** The current level is the last: its 通过 settles the case. */
	| { kind: 'last' }
	| { kind: 'applicant' }
	| { kind: 'approved'; approvalNo: string | null }
	| { kind: 'rejected'; reason: string | null };

export interface Timeline {
	/** The applicant's own steps (提交, 重新提交 …), oldest first. */
	applicant: ReviewEventRecord[];
	nodes: TimelineNode[];
	/** The level that holds the case now; null when the applicant does or nobody does. */
	holder: TimelineNode | null;
	next: NextStep | null;
}

const APPLICANT_ACTIONS: readonly ReviewEventRecord['action'][] = ['submit', 'resubmit', 'cancel'];

/** Events of one moment (a level accepts and decides in one go) in the order they happen. */
const ORDER: Record<ReviewEventRecord['action'], number> = {
	submit: 0,
	resubmit: 0,
	accept: 1,
	pass: 2,
	return: 2,
	reject: 2,
	cancel: 3
};

function byTime(a: ReviewEventRecord, b: ReviewEventRecord): number {
	return a.at.localeCompare(b.at) || ORDER[a.action] - ORDER[b.action] || a.id.localeCompare(b.id);
}

/**
 * The progress of one case as a timeline: its own levels (fixed at 提交, not the kind's defaults),
 * each with its decisions, who holds it now and what comes next.
 */
export function timeline(
	status: CaseStatus,
	progress: CaseProgress | null,
	events: readonly ReviewEventRecord[]
): Timeline {
	const sorted = [...events].sort(byTime);
	const steps = [...(progress?.steps ?? [])].sort((a, b) => a.ordinal - b.ordinal);
	const nodes: TimelineNode[] = steps.map((s) => ({
		...s,
		events: sorted.filter((e) => e.ordinal === s.ordinal && !APPLICANT_ACTIONS.includes(e.action))
	}));
	const placed = new Set(nodes.flatMap((n) => n.events.map((e) => e.id)));
	const applicant = sorted.filter((e) => !placed.has(e.id) && APPLICANT_ACTIONS.includes(e.action));
	const at = nodes.findIndex((n) => n.ordinal === progress?.currentOrdinal);
	const current = at >= 0 ? nodes[at]! : null;
	return {
		applicant,
		nodes,
		holder: status === 'submitted' ? current : null,
		next: nextStep(status, nodes, at, sorted)
	};
}

function nextStep(
	status: CaseStatus,
	nodes: TimelineNode[],
	at: number,
	events: ReviewEventRecord[]
): NextStep | null {
	switch (status) {
		case 'submitted': {
			if (at < 0) return null;
			const after = nodes[at + 1];
			return after
				? { kind: 'step', level: after.level, unitName: after.unitName }
				: { kind: 'last' };
		}
		case 'returned':
			return { kind: 'applicant' };
		case 'approved':
			return {
				kind: 'approved',
				approvalNo: events.filter((e) => e.approvalNo).at(-1)?.approvalNo ?? null
			};
		case 'rejected':
			return {
				kind: 'rejected',
				reason: events.filter((e) => e.action === 'reject').at(-1)?.reason ?? null
			};
		default:
			return null;
	}
}
