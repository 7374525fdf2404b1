import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActInput } from '../../src/lib/domain/review';
import { CERTIFICATE_NO_RE, type VerifyAnswer } from '../../src/lib/domain/certificates';
import { loadSessionUser } from '../../src/server/auth/users';
import { seedDemoAccounts } from '../../src/server/seed/demo';
import { startReview } from '../../src/server/services/cases/route';
import {
	certificateChangesSince,
	certificatesForHolder
} from '../../src/server/services/certificates/queries';
import { certificatePdfFor, readerOf } from '../../src/server/services/certificates/pdf';
import { verifyCertificate, verifyLimit } from '../../src/server/services/certificates/verify';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { callerFor, userIdBy } from '../helpers/context';
import { submittedReviewCase } from '../helpers/cases';

/**
 * Certificates on real PostgreSQL (TEST_DATABASE_URL) or the embedded PGlite: issued in the
 * transaction of the last 通过 for every kind, numbered, SM2-signed, verified in public with
 * masked data only, rendered as a PDF whose text and QR code say what they should.
 */
let db: TestDatabase;
let dir: string;
beforeAll(async () => {
	db = await openTestDatabase();
	await seedDemoAccounts(db.sql);
	dir = mkdtempSync(path.join(tmpdir(), 'zc-certs-'));
});
afterAll(async () => {
	await db.close();
	rmSync(dir, { recursive: true, force: true });
});

const WANG = '13800000001';
const pass = (caseId: string, ordinal: number, extra: Partial<ActInput> = {}): ActInput => ({
	mutationId: randomUUID(),
	caseId,
	ordinal,
	action: 'pass',
	...extra
});

async function rejection(p: Promise<unknown>): Promise<string> {
	try {
		await p;
	} catch (error) {
		return error instanceof TRPCError ? `${error.code}:${error.message}` : String(error);
	}
	throw new Error('expected a refusal');
}

/** 王芳's 评审 case through unit, department, 申报点; the committee's 通过 is left to the test. */
async function reviewCaseAtCommittee(): Promise<string> {
	const c = await submittedReviewCase(db.sql, WANG);
	for (const [login, ordinal] of [
		['unit01', 1],
		['dept01', 2],
		['hr01', 3]
	] as const) {
		await (await callerFor(db.sql, login)).review.act(pass(c.caseId, ordinal));
	}
	return c.caseId;
}

async function approveAtCommittee(caseId: string) {
	return (await callerFor(db.sql, 'committee01')).review.act(
		pass(caseId, 4, { approvalNo: '宁职称〔2026〕18号' })
	);
}

/** A submitted 历史职称数据登记 or 补办 case of 王芳's, at the 南京 申报点 (hr01). */
async function serviceCase(
	kind: 'historical' | 'reissue',
	modules: Record<string, unknown>
): Promise<string> {
	const caseId = randomUUID();
	const applicant = await userIdBy(db.sql, WANG);
	await db.sql.begin(async (tx) => {
		await tx`insert into cases (id, applicant_id, kind) values (${caseId}, ${applicant}, ${kind})`;
		for (const [module, data] of Object.entries(modules)) {
			await tx`insert into case_modules (case_id, module, data, revision)
				values (${caseId}, ${module}, ${tx.json(data as never)}, 1)`;
		}
		const started = await startReview(tx, caseId, kind, modules, null);
		if (!started.ok) throw new Error('not routed');
	});
	return caseId;
}

/** A 补办 (reissue) or 换发 (replace) request of 王芳's certificate, submitted to the 南京 申报点. */
function reissueCase(certificateId: string, businessType: 'reissue' | 'replace') {
	return serviceCase('reissue', {
		reissue_request: {
			certificateId,
			declarationType: 'review',
			businessType,
			regionCode: '320100-BJ',
			declarationPointId: 'dp-nj'
		}
	});
}

async function certificateOf(caseId: string) {
	const [row] = await db.sql<
		{ id: string; certNo: string; status: string; signature: string | null; keyId: string | null }[]
	>`select id, cert_no, status, signature, key_id from certificates where case_id = ${caseId}`;
	return row ?? null;
}

