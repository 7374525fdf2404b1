import type { Sql } from '../../db/client';
import type {
	CertificatePrintedFields,
	CertificateStatus,
	VerifyAnswer
} from '$lib/domain/certificates';
import { reserveOne, type WindowLimit } from '../../auth/throttle';
import { printedColumns } from './columns';
import { signingKey } from './keys';
import { signedText } from './signed-fields';
import { sm2Verify } from './sm2';
import { certificateIdOfToken } from './token';

/** 职称证书查询 per client address: enough for a person, too few to walk the number space. */
export function verifyLimit(address: string): WindowLimit {
	return { kind: 'window', key: `verify:${address}`, max: 30, windowSeconds: 600 };
}

export type VerifyRequest = { name: string; certNo: string } | { token: string };

interface Row extends CertificatePrintedFields {
	id: string;
	status: CertificateStatus;
	hasECertificate: boolean;
	signedFields: string | null;
	signature: string | null;
	keyId: string | null;
	publicKey: string | null;
	successorNo: string | null;
	successorStatus: CertificateStatus | null;
	predecessorNo: string | null;
	predecessorStatus: CertificateStatus | null;
}

function select(sql: Sql, where: ReturnType<Sql>) {
	return sql<Row[]>`
		select c.id, ${printedColumns(sql)},
			c.status, c.has_e_certificate, c.signed_fields, c.signature,
			c.key_id, k.public_key, s.cert_no as successor_no, s.status as successor_status,
			p.cert_no as predecessor_no, p.status as predecessor_status
		from certificates c
		left join certificate_signing_keys k on k.key_id = c.key_id
		left join certificates s on s.id = c.successor_id
		left join certificates p on p.id = c.predecessor_id
		where ${where}
		order by c.created_at desc limit 1`;
}

/**
 * Whether the signature holds: over the text that was signed, by the key it names, and that
 * text is what the row says today (an edited column fails, as an altered signature does).
 */
export function signatureState(r: Row): 'verified' | 'failed' | 'none' {
	if (!r.hasECertificate) return 'none';
	if (!r.signedFields || !r.signature || !r.keyId || !r.publicKey) return 'failed';
	const expected = signedText({ ...r, keyId: r.keyId });
	if (expected !== r.signedFields) return 'failed';
	return sm2Verify(r.signedFields, r.signature, r.publicKey) ? 'verified' : 'failed';
}

/** Field by field: the public answer names exactly what may be shown, masked. */
function answerOf(r: Row): VerifyAnswer {
	return {
		outcome: 'found',
		certificate: {
			certNo: r.certNo,
			holderName: r.holderName,
			idNumberMasked: r.idNumberMasked,
			titleName: r.titleName,
			levelName: r.levelName,
			seriesName: r.seriesName,
			specialty: r.specialty,
			committeeName: r.committeeName,
			approvalNo: r.approvalNo,
			approvedOn: r.approvedOn,
			issuedOn: r.issuedOn,
			issuingAuthority: r.issuingAuthority,
			status: r.status,
			hasECertificate: r.hasECertificate
		},
		signature: signatureState(r),
		keyId: r.keyId,
		signed:
			r.signedFields && r.signature ? { text: r.signedFields, signatureHex: r.signature } : null,
		successor: r.successorNo ? { certNo: r.successorNo, status: r.successorStatus! } : null,
		predecessor: r.predecessorNo ? { certNo: r.predecessorNo, status: r.predecessorStatus! } : null
	};
}

/**
 * Public verification, by name + number or by the QR token. Every request counts against the
 * client address first; a wrong name answers exactly as a number that does not exist.
 */
export async function verifyCertificate(
	sql: Sql,
	request: VerifyRequest,
	address: string
): Promise<VerifyAnswer> {
	const reservation = await reserveOne(sql, verifyLimit(address));
	if (!reservation.ok) {
		return { outcome: 'rate_limited', retryAfterSeconds: reservation.retryAfterSeconds };
	}
	let rows: Row[];
	if ('token' in request) {
		const id = certificateIdOfToken(request.token.trim(), await signingKey());
		if (!id) return { outcome: 'bad_token' };
		rows = await select(sql, sql`c.id = ${id} and c.has_e_certificate`);
	} else {
		const certNo = request.certNo.trim().toUpperCase();
		const name = request.name.replace(/\s/g, '');
		if (!certNo || !name) return { outcome: 'not_found' };
		rows = await select(
			sql,
			sql`(c.cert_no = ${certNo} or c.old_certificate_no = ${request.certNo.trim()})
				and c.holder_name = ${name}`
		);
	}
	return rows[0] ? answerOf(rows[0]) : { outcome: 'not_found' };
}
