import { canonicalJson } from '$lib/domain/canonical-json';
import type { CertificatePrintedFields } from '$lib/domain/certificates';

/** The fields the signature covers, in the signed text: everything the PDF prints. */
const SIGNED_KEYS = [
	'certNo',
	'holderName',
	'idNumberMasked',
	'source',
	'seriesName',
	'levelName',
	'titleName',
	'specialty',
	'committeeName',
	'approvalNo',
	'approvedOn',
	'issuedOn',
	'issuingAuthority',
	'managementNo',
	'oldCertificateNo'
] as const satisfies readonly (keyof CertificatePrintedFields)[];

/**
 * The exact text that is signed: canonical JSON (sorted keys, no spaces) of the printed fields
 * and the key id under a format version, so a third party checks it byte for byte.
 */
export function signedText(c: CertificatePrintedFields & { keyId: string }): string {
	return canonicalJson({
		format: 'zhicheng-certificate-v1',
		keyId: c.keyId,
		...Object.fromEntries(SIGNED_KEYS.map((k) => [k, c[k]]))
	});
}