const HISTORICAL = {
	seriesCode: 'engineering',
	levelCode: 'C',
	titleName: '工程师',
	specialty: '机械工程',
	approvedOn: '2008-12-20',
	approvalNo: '宁人职〔2008〕45号',
	committeeName: '南京市工程技术中级职务评审委员会',
	issuingAuthority: '南京市人事局',
	oldCertificateNo: 'NJ2008-0012345',
	managementNo: 'G0801234',
	regionCode: '320100-BJ'
};

describe('issuance at the last 通过 of a 评审 case', () => {
	let caseId: string;
	beforeAll(async () => {
		caseId = await reviewCaseAtCommittee();
	});

	it('a rolled-back 通过 issues nothing and spends no number', async () => {
		const serials =
			await db.sql`select prefix, last_serial from certificate_serials order by prefix`;
		await db.sql.unsafe(`create function certs_test_fail() returns trigger language plpgsql as $$
			begin raise exception 'certificate insert refused by the test'; end $$`);
		await db.sql.unsafe(`create trigger certs_test_fail after insert on certificates
			for each row execute function certs_test_fail()`);
		try {
			expect(await rejection(approveAtCommittee(caseId))).toMatch(/^INTERNAL_SERVER_ERROR/);
		} finally {
			await db.sql.unsafe(`drop trigger certs_test_fail on certificates;
				drop function certs_test_fail()`);
		}
		expect(await certificateOf(caseId)).toBeNull();
		const [kase] = await db.sql`select status, current_ordinal from cases where id = ${caseId}`;
		expect(kase).toEqual({ status: 'submitted', currentOrdinal: 4 });
		expect(
			await db.sql`select prefix, last_serial from certificate_serials order by prefix`
		).toEqual(serials);
		const notices = await db.sql`select kind from notices where case_id = ${caseId}
			and kind in ('approved', 'certificate')`;
		expect(notices).toEqual([]);
	});

	it('the committee’s 通过 issues a valid, signed e-certificate with the holder’s notice', async () => {
		expect(await approveAtCommittee(caseId)).toMatchObject({ caseStatus: 'approved' });
		const [cert] = await certificatesForHolder(db.sql, await userIdBy(db.sql, WANG));
		expect(cert).toMatchObject({
			caseId,
			caseKind: 'review',
			status: 'valid',
			hasECertificate: true,
			holderName: '王芳',
			idNumberMasked: '320102********0025',
			levelCode: 'C',
			titleName: '工程师',
			approvalNo: '宁职称〔2026〕18号',
			issuingAuthority: '南京市人力资源和社会保障局',
			pdfUrl: `/certificates/${cert!.id}/certificate.pdf`
		});
		expect(cert!.certNo).toMatch(CERTIFICATE_NO_RE);
		expect(cert!.certNo).toMatch(/^JS\d{4}-C-\d{2}-3201-000001$/);
		expect(cert!.verifyPath).toMatch(/^\/verify\/[A-Za-z0-9_-]{34}$/);
		expect(JSON.stringify(cert)).not.toContain('320102199003070025');
		const notices = await db.sql`select kind, unit_name from notices where case_id = ${caseId}
			order by change_seq`;
		expect(notices.map((n) => n.kind).slice(-2)).toEqual(['approved', 'certificate']);
		expect(notices.at(-1)!.unitName).toBe('南京市人力资源和社会保障局');
	});

	it('a repeated 通过 (same mutation) issues no second certificate', async () => {
		const input = pass(caseId, 4, { approvalNo: '宁职称〔2026〕18号' });
		const committee = await callerFor(db.sql, 'committee01');
		await rejection(committee.review.act(input));
		const [row] =
			await db.sql`select count(*)::int as n from certificates where case_id = ${caseId}`;
		expect(row!.n).toBe(1);
	});

	it('arrives in the holder’s change feed, in change_seq order', async () => {
		const holder = await userIdBy(db.sql, WANG);
		const changes = await certificateChangesSince(db.sql, holder, '0', 50);
		expect(changes.map((c) => c.certificate.caseId)).toContain(caseId);
		const last = changes.at(-1)!;
		expect(await certificateChangesSince(db.sql, holder, last.seq, 50)).toEqual([]);
		const other = await userIdBy(db.sql, '13800000002');
		expect(await certificateChangesSince(db.sql, other, '0', 50)).toEqual([]);
	});

	it('the next certificate of the same prefix takes the next serial', async () => {
		const second = await reviewCaseAtCommittee();
		await approveAtCommittee(second);
		const a = await certificateOf(caseId);
		const b = await certificateOf(second);
		expect(b!.certNo.slice(0, -6)).toBe(a!.certNo.slice(0, -6));
		expect(Number(b!.certNo.slice(-6))).toBe(Number(a!.certNo.slice(-6)) + 1);
	});
});

