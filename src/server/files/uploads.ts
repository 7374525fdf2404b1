import type { Sql } from '../db/client';
import type { CaseStatus } from '$lib/domain/sync';
import type { AllowedType, RefusalCode } from './verify';

/** Refusals recorded on an `uploads` row (the verification's plus the case and person limits). */
export type UploadRefusal = RefusalCode | 'file_case_limit' | 'file_applicant_limit';

/** The byte limits a finished upload is recorded against. */
export interface UploadLimits {
	maxCaseBytes: number;
	maxApplicantBytes: number;
}

export interface UploadRow {
	id: string;
	ownerId: string;
	caseId: string | null;
	name: string;
	mime: string;
	size: number;
	sha256: string;
	storageKey: string;
	status: 'verified' | 'refused';
	reason: string | null;
	createdAt: Date;
}

const COLUMNS = `id, owner_id, case_id, name, mime, size::float8 as size, sha256, storage_key, status,
	reason, created_at`;

export async function findUpload(sql: Sql, id: string): Promise<UploadRow | null> {
	if (!isUuid(id)) return null;
	const [row] = await sql.unsafe<UploadRow[]>(`select ${COLUMNS} from uploads where id = $1`, [id]);
	return row ?? null;
}

export async function findUploadByStorageKey(sql: Sql, key: string): Promise<UploadRow | null> {
	const [row] = await sql.unsafe<UploadRow[]>(
		`select ${COLUMNS} from uploads where storage_key = $1`,
		[key]
	);
	return row ?? null;
}

/** What a new upload for an attachment of a case is checked against. */
export interface CreationFacts {
	/** The case's applicant and status, or null when the server has no such case. */
	kase: { applicantId: string; status: CaseStatus } | null;
	/** The upload already recorded under this attachment id, if any. */
	existing: Pick<UploadRow, 'ownerId' | 'status' | 'sha256'> | null;
	/** Bytes of this person's verified uploads for the case, other than this attachment's. */
	verifiedBytes: number;
	/** Bytes of all this person's verified uploads, every case, other than this attachment's. */
	applicantBytes: number;
}

/** The facts a tus creation is checked against, in one round trip (ids already checked). */
export async function creationFacts(
	sql: Sql,
	ownerId: string,
	caseId: string,
	attachmentId: string
): Promise<CreationFacts> {
	const [row] = await sql<
		{
			applicantId: string | null;
			caseStatus: CaseStatus | null;
			ownerId: string | null;
			status: UploadRow['status'] | null;
			sha256: string | null;
			verifiedBytes: number;
			applicantBytes: number;
		}[]
	>`
		select c.applicant_id, c.status as case_status, u.owner_id, u.status, u.sha256,
			(select coalesce(sum(size), 0)::float8 from uploads
				where case_id = ${caseId} and owner_id = ${ownerId} and status = 'verified'
					and id <> ${attachmentId}::uuid) as verified_bytes,
			(select coalesce(sum(size), 0)::float8 from uploads
				where owner_id = ${ownerId} and status = 'verified'
					and id <> ${attachmentId}::uuid) as applicant_bytes
		from (values (1)) as one
		left join uploads u on u.id = ${attachmentId}::uuid
		left join cases c on c.id = ${caseId}::uuid`;
	if (!row) throw new Error('creationFacts: no row');
	const { applicantId, caseStatus, verifiedBytes, applicantBytes } = row;
	const existing =
		row.ownerId && row.status && row.sha256
			? { ownerId: row.ownerId, status: row.status, sha256: row.sha256 }
			: null;
	const kase = applicantId && caseStatus ? { applicantId, status: caseStatus } : null;
	return { kase, existing, verifiedBytes, applicantBytes };
}

export interface UploadOutcome {
	id: string;
	ownerId: string;
	caseId: string;
	name: string;
	/** The verified type (the declared one when the bytes were never sniffed). */
	mime: AllowedType | string;
	size: number;
	sha256: string;
	storageKey: string;
	/** Null: the checks on the bytes passed. */
	refusal: RefusalCode | null;
}

export type RecordResult =
	/** A new verified row (or a refused one replaced). */
	| { status: 'verified' }
	/** The same bytes were already verified under this id: the earlier copy stays. */
	| { status: 'duplicate' }
	| { status: 'refused'; reason: UploadRefusal }
	/** The id belongs to someone else, or to other verified bytes. */
	| { status: 'conflict'; reason: 'forbidden' | 'file_id_reused' };

/**
 * Writes the `uploads` row for a finished tus upload, once: verified, or refused with its reason.
 * The limits are checked here again (two uploads may finish at the same time): the case-wide one
 * under a lock on the case, in the database function `record_upload`
 * (migrations/0007_record_upload.sql); the person's total across cases under a lock on the
 * person, in the same transaction.
 */
export async function recordUpload(
	sql: Sql,
	outcome: UploadOutcome,
	limits: UploadLimits
): Promise<RecordResult> {
	const row = await sql.begin(async (tx) => {
		await tx`select pg_advisory_xact_lock(hashtext(${'uploads-owner:' + outcome.ownerId}))`;
		let refusal: UploadRefusal | null = outcome.refusal;
		if (refusal === null) {
			const [total] = await tx<{ bytes: number }[]>`
				select coalesce(sum(size), 0)::float8 as bytes from uploads
				where owner_id = ${outcome.ownerId} and status = 'verified' and id <> ${outcome.id}`;
			if (total!.bytes + outcome.size > limits.maxApplicantBytes) refusal = 'file_applicant_limit';
		}
		const [answer] = await tx<{ outcome: RecordResult['status']; refusal: string | null }[]>`
			select outcome, refusal from record_upload(${outcome.id}, ${outcome.ownerId},
				${outcome.caseId}, ${outcome.name}, ${outcome.mime}, ${outcome.size}, ${outcome.sha256},
				${outcome.storageKey}, ${refusal}, ${limits.maxCaseBytes})`;
		return answer;
	});
	if (!row) throw new Error('record_upload: no answer');
	switch (row.outcome) {
		case 'verified':
		case 'duplicate':
			return { status: row.outcome };
		case 'refused':
			return { status: 'refused', reason: row.refusal as UploadRefusal };
		case 'conflict':
			return { status: 'conflict', reason: row.refusal as 'forbidden' | 'file_id_reused' };
	}
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
	return typeof value === 'string' && UUID.test(value);
}
