import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { certificatePdf, type CertificatePdfData } from '../../src/server/pdf/certificate';
import { generateSm2KeyPair, sm2Sign } from '../../src/server/services/certificates/sm2';
import { round } from '../lib/results';
import { median, percentile } from '../lib/stats';
import type { Suite } from './types';

const WARMUPS = 3;
const RUNS = Math.max(10, Number(process.env.BENCH_CERT_PDFS) || 40);
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '芳强伟娜敏静磊洋艳勇军杰娟涛明超秀霞平刚桂英华玉兰';

/** A smooth field with grain, like a face on a plain background (deterministic). */
function photoPixels(width: number, height: number): PNG {
	const png = new PNG({ width, height });
	let seed = 7;
	const noise = () => ((seed = (seed * 1103515245 + 12345) >>> 0) % 17) - 8;
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const dx = (x - width / 2) / width;
			const dy = (y - height * 0.4) / height;
			const face = Math.max(0, 1 - (dx * dx * 9 + dy * dy * 6));
			const i = (y * width + x) * 4;
			png.data[i] = Math.min(255, 60 + face * 170 + noise());
			png.data[i + 1] = Math.min(255, 110 + face * 110 + noise());
			png.data[i + 2] = Math.min(255, 190 - face * 60 + noise());
			png.data[i + 3] = 255;
		}
	}
	return png;
}

/**
 * A 证件照 like an uploaded one: a 295×413 JPEG (1 inch at 300 dpi), quality 85, encoded by
 * poppler's pdftoppm from a page holding the pixels (no JPEG encoder in the dependencies).
 */
async function photo(): Promise<Uint8Array> {
	const dir = mkdtempSync(path.join(tmpdir(), 'zc-bench-photo-'));
	try {
		const doc = await PDFDocument.create();
		const image = await doc.embedPng(PNG.sync.write(photoPixels(295, 413)));
		doc.addPage([295, 413]).drawImage(image, { x: 0, y: 0, width: 295, height: 413 });
		const pdf = path.join(dir, 'photo.pdf');
		writeFileSync(pdf, await doc.save());
		execFileSync('pdftoppm', [
			'-jpeg',
			'-jpegopt',
			'quality=85',
			'-r',
			'72',
			'-singlefile',
			pdf,
			path.join(dir, 'photo')
		]);
		return readFileSync(path.join(dir, 'photo.jpg'));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** Certificate i: another holder each time, so every render subsets the font anew. */
function certificate(i: number, bytes: Uint8Array, key: ReturnType<typeof generateSm2KeyPair>) {
	const name =
		SURNAMES[i % SURNAMES.length]! +
		GIVEN[(i * 7) % GIVEN.length]! +
		(i % 2 ? GIVEN[(i * 3) % GIVEN.length]! : '');
	const certNo = `JS2026-C-05-3201-${String(i + 1).padStart(6, '0')}`;
	const data: CertificatePdfData = {
		certNo,
		holderName: name,
		idNumberMasked: '320102********0025',
		source: 'review',
		seriesName: '工程技术人员',
		levelName: '中级',
		titleName: '工程师',
		specialty: ['机械工程', '电子信息', '建设工程', '集成电路'][i % 4]!,
		committeeName: '南京市工程技术中级职务评审委员会',
		approvalNo: `宁职称〔2026〕${i + 1}号`,
		approvedOn: '2026-12-05',
		issuedOn: '2026-12-05',
		issuingAuthority: '南京市人力资源和社会保障局',
		managementNo: null,
		oldCertificateNo: null,
		status: 'valid',
		successorNo: null,
		photo: bytes,
		verifyUrl: `https://zhicheng.example.cn/verify/${Buffer.from(certNo).toString('base64url').slice(0, 34)}`,
		signature: { keyId: 'e37061ec823c267f', derHex: sm2Sign(certNo + name, key) }
	};
	return data;
}

/**
 * `cert-pdf-ms`: p95 wall time of one e-certificate rendered on demand, uncached (font subset,
 * photo, QR code, signature text); `cert-pdf-kb`: the largest of them. One after another, no app.
 */
export const certPdfBench: Suite = {
	name: 'cert-pdf',
	metrics: ['cert-pdf-ms', 'cert-pdf-kb'],
	targets: { 'cert-pdf-ms': { max: 200 }, 'cert-pdf-kb': { max: 200 } },
	async run() {
		const bytes = await photo();
		const key = generateSm2KeyPair();
		for (let i = 0; i < WARMUPS; i++) await certificatePdf(certificate(1000 + i, bytes, key));
		const times: number[] = [];
		const sizes: number[] = [];
		for (let i = 0; i < RUNS; i++) {
			const data = certificate(i, bytes, key);
			const t0 = performance.now();
			const pdf = await certificatePdf(data);
			times.push(performance.now() - t0);
			sizes.push(pdf.byteLength / 1024);
		}
		console.log(
			`cert-pdf: ${RUNS} certificates, photo ${(bytes.length / 1024).toFixed(1)} KB: ` +
				`p50 ${median(times).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms, ` +
				`size ${Math.min(...sizes).toFixed(1)}–${Math.max(...sizes).toFixed(1)} KB`
		);
		return {
			'cert-pdf-ms': { value: round(percentile(times, 95), 0), unit: 'ms' },
			'cert-pdf-kb': { value: round(Math.max(...sizes), 1), unit: 'KB' }
		};
	}
};