describe('public verification', () => {
	let certNo: string;
	let token: string;
	beforeAll(async () => {
		const [cert] = await certificatesForHolder(db.sql, await userIdBy(db.sql, WANG), {
			status: 'valid'
		});
		certNo = cert!.certNo;
		token = cert!.verifyPath!.split('/').at(-1)!;
	});

	it('by name and number: masked data, 有效 and a verified SM2 signature', async () => {
		const answer = await verifyCertificate(db.sql, { name: '王芳', certNo }, 'a1');
		expect(answer).toMatchObject({
			outcome: 'found',
			certificate: {
				certNo,
				holderName: '王芳',
				idNumberMasked: '320102********0025',
				status: 'valid'
			},
			signature: 'verified',
			successor: null
		});
		expect(JSON.stringify(answer)).not.toContain('199003070025');
		// Lower case and spaces as people type them.
		const typed = await verifyCertificate(
			db.sql,
			{ name: ' 王 芳', certNo: certNo.toLowerCase() },
			'a1'
		);
		expect(typed.outcome).toBe('found');
	});

	it('a wrong name answers exactly as a number that does not exist', async () => {
		const wrongName = await verifyCertificate(db.sql, { name: '李强', certNo }, 'a2');
		const noNumber = await verifyCertificate(
			db.sql,
			{ name: '王芳', certNo: 'JS2026-C-05-3201-999999' },
			'a2'
		);
		expect(wrongName).toEqual({ outcome: 'not_found' });
		expect(noNumber).toEqual(wrongName);
		// Through tRPC, anonymous: the same.
		const anonymous = await callerFor(db.sql, null);
		expect(await anonymous.certificates.verify({ name: '李强', certNo })).toEqual(wrongName);
	});

	it('by the QR token; a tampered token says so and is never an error', async () => {
		const byToken = await verifyCertificate(db.sql, { token }, 'a3');
		expect(byToken).toMatchObject({ outcome: 'found', signature: 'verified' });
		const flipped = token.slice(0, 5) + (token[5] === 'x' ? 'y' : 'x') + token.slice(6);
		expect(await verifyCertificate(db.sql, { token: flipped }, 'a3')).toEqual({
			outcome: 'bad_token'
		});
		expect(await verifyCertificate(db.sql, { token: 'not-a-token' }, 'a3')).toEqual({
			outcome: 'bad_token'
		});
		const anonymous = await callerFor(db.sql, null);
		expect(await anonymous.certificates.verify({ token: token + 'A' })).toEqual({
			outcome: 'bad_token'
		});
	});

	it('a certificate whose stored fields were altered fails its signature check', async () => {
		const [row] = await db.sql`select id, title_name from certificates where cert_no = ${certNo}`;
		await db.sql`update certificates set title_name = '高级工程师' where id = ${row!.id}`;
		try {
			const answer = await verifyCertificate(db.sql, { token }, 'a4');
			expect(answer).toMatchObject({ outcome: 'found', signature: 'failed' });
		} finally {
			await db.sql`update certificates set title_name = ${row!.titleName} where id = ${row!.id}`;
		}
		expect(await verifyCertificate(db.sql, { token }, 'a4')).toMatchObject({
			signature: 'verified'
		});
	});

	it('is rate limited per client address in PostgreSQL', async () => {
		const { max } = verifyLimit('x');
		const answers: VerifyAnswer['outcome'][] = [];
		for (let i = 0; i <= max; i++) {
			answers.push(
				(await verifyCertificate(db.sql, { name: '王芳', certNo }, '203.0.113.9')).outcome
			);
		}
		expect(answers.slice(0, max).every((o) => o === 'found')).toBe(true);
		expect(answers[max]).toBe('rate_limited');
		const [row] = await db.sql`select count from throttles where key = 'verify:203.0.113.9'`;
		expect(row!.count).toBe(max + 1);
		expect(
			(await verifyCertificate(db.sql, { name: '王芳', certNo }, '203.0.113.10')).outcome
		).toBe('found');
	});
});

