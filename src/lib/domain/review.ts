import * as z from 'zod/mini';
import {
	REVIEW_ACTIONS,
	REVIEW_LEVELS,
	type ReviewAction,
	type ReviewLevel,
	type StepState
} from './case-status';
import { CASE_KINDS, CASE_STATUSES, type CaseKind, type CaseStatus } from './sync';
import type { RequirementChange } from './modules/set-diff';

/**
 * The review service's inputs and answers, shared by the reviewer's dashboard, the applicant's
 * device (events and notes arrive through sync.pull) and the server.
 */

const uuid = z.uuid();
const text = (max: number) => z.string().check(z.trim(), z.maxLength(max));
const moduleKey = z.string().check(z.regex(/^[a-z][a-z0-9_]{0,39}$/));

/** A 退回 note pinned to a module, optionally to a field of it, a row of a list, or a file. */
export const returnNote = z.object({
	module: moduleKey,
	field: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
	/** The row's id in a list module (e.g. one 学历 record). */
	rowId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
	attachmentId: z.optional(uuid),
	text: text(1000).check(z.minLength(1))
});
export type ReturnNote = z.infer<typeof returnNote>;
/** A note as stored and pulled: with an id the applicant's screens key it by. */
export type PinnedNote = ReturnNote & { id: string };

export const MAX_NOTES = 50;
export const MAX_BATCH = 50;

export const actInput = z.object({
	/** Made on the reviewer's page once per intended action: a retry sends the same id. */
	mutationId: uuid,
	caseId: uuid,
	/** The step the reviewer saw: a case that moved on since refuses the action. */
	ordinal: z.int().check(z.minimum(1), z.maximum(20)),
	action: z.enum(REVIEW_ACTIONS),
	reason: z.optional(text(2000)),
	notes: z.optional(z.array(returnNote).check(z.maxLength(MAX_NOTES))),
	/** 批准文号, for the last 评审 level's 通过. */
	approvalNo: z.optional(text(64))
});
export type ActInput = z.infer<typeof actInput>;

export const batchPassInput = z.object({
	items: z
		.array(
			z.object({
				mutationId: uuid,
				caseId: uuid,
				ordinal: z.int().check(z.minimum(1), z.maximum(20))
			})
		)
		.check(z.minLength(1), z.maxLength(MAX_BATCH))
});

export type ActOutcome =
	| { status: 'applied'; caseStatus: CaseStatus; ordinal: number | null }
	| { status: 'refused'; code: ReviewRefusal; message: string };

/** Why an action changed nothing (each has a Chinese and an English message). */
export type ReviewRefusal =
	| 'review_not_found'
	| 'review_moved_on'
	| 'review_not_your_level'
	| 'review_reason_required'
	| 'review_approval_no_required'
	| 'review_claimed_by_other'
	| 'review_id_reused'
	| 'review_certificate_incomplete'
	| 'review_certificate_predecessor';

export const QUEUES = ['pending', 'returned', 'done'] as const;
export type Queue = (typeof QUEUES)[number];

export const queueInput = z.object({
	queue: z.enum(QUEUES),
	kind: z.optional(z.enum(CASE_KINDS)),
	seriesId: z.optional(z.string().check(z.maxLength(64))),
	level: z.optional(z.string().check(z.maxLength(8))),
	periodId: z.optional(z.string().check(z.maxLength(64))),
	/** Submitted on or after / before (YYYY-MM-DD, China time). */
	submittedFrom: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
	submittedTo: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
	/** A name (or part of it), or digits of the ID number as shown masked (its last four). */
	search: z.optional(text(40)),
	/** Longest waiting first (default) or newest first. */
	sort: z.optional(z.enum(['waiting', 'recent'])),
	/** The cursor the previous page returned. */
	after: z.optional(z.string().check(z.maxLength(200))),
	limit: z.optional(z.int().check(z.minimum(1), z.maximum(100)))
});
export type QueueInput = z.infer<typeof queueInput>;

