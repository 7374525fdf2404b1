import type { Sql } from '../../db/client';
import type { CertificatePrintedFields, CertificateStatus } from '$lib/domain/certificates';
import { hasRole, reviewerScopes } from '$lib/domain/roles';
import type { SessionUser } from '../../auth/users';
import { certificatePdf } from '../../pdf/certificate';
import { caseForReviewer, type ReviewerScope } from '../cases/access';
import { audit } from '../review/audit';
import { isUuid } from '../../files/uploads';
import { printedColumns } from './columns';
import { signingKey } from './keys';
import { verifyToken } from './token';

/** Who asks for an e-certificate: its holder, or a reviewer whose scope the producing case reached. */
export type CertificateReader =
	{ holderId: string } | { reviewerId: string; scopes: readonly ReviewerScope[] };

/** An applicant reads as a holder, a reviewer through their scopes; anyone else not at all. */
export function readerOf(user: SessionUser): CertificateReader | null {
	if (hasRole(user.roles, 'applicant')) return { holderId: user.id };
	const scopes = reviewerScopes(user.roles);
	return scopes.length > 0 ? { reviewerId: user.id, scopes } : null;
}

export interface CertificatePdfDeps {
	/** The public origin the QR code points to (`https://…`, no trailing slash). */
	origin: string;
	/** The stored bytes of an upload (the 证件照), or null when they cannot be read. */
	readUpload(storageKey: string): Promise<Uint8Array | null>;
}

interface Row extends CertificatePrintedFields {
	id: string;
	holderId: string;
	caseId: string;
	status: CertificateStatus;
	signature: string;
	keyId: string;
	version: number;
	successorNo: string | null;
	photoKey: string | null;
}

/** Rendered PDFs by certificate, version, key and origin: a status change renders anew. */
const cache = new Map<string, Uint8Array>();
const CACHE_SIZE = 64;

function remember(key: string, pdf: Uint8Array) {
	cache.delete(key);
	cache.set(key, pdf);
	while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
}

/**
 * The e-certificate PDF, or null when there is none or the reader may not see it (the same
 * answer either way). A reviewer's read is audited.
 */
export async function certificatePdfFor(
	sql: Sql,
	reader: CertificateReader,
	id: string,
	deps: CertificatePdfDeps
): Promise<{ pdf: Uint8Array; filename: string } | null> {
	if (!isUuid(id)) return null;
	const [row] = await sql<Row[]>`
		select c.id, c.holder_id, c.case_id, ${printedColumns(sql)},
			c.status, c.signature, c.key_id, c.version,
			s.cert_no as successor_no, u.storage_key as photo_key
		from certificates c
		left join certificates s on s.id = c.successor_id
		left join uploads u on u.id = c.photo_upload_id and u.status = 'verified'
		where c.id = ${id} and c.has_e_certificate`;
	if (!row) return null;
	if ('holderId' in reader) {
		if (row.holderId !== reader.holderId) return null;
	} else {
		if (!(await caseForReviewer(sql, row.caseId, reader.scopes))) return null;
		await audit(sql, {
			actorId: reader.reviewerId,
			action: 'certificate.read',
			subject: `certificate:${id}`
		});
	}
	const key = await signingKey();
	const cacheKey = `${row.id}:${row.version}:${key.keyId}:${deps.origin}`;
	const filename = `职称电子证书-${row.certNo}.pdf`;
	const cached = cache.get(cacheKey);
	if (cached) return { pdf: cached, filename };
	const pdf = await certificatePdf({
		...row,
		photo: row.photoKey ? await deps.readUpload(row.photoKey) : null,
		verifyUrl: `${deps.origin}/verify/${verifyToken(row.id, key)}`,
		signature: { keyId: row.keyId, derHex: row.signature }
	});
	remember(cacheKey, pdf);
	return { pdf, filename };
}