describe('历史职称数据登记 and 补办 / 换发', () => {
	let historicalId: string;
	it('the 申报点’s 通过 registers a 历史登记 certificate without an e-certificate', async () => {
		const caseId = await serviceCase('historical', {
			historical_certificate: HISTORICAL,
			historical_materials: {}
		});
		const hr = await callerFor(db.sql, 'hr01');
		expect(await hr.review.act(pass(caseId, 1))).toMatchObject({ caseStatus: 'approved' });
		const cert = (await certificatesForHolder(db.sql, await userIdBy(db.sql, WANG))).find(
			(c) => c.caseId === caseId
		)!;
		historicalId = cert.id;
		expect(cert).toMatchObject({
			status: 'historical',
			hasECertificate: false,
			caseKind: 'historical',
			titleName: '工程师',
			approvalNo: '宁人职〔2008〕45号',
			approvedOn: '2008-12-20',
			issuingAuthority: '南京市人事局',
			oldCertificateNo: 'NJ2008-0012345',
			managementNo: 'G0801234',
			pdfUrl: null,
			verifyPath: null
		});
		expect(await certificateOf(caseId)).toMatchObject({ signature: null, keyId: null });
		// 查询 finds it by its printed number too.
		const byOld = await verifyCertificate(db.sql, { name: '王芳', certNo: 'NJ2008-0012345' }, 'h1');
		expect(byOld).toMatchObject({ outcome: 'found', signature: 'none' });
		const mine = await (await callerFor(db.sql, WANG)).certificates.mine({ certNo: 'NJ2008' });
		expect(mine.map((c) => c.id)).toEqual([historicalId]);
	});

	it('a historical registration missing its level is refused at 通过, nothing written', async () => {
		const caseId = await serviceCase('historical', {
			historical_certificate: { ...HISTORICAL, levelCode: undefined }
		});
		const hr = await callerFor(db.sql, 'hr01');
		expect(await rejection(hr.review.act(pass(caseId, 1)))).toBe(
			'CONFLICT:证书信息不全（系列、层级或资格名称缺失），不能通过发证，请退回申请人补充'
		);
		expect(await certificateOf(caseId)).toBeNull();
		const [kase] = await db.sql`select status from cases where id = ${caseId}`;
		expect(kase!.status).toBe('submitted');
	});

	it('补办 issues an e-certificate copying the title; the old one is 已作废 pointing to it', async () => {
		const caseId = await reissueCase(historicalId, 'reissue');
		await (await callerFor(db.sql, 'hr01')).review.act(pass(caseId, 1));
		const all = await certificatesForHolder(db.sql, await userIdBy(db.sql, WANG));
		const fresh = all.find((c) => c.caseId === caseId)!;
		const old = all.find((c) => c.id === historicalId)!;
		expect(fresh).toMatchObject({
			status: 'valid',
			hasECertificate: true,
			source: 'review',
			titleName: '工程师',
			approvalNo: '宁人职〔2008〕45号',
			issuingAuthority: '南京市人事局',
			predecessor: { id: historicalId }
		});
		expect(old).toMatchObject({ status: 'void', successor: { id: fresh.id, status: 'valid' } });
		const answer = await verifyCertificate(db.sql, { name: '王芳', certNo: old.certNo }, 'r1');
		expect(answer).toMatchObject({
			outcome: 'found',
			certificate: { status: 'void' },
			successor: { certNo: fresh.certNo, status: 'valid' }
		});
	});

	it('换发 of a valid e-certificate marks it 已换发; its token then says so', async () => {
		const [valid] = await certificatesForHolder(db.sql, await userIdBy(db.sql, WANG), {
			status: 'valid'
		});
		const caseId = await reissueCase(valid!.id, 'replace');
		await (await callerFor(db.sql, 'hr01')).review.act(pass(caseId, 1));
		const token = valid!.verifyPath!.split('/').at(-1)!;
		const answer = await verifyCertificate(db.sql, { token }, 'r2');
		expect(answer).toMatchObject({
			outcome: 'found',
			certificate: { status: 'replaced' },
			signature: 'verified'
		});
		expect(answer.outcome === 'found' && answer.successor?.status).toBe('valid');
	});

	it('a second 补办 of a certificate already replaced is refused at 通过', async () => {
		const caseId = await reissueCase(historicalId, 'reissue');
		const hr = await callerFor(db.sql, 'hr01');
		expect(await rejection(hr.review.act(pass(caseId, 1)))).toMatch(
			/^CONFLICT:要补办（换发）的证书不存在/
		);
		expect(await certificateOf(caseId)).toBeNull();
	});
});