export interface QueueRow {
	caseId: string;
	receiptNo: string | null;
	kind: CaseKind;
	status: CaseStatus;
	applicantName: string;
	/** Masked: 320102********0025. */
	idNumberMasked: string;
	seriesName: string | null;
	levelName: string | null;
	specialty: string | null;
	submittedAt: string | null;
	/** When the case reached the step it is at (waiting time starts here). */
	since: string;
	ordinal: number;
	level: ReviewLevel;
	/** Someone of this unit holds it now (a claim), until `until`. */
	claim: { byMe: boolean; name: string; until: string } | null;
}

export interface QueuePage {
	rows: QueueRow[];
	/** Pass as `after` for the next page; null at the end. */
	next: string | null;
}

export interface QueueCounts {
	pending: number;
	returned: number;
	done: number;
}

export interface ReviewStepView {
	ordinal: number;
	level: ReviewLevel;
	/** The unit's name: the applicant sees the unit, never a person. */
	unitName: string;
	state: StepState;
	decidedAt: string | null;
}

/** One review event as the applicant's device stores it (no reviewer's name). */
export interface ReviewEventRecord {
	id: string;
	caseId: string;
	ordinal: number | null;
	level: ReviewLevel | null;
	unitName: string | null;
	action: 'submit' | 'resubmit' | 'accept' | ReviewAction | 'cancel';
	reason: string | null;
	notes: PinnedNote[];
	/** 受理编号 at submission and each level's acceptance. */
	receiptNo: string | null;
	approvalNo: string | null;
	at: string;
}

/** An in-app notice of a change of a case's state. */
export interface NoticeRecord {
	id: string;
	caseId: string;
	kind:
		| 'accepted'
		| 'passed'
		| 'returned'
		| 'rejected'
		| 'approved'
		| 'certificate'
		| 'requirements_changed';
	unitName: string | null;
	reason: string | null;
	/** requirements_changed: what the new module-set version changed for this case. */
	changes?: RequirementChange[] | null;
	at: string;
	readAt: string | null;
}

/** The progress of a case as its applicant sees it (pulled with the case). */
export interface CaseProgress {
	steps: ReviewStepView[];
	/** The step that holds the case now (or that returned it), null when none does. */
	currentOrdinal: number | null;
}

/** Per module, what changed since the last 退回 (the reviewer's view of a resubmission). */
export interface ModuleChange {
	module: string;
	/** Field keys whose values differ (rows are compared by their id). */
	fields: { key: string; before: unknown; after: unknown }[];
	attachmentsAdded: { id: string; name: string }[];
	attachmentsRemoved: { id: string; name: string }[];
}

export interface CaseAttachmentView {
	id: string;
	module: string;
	slot: string;
	name: string;
	mime: string;
	size: number;
}

/** The reviewer's case view: every module as filled, the files, the route and history. */
export interface ReviewCaseView {
	caseId: string;
	kind: CaseKind;
	status: CaseStatus;
	receiptNo: string | null;
	applicant: { name: string; idNumber: string; mobile: string };
	submittedAt: string | null;
	modules: Record<string, Record<string, unknown>>;
	attachments: CaseAttachmentView[];
	steps: ReviewStepView[];
	currentOrdinal: number | null;
	/** Whether this reviewer may act now, and on which step. */
	canAct: boolean;
	isLastStep: boolean;
	claim: { byMe: boolean; name: string; until: string } | null;
	events: (ReviewEventRecord & { actorName: string | null })[];
	/** Since the last 退回, when the case came back from one; else null. */
	changes: ModuleChange[] | null;
	/** The notes of that 退回, to read beside the changes. */
	lastReturn: { reason: string | null; notes: PinnedNote[]; at: string } | null;
}

export const caseIdInput = z.object({ caseId: uuid });

export const CASE_STATUS_VALUES = CASE_STATUSES;
export const REVIEW_LEVEL_VALUES = REVIEW_LEVELS;
export type { ReviewAction, ReviewLevel };
