import type { Sql } from '../db/client';
import type { AllowedType, RefusalCode } from './verify';

/** Refusals recorded on an `uploads` row (the verification's plus the case-wide limit). */
export type UploadRefusal = RefusalCode | 'file_case_limit';

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
	/** The case's applicant, or null when the server has no such case (yet). */
	applicant: string | null;
	/** The upload already recorded under this attachment id, if any. */
	existing: Pick<UploadRow, 'ownerId' | 'status' | 'sha256'> | null;
	/** Bytes of this person's verified uploads for the case, other than this attachment's. */
	verifiedBytes: number;
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
			ownerId: string | null;
			status: UploadRow['status'] | null;
			sha256: string | null;
			verifiedBytes: number;
		}[]
	>`
		select (select applicant_id from cases where id = ${caseId}) as applicant_id,
			u.owner_id, u.status, u.sha256,
			(select coalesce(sum(size), 0)::float8 from uploads
				where case_id = ${caseId} and owner_id = ${ownerId} and status = 'verified'
					and id <> ${attachmentId}::uuid) as verified_bytes
		from (values (1)) as one left join uploads u on u.id = ${attachmentId}::uuid`;
	if (!row) throw new Error('creationFacts: no row');
	const { applicantId, verifiedBytes } = row;
	const existing =
		row.ownerId && row.status && row.sha256
			? { ownerId: row.ownerId, status: row.status, sha256: row.sha256 }
			: null;
	return { applicant: applicantId, existing, verifiedBytes };
}

/** Bytes of this person's verified uploads for a case. */
async function verifiedCaseBytes(sql: Sql, ownerId: string, caseId: string): Promise<number> {
	const [row] = await sql<{ total: number }[]>`
		select coalesce(sum(size), 0)::float8 as total from uploads
		where case_id = ${caseId} and owner_id = ${ownerId} and status = 'verified'`;
	return row?.total ?? 0;
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
	| { status: 'verified'; row: UploadRow }
	/** The same bytes were already verified under this id: the earlier copy stays. */
	| { status: 'duplicate'; row: UploadRow }
	| { status: 'refused'; reason: UploadRefusal }
	/** The id belongs to someone else, or to other verified bytes. */
	| { status: 'conflict'; reason: 'forbidden' | 'file_id_reused' };

/**
 * Writes the `uploads` row for a finished tus upload, once: verified, or refused with its reason.
 * The case-wide limit is checked here again (two uploads may finish at the same time), under a
 * lock on the case, against the person's verified uploads for that case.
 */
export async function recordUpload(
	sql: Sql,
	outcome: UploadOutcome,
	maxCaseBytes: number
): Promise<RecordResult> {
	return sql.begin(async (tx) => {
		await tx`select pg_advisory_xact_lock(hashtext(${'uploads:' + outcome.caseId}))`;
		const [existing] = await tx.unsafe<UploadRow[]>(
			`select ${COLUMNS} from uploads where id = $1 for update`,
			[outcome.id]
		);
		if (existing && existing.ownerId !== outcome.ownerId) {
			return { status: 'conflict', reason: 'forbidden' } as const;
		}
		if (existing?.status === 'verified') {
			return !outcome.refusal && existing.sha256 === outcome.sha256
				? ({ status: 'duplicate', row: existing } as const)
				: ({ status: 'conflict', reason: 'file_id_reused' } as const);
		}
		let reason: UploadRefusal | null = outcome.refusal;
		if (!reason) {
			const total = await verifiedCaseBytes(tx as unknown as Sql, outcome.ownerId, outcome.caseId);
			if (total + outcome.size > maxCaseBytes) reason = 'file_case_limit';
		}
		const status = reason ? 'refused' : 'verified';
		const [row] = await tx.unsafe<UploadRow[]>(
			`insert into uploads (id, owner_id, case_id, name, mime, size, sha256, storage_key, status, reason)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
			on conflict (id) do update set case_id = excluded.case_id, name = excluded.name,
				mime = excluded.mime, size = excluded.size, sha256 = excluded.sha256,
				storage_key = excluded.storage_key, status = excluded.status, reason = excluded.reason,
				created_at = now()
			returning ${COLUMNS}`,
			[
				outcome.id,
				outcome.ownerId,
				outcome.caseId,
				outcome.name,
				outcome.mime,
				outcome.size,
				outcome.sha256,
				outcome.storageKey,
				status,
				reason
			]
		);
		return reason
			? ({ status: 'refused', reason } as const)
			: ({ status: 'verified', row: row! } as const);
	});
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
	return typeof value === 'string' && UUID.test(value);
}