describe('the e-certificate PDF', () => {
	const ORIGIN = 'http://127.0.0.1:4633';
	let certId: string;
	let pdfPath: string;
	beforeAll(async () => {
		// The second 评审 certificate: still valid, produced through all four levels.
		const all = await certificatesForHolder(db.sql, await userIdBy(db.sql, WANG), {
			status: 'valid'
		});
		certId = all.find((c) => c.caseKind === 'review')!.id;
		const photoId = randomUUID();
		await db.sql`insert into uploads (id, owner_id, name, mime, size, sha256, storage_key, status)
			values (${photoId}, ${await userIdBy(db.sql, WANG)}, 'photo.png',
				'image/png', 100, ${'b'.repeat(64)}, ${'photos/' + photoId}, 'verified')`;
		await db.sql`update certificates set photo_upload_id = ${photoId} where id = ${certId}`;
	});

	function photo(): Buffer {
		const png = new PNG({ width: 60, height: 80 });
		for (let i = 0; i < png.data.length; i += 4) png.data.set([40, 90, 160, 255], i);
		return PNG.sync.write(png);
	}
	const deps = {
		origin: ORIGIN,
		readUpload: async (key: string) => (key.startsWith('photos/') ? photo() : null)
	};

	it('holds the name and title in Chinese, and a QR code that decodes to the verify URL', async () => {
		const holder = await userIdBy(db.sql, WANG);
		const found = await certificatePdfFor(db.sql, { holderId: holder }, certId, deps);
		expect(found).not.toBeNull();
		console.log(`certificate PDF: ${(found!.pdf.byteLength / 1024).toFixed(1)} KB`);
		pdfPath = path.join(dir, 'cert.pdf');
		writeFileSync(pdfPath, found!.pdf);
		const text = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
		expect(text).toContain('王芳');
		expect(text).toContain('工程师');
		expect(text).toContain('专业技术资格证书');
		expect(text).toContain('南京市人力资源和社会保障局');
		expect(text).toContain('320102********0025');
		expect(text).not.toContain('199003070025');

		execFileSync('pdftoppm', ['-png', '-r', '100', '-singlefile', pdfPath, path.join(dir, 'page')]);
		const png = PNG.sync.read(readFileSync(path.join(dir, 'page.png')));
		// The 证件照 is drawn: its blue fills the photo frame (left, upper half).
		const at = (x: number, y: number) => [
			...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3)
		];
		expect(at(Math.round(png.width * 0.15), Math.round(png.height * 0.4))).toEqual([40, 90, 160]);
		const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
		expect(qr?.data).toMatch(new RegExp(`^${ORIGIN}/verify/[A-Za-z0-9_-]{34}$`));
		const token = qr!.data.split('/').at(-1)!;
		expect(await verifyCertificate(db.sql, { token }, 'pdf')).toMatchObject({
			outcome: 'found',
			signature: 'verified'
		});
		// A longer timeout: the first render loads the 14 MB font; poppler and the QR scan run.
	}, 120_000);

	it('is served from the cache until the certificate’s version changes', async () => {
		const holder = await userIdBy(db.sql, WANG);
		const a = await certificatePdfFor(db.sql, { holderId: holder }, certId, deps);
		const b = await certificatePdfFor(db.sql, { holderId: holder }, certId, deps);
		expect(b!.pdf).toBe(a!.pdf);
		await db.sql`update certificates set version = version + 1 where id = ${certId}`;
		const c = await certificatePdfFor(db.sql, { holderId: holder }, certId, deps);
		expect(c!.pdf).not.toBe(a!.pdf);
	});

	it('file download matrix: holder and the case’s reviewers only; others as for no certificate', async () => {
		const status = async (login: string, id: string) => {
			const user = await loadSessionUser(db.sql, await userIdBy(db.sql, login));
			const reader = readerOf(user!);
			if (!reader) return 403;
			return (await certificatePdfFor(db.sql, reader, id, deps)) ? 200 : 404;
		};
		const leaks: string[] = [];
		let calls = 0;
		for (const login of [WANG, 'unit01', 'dept01', 'hr01', 'committee01']) {
			calls += 1;
			if ((await status(login, certId)) !== 200) leaks.push(`${login} refused`);
		}
		for (const login of ['13800000002', 'unit02', 'admin']) {
			const real = await status(login, certId);
			const missing = await status(login, randomUUID());
			calls += 2;
			if (real !== missing || real === 200) leaks.push(`${login}: ${real}/${missing}`);
		}
		// A registered paper certificate has no PDF, even for its holder.
		const [paper] = await db.sql`select id from certificates where not has_e_certificate limit 1`;
		calls += 1;
		if ((await status(WANG, paper!.id)) !== 404) leaks.push('historical has a PDF');
		console.log(`certificate download matrix: ${calls} calls, ${leaks.length} leaks`);
		expect(leaks).toEqual([]);
		const [read] = await db.sql`select count(*)::int as n from audit_log
			where action = 'certificate.read' and subject = ${'certificate:' + certId}`;
		expect(read!.n).toBeGreaterThanOrEqual(4);
	});
});

