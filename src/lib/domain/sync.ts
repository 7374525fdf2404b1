import * as z from 'zod/mini';
import type { CaseProgress, NoticeRecord, ReviewEventRecord } from './review';
import type { CertificateRecord } from './certificates';
import {
	CASE_KINDS,
	MAX_MODULE_BYTES,
	MAX_MUTATIONS_PER_PUSH,
	MAX_PULL_LIMIT,
	type CaseKind,
	type CaseStatus
} from './sync-limits';

/**
 * The sync protocol between a device's outbox and the server (DESIGN §7). Every id is a uuid
 * made on the device, so a retried mutation can never create a second thing.
 */

export {
	CASE_KINDS,
	CASE_STATUSES,
	MAX_MODULE_BYTES,
	MAX_MUTATIONS_PER_PUSH,
	MAX_PULL_LIMIT,
	type CaseKind,
	type CaseStatus
} from './sync-limits';

const uuid = z.uuid();
const moduleKey = z.string().check(z.regex(/^[a-z][a-z0-9_]{0,39}$/));
/** Revisions are `integer` columns: a larger one is refused here, naming the field. */
const MAX_INT4 = 2_147_483_647;
const revision = z.int().check(z.minimum(0), z.maximum(MAX_INT4, { error: 'value_out_of_range' }));
/** Change sequences are `bigint`. */
const MAX_INT8 = 9_223_372_036_854_775_807n;
const moduleData = z.record(z.string().check(z.maxLength(64)), z.unknown()).check(
	z.refine((data) => JSON.stringify(data).length <= MAX_MODULE_BYTES, {
		error: 'module_too_large'
	})
);

export const createCaseMutation = z.object({
	id: uuid,
	caseId: uuid,
	op: z.literal('case.create'),
	payload: z.object({ kind: z.enum(CASE_KINDS) })
});

export const saveModuleMutation = z.object({
	id: uuid,
	caseId: uuid,
	op: z.literal('module.save'),
	module: moduleKey,
	/** The server revision this edit started from; 0 for a module the server has never seen. */
	baseRevision: revision,
	payload: z.object({ data: moduleData })
});

export const attachFileMutation = z.object({
	id: uuid,
	caseId: uuid,
	op: z.literal('file.attach'),
	module: moduleKey,
	payload: z.object({
		attachmentId: uuid,
		slot: z.string().check(z.minLength(1), z.maxLength(64))
	})
});

export const detachFileMutation = z.object({
	id: uuid,
	caseId: uuid,
	op: z.literal('file.detach'),
	module: moduleKey,
	payload: z.object({ attachmentId: uuid })
});

export const submitCaseMutation = z.object({
	id: uuid,
	caseId: uuid,
	op: z.literal('case.submit'),
	/** The module revisions the person saw when pressing 提交: a newer server module refuses it. */
	payload: z.object({ revisions: z.record(moduleKey, revision) })
});

export const cancelCaseMutation = z.object({
	id: uuid,
	caseId: uuid,
	op: z.literal('case.cancel'),
	payload: z.object({})
});

export const mutation = z.discriminatedUnion('op', [
	createCaseMutation,
	saveModuleMutation,
	attachFileMutation,
	detachFileMutation,
	submitCaseMutation,
	cancelCaseMutation
]);
export type Mutation = z.infer<typeof mutation>;
export type MutationOp = Mutation['op'];

export const pushInput = z.object({
	clientId: uuid,
	mutations: z.array(mutation).check(z.minLength(1), z.maxLength(MAX_MUTATIONS_PER_PUSH))
});
export type PushInput = z.infer<typeof pushInput>;

export interface ServerModule {
	caseId: string;
	module: string;
	data: Record<string, unknown>;
	revision: number;
	updatedAt: string;
}

export type MutationResult =
	| { id: string; status: 'applied'; revision?: number }
	| { id: string; status: 'duplicate'; result: MutationResult }
	| { id: string; status: 'conflict'; server: ServerModule }
	| { id: string; status: 'rejected'; code: RejectionCode; reason: string };

/** Permanent refusals: the item is kept on the device as 「需要处理」 with the reason. */
export type RejectionCode =
	| 'id_reused'
	| 'not_found'
	| 'not_owner'
	| 'not_editable'
	| 'wrong_state'
	| 'stale'
	| 'invalid'
	| 'attachment_not_ready'
	/** 证件照 not a JPEG or PNG image, or a certificate service's material not a PDF. */
	| 'attachment_wrong_type'
	/** 提交 refused: required modules or fields missing, or a module's rules broken. */
	| 'incomplete'
	/** 提交 refused: the 申报期 is over (the draft stays; 取消申请 is suggested). */
	| 'period_closed'
	/** 提交 refused: another case of this kind and series is in progress. */
	| 'duplicate_case';

export const pullInput = z.object({
	/** The last change sequence the device stored, as a decimal string ('0' at first). */
	since: z.string().check(
		z.regex(/^\d{1,19}$/),
		z.refine((s) => !/^\d+$/.test(s) || BigInt(s) <= MAX_INT8, {
			error: 'value_out_of_range'
		})
	),
	limit: z.optional(z.int().check(z.minimum(1), z.maximum(MAX_PULL_LIMIT)))
});

export interface CaseRecord {
	id: string;
	kind: CaseKind;
	status: CaseStatus;
	receiptNo: string | null;
	createdAt: string;
	updatedAt: string;
	submittedAt: string | null;
	/** The review route and where the case stands on it; null before 提交. */
	progress: CaseProgress | null;
}

export interface AttachmentRecord {
	id: string;
	caseId: string;
	module: string;
	slot: string;
	name: string;
	mime: string;
	size: number;
	sha256: string;
	status: 'attached' | 'detached';
}

export type Change =
	| { seq: string; type: 'case'; case: CaseRecord }
	| { seq: string; type: 'module'; module: ServerModule }
	| { seq: string; type: 'attachment'; attachment: AttachmentRecord }
	| { seq: string; type: 'review'; event: ReviewEventRecord }
	| { seq: string; type: 'notice'; notice: NoticeRecord }
	| { seq: string; type: 'certificate'; certificate: CertificateRecord };

export interface PullResult {
	changes: Change[];
	/** Store it only after the changes are written locally. */
	cursor: string;
	more: boolean;
}
