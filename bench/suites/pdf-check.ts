import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream, StandardFonts } from 'pdf-lib';
import { PdfCheckPool, pdfCheckOptionsFromEnv } from '../../src/server/files/pdf-check/pool';
import { round } from '../lib/results';
import { median, percentile } from '../lib/stats';
import type { Suite } from './types';

const MiB = 1024 * 1024;
const TARGET_BYTES = 10 * MiB;
const WARMUPS = 2;
const RUNS = Math.max(10, Number(process.env.BENCH_PDF_CHECKS) || 20);

/** Deterministic bytes that deflate about 2:1, like a scanned page stored with FlateDecode. */
function scanLike(bytes: number, seed: number): Buffer {
	const out = Buffer.alloc(bytes);
	let x = seed >>> 0 || 1;
	for (let i = 0; i < bytes; i++) {
		x ^= x << 13;
		x >>>= 0;
		x ^= x >>> 17;
		x ^= x << 5;
		x >>>= 0;
		out[i] = i % 2 === 0 ? x & 0xff : 0x80;
	}
	return out;
}

/**
 * A 10 MB PDF as applicants upload them: pages of text, each with a large FlateDecode image
 * (grey, 8 bits), in object streams (pdf-lib's default), about 20 MB once decoded.
 */
async function tenMegabytePdf(): Promise<Uint8Array> {
	const doc = await PDFDocument.create();
	const font = await doc.embedFont(StandardFonts.Helvetica);
	const side = 1400;
	let page = 0;
	for (;;) {
		const raw = scanLike(side * side, page + 1);
		const image = PDFRawStream.of(
			doc.context.obj({
				Type: 'XObject',
				Subtype: 'Image',
				Width: side,
				Height: side,
				ColorSpace: 'DeviceGray',
				BitsPerComponent: 8,
				Filter: 'FlateDecode'
			}),
			deflateSync(raw)
		);
		const ref = doc.context.register(image);
		const p = doc.addPage([595, 842]);
		p.node.setXObject(PDFName.of(`Im${page}`), ref);
		p.drawText(`Page ${page + 1}: certificate of employment, scanned copy`, {
			x: 40,
			y: 800,
			size: 12,
			font
		});
		p.pushOperators();
		page++;
		const bytes = await doc.save();
		if (bytes.length >= TARGET_BYTES - 1.2 * MiB || page >= 20) return bytes;
	}
}

/**
 * `upload-pdf-check-ms`: p95 wall time of one 10 MB PDF's content check in the worker pool
 * (sized from PDF_CHECK_WORKERS etc., as the server is), files sent one after another. No app.
 */
export const pdfCheckBench: Suite = {
	name: 'pdf-check',
	metrics: ['upload-pdf-check-ms'],
	async run() {
		const pdf = await tenMegabytePdf();
		const options = pdfCheckOptionsFromEnv();
		const pool = new PdfCheckPool(options);
		try {
			for (let i = 0; i < WARMUPS; i++) await pool.check(pdf);
			const times: number[] = [];
			for (let i = 0; i < RUNS; i++) {
				const t0 = performance.now();
				const { verdict } = await pool.check(pdf);
				times.push(performance.now() - t0);
				if (verdict !== 'ok') throw new Error(`the bench PDF was refused: ${verdict}`);
			}
			console.log(
				`pdf-check: ${(pdf.length / MiB).toFixed(2)} MiB, ${RUNS} checks, ` +
					`${options.workers} worker(s): p50 ${median(times).toFixed(0)} ms, ` +
					`p95 ${percentile(times, 95).toFixed(0)} ms`
			);
			return { 'upload-pdf-check-ms': { value: round(percentile(times, 95), 0), unit: 'ms' } };
		} finally {
			await pool.close();
		}
	}
};
