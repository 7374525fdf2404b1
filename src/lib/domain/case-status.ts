import type { CaseKind, CaseStatus } from './sync';

/**
 * A case's lifecycle in one place (DESIGN §8): its statuses, who may do what in which status,
 * the review levels of each kind and which comes next. Pure: the applicant's offline screens,
 * the reviewer's dashboard and the server all read these, and nothing else restates them.
 */

/** A review level: who holds a case at one step of its review. */
export const REVIEW_LEVELS = ['unit', 'department', 'hr', 'committee', 'accepting'] as const;
export type ReviewLevel = (typeof REVIEW_LEVELS)[number];

/**
 * The levels each kind passes, in order (domain §7). 初定: 单位 → 主管部门 → 报送受理部门.
 * 评审: 单位 → 主管部门 → 人社部门受理 (申报点 of the region) → 评委会. The certificate services
 * (历史职称数据登记, 补办/换发) are reviewed by the HR bureau / 申报点 of the chosen region.
 */
export const DEFAULT_WORKFLOWS: Record<CaseKind, readonly ReviewLevel[]> = {
	initial: ['unit', 'department', 'accepting'],
	review: ['unit', 'department', 'hr', 'committee'],
	historical: ['hr'],
	reissue: ['hr']
};

/** Where 提交 after a 退回 sends the case: back to the level that returned it, or to the first. */
export const RESUBMIT_TARGETS = ['returner', 'first'] as const;
export type ResubmitTarget = (typeof RESUBMIT_TARGETS)[number];

/** The 主管部门 choice that means "none": that level is skipped. */
export const NO_DEPARTMENT = 'dept-none';

/** The applicant may change the words and files of a case only in these. */
const EDITABLE: readonly CaseStatus[] = ['draft', 'returned'];
/** In progress: one such case per applicant, kind and series (a 退回 case is the same case). */
const OPEN: readonly CaseStatus[] = ['submitted', 'returned'];
/** Settled: nothing more happens to the case. */
const FINAL: readonly CaseStatus[] = ['cancelled', 'approved', 'rejected'];

export function isEditable(status: CaseStatus): boolean {
	return EDITABLE.includes(status);
}
export function isOpen(status: CaseStatus): boolean {
	return OPEN.includes(status);
}
export function isFinal(status: CaseStatus): boolean {
	return FINAL.includes(status);
}
/** 提交: a draft, or a returned case sent back after its fixes. */
export function canSubmit(status: CaseStatus): boolean {
	return isEditable(status);
}
/** 取消申请: voids a draft or a returned case (also one whose 申报期 has passed). */
export function canCancel(status: CaseStatus): boolean {
	return isEditable(status);
}
/** A reviewer acts on a case only while it waits at a level (status submitted). */
export function isUnderReview(status: CaseStatus): boolean {
	return status === 'submitted';
}

/** What a case's own data says about its route: the ids each level is routed by. */
export interface RouteFacts {
	workUnitId: string | null;
	departmentId: string | null;
	/** 申报点 of the case's region (评审 人社部门受理; the certificate services). */
	declarationPointId: string | null;
	committeeId: string | null;
	acceptingDepartmentId: string | null;
}

export interface PlannedStep {
	ordinal: number;
	level: ReviewLevel;
	scopeId: string;
}

function scopeOf(level: ReviewLevel, facts: RouteFacts): string | null {
	switch (level) {
		case 'unit':
			return facts.workUnitId;
		case 'department':
			return facts.departmentId && facts.departmentId !== NO_DEPARTMENT ? facts.departmentId : null;
		case 'hr':
			return facts.declarationPointId;
		case 'committee':
			return facts.committeeId;
		case 'accepting':
			return facts.acceptingDepartmentId;
	}
}

/**
 * The steps of one case, fixed at 提交 (a snapshot): each configured level that the case has a
 * holder for. A level without one is skipped (主管部门 无; a work unit not in the registry).
 */
export function planSteps(levels: readonly ReviewLevel[], facts: RouteFacts): PlannedStep[] {
	const steps: PlannedStep[] = [];
	for (const level of levels) {
		const scopeId = scopeOf(level, facts);
		if (scopeId) steps.push({ ordinal: steps.length + 1, level, scopeId });
	}
	return steps;
}

/** Which levels a kind's route must have for 提交 to be accepted (the final decision-maker). */
export function requiredLevels(levels: readonly ReviewLevel[]): ReviewLevel[] {
	return levels.filter((l) => l !== 'unit' && l !== 'department');
}

/** The step after `ordinal`, or null when `ordinal` was the last (its 通过 approves the case). */
export function nextOrdinal(stepCount: number, ordinal: number): number | null {
	return ordinal < stepCount ? ordinal + 1 : null;
}

/** The step a resubmitted case goes to. */
export function resubmitOrdinal(target: ResubmitTarget, returnedAt: number): number {
	return target === 'first' ? 1 : returnedAt;
}

/** Reviewer actions. 通过 moves on (the last approves), 退回 reopens for the applicant, 不通过 ends it. */
export const REVIEW_ACTIONS = ['pass', 'return', 'reject'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/** 退回 and 不通过 need a reason; the last 评审 level's 通过 needs a 批准文号. */
export function actionNeeds(
	action: ReviewAction,
	isLastStep: boolean,
	kind: CaseKind
): { reason: boolean; approvalNo: boolean } {
	return {
		reason: action !== 'pass',
		approvalNo: action === 'pass' && isLastStep && kind === 'review'
	};
}

/** The status a case has after an action at a step. */
export function statusAfter(action: ReviewAction, isLastStep: boolean): CaseStatus {
	if (action === 'return') return 'returned';
	if (action === 'reject') return 'rejected';
	return isLastStep ? 'approved' : 'submitted';
}

/** Step states: waiting (not reached), current, passed, returned (awaits the applicant), rejected. */
export const STEP_STATES = ['waiting', 'current', 'returned', 'passed', 'rejected'] as const;
export type StepState = (typeof STEP_STATES)[number];

/** Which of a reviewer's scopes may act on a case now: the one that holds its current step. */
export function mayAct(
	scopes: readonly { type: string; id: string }[],
	status: CaseStatus,
	current: { level: ReviewLevel; scopeId: string } | null
): boolean {
	return (
		isUnderReview(status) &&
		current !== null &&
		scopes.some((s) => s.type === current.level && s.id === current.scopeId)
	);
}

/** A claim lasts this long unless renewed: long enough to read a case, short enough to free it. */
export const CLAIM_MINUTES = 15;
