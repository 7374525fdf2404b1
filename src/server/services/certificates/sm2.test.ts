import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { privateKeyFromPem, privateKeyPem, publicKeyPem } from './key-pem';
import { keyIdOf, parseSigningKey, type SigningKey } from './keys';
import { generateSm2KeyPair, sm2Sign, sm2Verify, sm3Hex, SM2_SIGNER_ID } from './sm2';
import { certificateIdOfToken, verifyToken } from './token';
import { numberPrefix } from './numbering';

/**
 * The SM2/SM3 signature against a second, independent implementation: the OpenSSL 3 command line
 * (its own SM2 code), both ways, with the standard signer id and Chinese text.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'zc-sm2-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TEXT = '{"certNo":"JS2026-C-05-3201-000001","holderName":"王芳","titleName":"工程师"}';
const file = (name: string, content?: string | Buffer) => {
	const p = path.join(dir, name);
	if (content !== undefined) writeFileSync(p, content);
	return p;
};
function openssl(...args: string[]): { ok: boolean; out: string } {
	try {
		return { ok: true, out: execFileSync('openssl', args, { stdio: 'pipe' }).toString() };
	} catch (error) {
		return { ok: false, out: String((error as { stderr?: Buffer }).stderr ?? error) };
	}
}
const SIGN = ['-rawin', '-digest', 'sm3', '-pkeyopt', `distid:${SM2_SIGNER_ID}`];

function opensslVerify(pubPem: string, text: string, sigHex: string) {
	return openssl(
		'pkeyutl',
		'-verify',
		'-pubin',
		'-inkey',
		file('pub.pem', pubPem),
		'-in',
		file('msg', text),
		'-sigfile',
		file('sig.der', Buffer.from(sigHex, 'hex')),
		...SIGN
	);
}

describe('SM2 with SM3, against OpenSSL', () => {
	it('OpenSSL verifies what sm-crypto signs with our key and published PEM', () => {
		const key = generateSm2KeyPair();
		const sig = sm2Sign(TEXT, key);
		const result = opensslVerify(publicKeyPem(key.publicKey), TEXT, sig);
		expect(result.out).toContain('Signature Verified Successfully');
		// One changed character: OpenSSL refuses it.
		const tampered = opensslVerify(publicKeyPem(key.publicKey), TEXT.replace('王芳', '王方'), sig);
		expect(tampered.ok).toBe(false);
	});

	it('we verify what OpenSSL signs, with a key OpenSSL generated and we read from its PEM', () => {
		const keyPem = file('k.pem');
		expect(openssl('genpkey', '-algorithm', 'SM2', '-out', keyPem).ok).toBe(true);
		const key = parseSigningKey(readFileSync(keyPem, 'utf8'), 'k.pem');
		const der = execFileSync('openssl', ['pkey', '-in', keyPem, '-pubout', '-outform', 'DER']);
		expect(key.publicKey).toBe(der.subarray(-65).toString('hex'));
		const sigFile = file('ossl.sig');
		const signed = openssl(
			'pkeyutl',
			'-sign',
			'-inkey',
			keyPem,
			'-in',
			file('msg', TEXT),
			'-out',
			sigFile,
			...SIGN
		);
		expect(signed.ok).toBe(true);
		const sig = readFileSync(sigFile).toString('hex');
		expect(sm2Verify(TEXT, sig, key.publicKey)).toBe(true);
		expect(sm2Verify(TEXT + ' ', sig, key.publicKey)).toBe(false);
		// And OpenSSL verifies sm-crypto's signature made with OpenSSL's key.
		const pub = execFileSync('openssl', ['pkey', '-in', keyPem, '-pubout']).toString();
		expect(opensslVerify(pub, TEXT, sm2Sign(TEXT, key)).out).toContain('Verified Successfully');
	});

	it('OpenSSL reads the development key file we write (PKCS#8) and signs with it', () => {
		const key = generateSm2KeyPair();
		const keyPem = file('dev.pem', privateKeyPem(key.privateKey, key.publicKey));
		expect(privateKeyFromPem(readFileSync(keyPem, 'utf8'))).toBe(key.privateKey);
		const sigFile = file('dev.sig');
		expect(
			openssl(
				'pkeyutl',
				'-sign',
				'-inkey',
				keyPem,
				'-in',
				file('msg', TEXT),
				'-out',
				sigFile,
				...SIGN
			).ok
		).toBe(true);
		expect(sm2Verify(TEXT, readFileSync(sigFile).toString('hex'), key.publicKey)).toBe(true);
	});

	it('SM3 agrees with OpenSSL’s', () => {
		const out = openssl('dgst', '-sm3', '-hex', file('msg', '职称 abc')).out;
		expect(out.trim().split('= ')[1]).toBe(sm3Hex(new TextEncoder().encode('职称 abc')));
	});

	it('refuses a key that is not SM2, and a signature that is not DER', () => {
		const p256 = file('p256.pem');
		openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', p256);
		expect(() => parseSigningKey(readFileSync(p256, 'utf8'), 'p256.pem')).toThrow(/SM2/);
		const key = generateSm2KeyPair();
		expect(sm2Verify(TEXT, 'zz', key.publicKey)).toBe(false);
		expect(sm2Verify(TEXT, sm2Sign(TEXT, key), generateSm2KeyPair().publicKey)).toBe(false);
	});
});

describe('the QR token', () => {
	const pair = generateSm2KeyPair();
	const key: SigningKey = { ...pair, keyId: keyIdOf(pair.publicKey) };
	const id = '0f8fad5b-d9cb-469f-a165-70867728950e';

	it('names its certificate and is plain ASCII for a URL', () => {
		const token = verifyToken(id, key, {});
		expect(token).toMatch(/^[A-Za-z0-9_-]{34}$/);
		expect(certificateIdOfToken(token, key, {})).toBe(id);
	});

	it('any altered character, a cut token or another key’s token is refused', () => {
		const token = verifyToken(id, key, {});
		for (let i = 0; i < token.length; i++) {
			const ch = token[i] === 'A' ? 'B' : 'A';
			expect(certificateIdOfToken(token.slice(0, i) + ch + token.slice(i + 1), key, {})).toBeNull();
		}
		expect(certificateIdOfToken(token.slice(0, 30), key, {})).toBeNull();
		const other = generateSm2KeyPair();
		const otherKey = { ...other, keyId: keyIdOf(other.publicKey) };
		expect(certificateIdOfToken(token, otherKey, {})).toBeNull();
		// With CERT_TOKEN_SECRET the token outlives a new signing key.
		const env = { CERT_TOKEN_SECRET: 's3cret' };
		expect(certificateIdOfToken(verifyToken(id, key, env), otherKey, env)).toBe(id);
	});
});

describe('certificate numbers', () => {
	it('follow the synthetic format of domain §4.2', () => {
		expect(numberPrefix({ year: 2026, level: 'C', seriesCode: 5, regionCode: '320102' })).toBe(
			'JS2026-C-05-3201'
		);
		expect(numberPrefix({ year: 2026, level: 'A', seriesCode: 12, regionCode: '320000-BJ' })).toBe(
			'JS2026-A-12-3200'
		);
		expect(numberPrefix({ year: 2026, level: 'B', seriesCode: 3, regionCode: null })).toBe(
			'JS2026-B-03-3200'
		);
	});
});