describe('authorization matrix of the certificate procedures', () => {
	it('mine answers only the caller’s own certificates, whatever the conditions', async () => {
		const li = await callerFor(db.sql, '13800000002');
		expect(await li.certificates.mine({})).toEqual([]);
		expect(await li.certificates.mine({ certNo: 'JS' })).toEqual([]);
		const wang = await callerFor(db.sql, WANG);
		const own = await wang.certificates.mine();
		expect(own.length).toBeGreaterThan(0);
		expect(await wang.certificates.mine({ status: 'void' })).toHaveLength(1);
		const year = Number(own[0]!.issuedOn.slice(0, 4));
		expect((await wang.certificates.mine({ year })).length).toBe(
			own.filter((c) => c.issuedOn.startsWith(String(year))).length
		);
		for (const login of ['unit01', 'hr01', 'admin', null]) {
			const caller = await callerFor(db.sql, login);
			expect(await rejection(caller.certificates.mine())).toMatch(/^(FORBIDDEN|UNAUTHORIZED):/);
		}
	});

	it('verify refuses malformed input with a clear error and counts nothing', async () => {
		const anonymous = await callerFor(db.sql, null);
		expect(await rejection(anonymous.certificates.verify({ name: '', certNo: '' }))).toMatch(
			/^BAD_REQUEST:/
		);
		const [row] = await db.sql`select count(*)::int as n from throttles where key = 'verify:local'`;
		const before = row!.n;
		await rejection(anonymous.certificates.verify({ token: 'x'.repeat(200) }));
		const [after] =
			await db.sql`select count(*)::int as n from throttles where key = 'verify:local'`;
		expect(after!.n).toBe(before);
	});
});
