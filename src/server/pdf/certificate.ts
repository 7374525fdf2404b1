import {
	PDFDocument,
	StandardFonts,
	rgb,
	type PDFFont,
	type PDFImage,
	type PDFPage
} from 'pdf-lib';
import QRCode from 'qrcode';
import type { CertificatePrintedFields, CertificateStatus } from '$lib/domain/certificates';
import { coverText, embedCjkFont } from './font';

/** What an e-certificate shows: the printed fields (as signed), its status, photo, QR and signature. */
export interface CertificatePdfData extends CertificatePrintedFields {
	status: CertificateStatus;
	successorNo: string | null;
	/** JPEG or PNG bytes of the 证件照, or null (an empty frame is drawn). */
	photo: Uint8Array | null;
	/** The QR code's content: an ASCII URL `<origin>/verify/<token>`. */
	verifyUrl: string;
	signature: { keyId: string; derHex: string };
}

/** A4 landscape, in points. */
const W = 841.89;
const H = 595.28;
const RED = rgb(0.62, 0.09, 0.09);
const GOLD = rgb(0.66, 0.5, 0.2);
const INK = rgb(0.12, 0.12, 0.12);
const GREY = rgb(0.4, 0.4, 0.4);

const SOURCE_NAMES = { review: '评审', initial: '初定（认定）' } as const;
const STAMP: Partial<Record<CertificateStatus, string>> = { void: '已作废', replaced: '已换发' };

/** [label, value] pairs in the order of a paper certificate. */
function fields(d: CertificatePdfData): [string, string][] {
	const out: [string, string][] = [
		['姓　　名', d.holderName],
		['证件号码', d.idNumberMasked],
		['系　　列', d.seriesName],
		['资格名称', `${d.titleName}（${d.levelName}）`],
		['专　　业', d.specialty ?? '—'],
		['取得方式', d.source ? SOURCE_NAMES[d.source] : '—'],
		[d.source === 'initial' ? '认定机关' : '评审委员会', d.committeeName ?? '—'],
		['批准文号', d.approvalNo ?? '—'],
		['取得资格时间', d.approvedOn ?? '—'],
		['证书编号', `${d.certNo}（示例）`]
	];
	if (d.oldCertificateNo) out.push(['原证书编号', d.oldCertificateNo]);
	if (d.managementNo) out.push(['管理号', d.managementNo]);
	return out;
}

function chineseDate(iso: string): string {
	const [y, m, day] = iso.split('-').map(Number);
	return `${y}年${m}月${day}日`;
}

/** The QR code as filled rectangles, one per horizontal run of dark modules. */
function drawQr(page: PDFPage, text: string, x: number, y: number, size: number) {
	const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
	const n = qr.modules.size;
	const quiet = 2;
	const cell = size / (n + quiet * 2);
	page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) });
	for (let row = 0; row < n; row++) {
		let col = 0;
		while (col < n) {
			if (!qr.modules.get(row, col)) {
				col++;
				continue;
			}
			const start = col;
			while (col < n && qr.modules.get(row, col)) col++;
			page.drawRectangle({
				x: x + (quiet + start) * cell,
				y: y + size - (quiet + row + 1) * cell,
				width: (col - start) * cell,
				height: cell,
				color: rgb(0, 0, 0)
			});
		}
	}
}

async function embedPhoto(doc: PDFDocument, bytes: Uint8Array | null): Promise<PDFImage | null> {
	if (!bytes || bytes.length < 8) return null;
	try {
		if (bytes[0] === 0xff && bytes[1] === 0xd8) return await doc.embedJpg(bytes);
		if (bytes[0] === 0x89 && bytes[1] === 0x50) return await doc.embedPng(bytes);
	} catch {
		// A photo the PDF library cannot read: the empty frame says so.
	}
	return null;
}

function centred(page: PDFPage, text: string, font: PDFFont, size: number, y: number, color = INK) {
	const width = font.widthOfTextAtSize(text, size);
	page.drawText(text, { x: (W - width) / 2, y, size, font, color });
}

/** Wraps ASCII text to lines of at most `width` points. */
function asciiLines(text: string, font: PDFFont, size: number, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const ch of text) {
		if (font.widthOfTextAtSize(line + ch, size) > width) {
			lines.push(line);
			line = '';
		}
		line += ch;
	}
	if (line) lines.push(line);
	return lines;
}

/**
 * The e-certificate: A4 landscape, a double border, the 证件照, the fields in Chinese, the issuing
 * authority and date, the QR code to the public verification page and the SM2 signature.
 */
