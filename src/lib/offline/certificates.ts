import type { CertificateRecord } from '$lib/domain/certificates';
import type { CaseKind } from '$lib/domain/sync';
import type { ZhichengDB } from './db';
import { nowIso } from './meta';
import { createDraft, saveModule } from './writes';

/**
 * The applicant's certificates on this device: the records arrive with the pull; an
 * e-certificate's PDF, once downloaded or previewed, is kept here and opens offline.
 */

/** The kept PDF of a certificate, if it shows the certificate's current version. */
export async function keptCertificatePdf(
	db: ZhichengDB,
	cert: Pick<CertificateRecord, 'id' | 'version'>
): Promise<Blob | null> {
	const row = await db.certificateFiles.get(cert.id);
	return row && row.version === cert.version
		? new Blob([row.bytes], { type: 'application/pdf' })
		: null;
}

export class CertificatePdfError extends Error {}

/** The e-certificate's PDF: the copy kept here, else fetched from the server and kept. */
export async function certificatePdf(db: ZhichengDB, cert: CertificateRecord): Promise<Blob> {
	const kept = await keptCertificatePdf(db, cert);
	if (kept) return kept;
	if (!cert.pdfUrl) throw new CertificatePdfError('no e-certificate');
	const response = await fetch(cert.pdfUrl, { credentials: 'same-origin' });
	const type = response.headers.get('content-type') ?? '';
	if (!response.ok || !type.startsWith('application/pdf'))
		throw new CertificatePdfError(String(response.status));
	const bytes = await response.arrayBuffer();
	await db.certificateFiles.put({ id: cert.id, version: cert.version, bytes, savedAt: nowIso() });
	return new Blob([bytes], { type: 'application/pdf' });
}

/** [certificate id, version] of every PDF kept on this device. */
export async function keptVersionsOf(db: ZhichengDB): Promise<[string, number][]> {
	const rows = await db.certificateFiles.toArray();
	return rows.map((r): [string, number] => [r.id, r.version]).sort();
}

/**
 * A new case of a certificate service (works offline): 补办 starts from the certificate chosen
 * in 查询, with its 申报类型 when known.
 */
export async function startCertificateCase(
	db: ZhichengDB,
	kind: Extract<CaseKind, 'historical' | 'reissue'>,
	from?: CertificateRecord
): Promise<string> {
	const id = await createDraft(db, kind);
	if (kind === 'reissue' && from)
		await saveModule(db, id, 'reissue_request', {
			certificateId: from.id,
			certificateNo: from.certNo,
			...(from.source ? { declarationType: from.source } : {})
		});
	return id;
}