export async function certificatePdf(d: CertificatePdfData): Promise<Uint8Array> {
	const cover = await coverText();
	const rows = fields(d).map(([l, v]) => [cover(l), cover(v)] as const);
	const title = '专业技术资格证书';
	const authority = cover(d.issuingAuthority);
	const issued = `发证日期：${chineseDate(d.issuedOn)}`;
	const stamp = STAMP[d.status];
	const stampNote = stamp && d.successorNo ? `现行证书：${d.successorNo}` : '';
	const notes = [
		'电子证书',
		'照片',
		'扫码核验',
		'签名算法：SM2（GB/T 32918）/ SM3（GB/T 32905），签名者标识 1234567812345678，',
		'签名内容为证书字段的规范化 JSON（见核验页），公钥见 /verify/public-key.pem',
		'本证书编号格式为示例（合成）。电子证书与纸质证书具有同等效力。'
	];
	const cjkText = [title, authority, issued, stamp ?? '', stampNote, ...notes, ...rows.flat()].join(
		''
	);

	const doc = await PDFDocument.create();
	doc.setTitle(`${title} ${d.certNo}`);
	doc.setLanguage('zh-CN');
	doc.setCreator('Zhicheng 职称');
	const [cjk, mono, photo] = await Promise.all([
		embedCjkFont(doc, cjkText + '0123456789-（）：()'),
		doc.embedFont(StandardFonts.Courier),
		embedPhoto(doc, d.photo)
	]);
	const page = doc.addPage([W, H]);

	page.drawRectangle({
		x: 18,
		y: 18,
		width: W - 36,
		height: H - 36,
		borderColor: GOLD,
		borderWidth: 3
	});
	page.drawRectangle({
		x: 26,
		y: 26,
		width: W - 52,
		height: H - 52,
		borderColor: RED,
		borderWidth: 1
	});

	centred(page, title, cjk, 30, H - 82, RED);
	centred(page, notes[0]!, cjk, 12, H - 102, GREY);

	// 证件照: 1 inch × 1.4, left.
	const photoBox = { x: 70, y: H - 290, width: 110, height: 150 };
	if (photo) page.drawImage(photo, photoBox);
	else {
		page.drawRectangle({ ...photoBox, borderColor: GREY, borderWidth: 0.8 });
		page.drawText(notes[1]!, {
			x: photoBox.x + 39,
			y: photoBox.y + 70,
			size: 14,
			font: cjk,
			color: GREY
		});
	}

	// The fields: label, value.
	let y = H - 150;
	const labelX = 220;
	const valueX = 330;
	for (const [label, value] of rows) {
		page.drawText(label, { x: labelX, y, size: 13, font: cjk, color: GREY });
		page.drawText(value, {
			x: valueX,
			y,
			size: 14,
			font: cjk,
			color: INK,
			maxWidth: W - valueX - 60
		});
		y -= 25;
	}

	// Issuing authority and date, right; the seal ring marks where the electronic seal is.
	const right = W - 80;
	const authorityWidth = cjk.widthOfTextAtSize(authority, 15);
	page.drawCircle({
		x: right - 70,
		y: 128,
		size: 52,
		borderColor: RED,
		borderWidth: 2,
		opacity: 0
	});
	page.drawText(authority, { x: right - authorityWidth, y: 132, size: 15, font: cjk, color: INK });
	const issuedWidth = cjk.widthOfTextAtSize(issued, 12);
	page.drawText(issued, { x: right - issuedWidth, y: 110, size: 12, font: cjk, color: INK });

	// QR code and the signature, bottom left.
	drawQr(page, d.verifyUrl, 60, 52, 104);
	page.drawText(notes[2]!, { x: 88, y: 42, size: 9, font: cjk, color: GREY });
	const sigX = 180;
	page.drawText(notes[3]!, { x: sigX, y: 118, size: 8, font: cjk, color: GREY });
	page.drawText(notes[4]!, { x: sigX, y: 106, size: 8, font: cjk, color: GREY });
	const sig = `key ${d.signature.keyId}  sig(DER, hex) ${d.signature.derHex}`;
	let sy = 94;
	for (const line of asciiLines(sig, mono, 6.5, 330)) {
		page.drawText(line, { x: sigX, y: sy, size: 6.5, font: mono, color: GREY });
		sy -= 8;
	}
	page.drawText(d.verifyUrl, { x: sigX, y: sy - 2, size: 6.5, font: mono, color: GREY });
	page.drawText(notes[5]!, { x: sigX, y: 40, size: 8, font: cjk, color: GREY });

	if (stamp) {
		page.drawText(stamp, {
			x: W / 2 - 110,
			y: H / 2 - 10,
			size: 72,
			font: cjk,
			color: RED,
			opacity: 0.35
		});
		if (stampNote) centred(page, cover(stampNote), cjk, 14, H - 124, RED);
	}
	return doc.save();
}
