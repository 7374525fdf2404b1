import {
	PDFDocument,
	TextRenderingMode,
	popGraphicsState,
	pushGraphicsState,
	rgb,
	setLineWidth,
	setStrokingColor,
	setTextRenderingMode,
	type PDFFont,
	type PDFPage
} from 'pdf-lib';
import { coverText, embedCjkFont } from './font';

/** A document is a list of blocks laid out top to bottom on A4 pages. */
export type Block =
	| { type: 'title'; text: string }
	| { type: 'heading'; text: string }
	/** `indent`: 2 em on each paragraph's first line; `inset`: points from the left margin. */
	| { type: 'paragraph'; text: string; indent?: boolean; inset?: number; center?: boolean }
	/**
	 * `widths` are relative; a row with fewer cells stretches its last cell over the rest.
	 * `labels` shades the even columns (label | value | label | value).
	 */
	| { type: 'table'; widths: number[]; rows: string[][]; header?: string[]; labels?: boolean }
	| { type: 'space'; height: number };

export interface DocumentSpec {
	title: string;
	blocks: Block[];
	/** The footer of page n of m. */
	footer?: (n: number, m: number) => string;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = { top: 62, bottom: 64, left: 60, right: 60 };
const CONTENT_WIDTH = A4[0] - MARGIN.left - MARGIN.right;
const TOP = A4[1] - MARGIN.top;

const SIZE = { title: 18, heading: 12.5, body: 10.5, table: 10, footer: 9 };
const LEADING = 1.7;
const CELL_LEADING = 1.45;
const CELL_PAD = 4;
const INK = rgb(0.1, 0.1, 0.1);
const RULE = rgb(0.3, 0.3, 0.3);
const SHADE = rgb(0.93, 0.93, 0.93);

/** Characters that may not start a line (禁则), and ones that may not end it. */
const NO_START = /^[，。、；：？！）》」』】〉’”…%,.;:?!)\]}·—]+$/u;
const NO_END = /^[（《「『【〈‘“([{]+$/u;

/** Break opportunities: each Han character or CJK mark, each Latin word, each run of spaces. */
function tokens(text: string): string[] {
	const raw = text.match(/[^\s\p{Script=Han}\u3000-\u303f\uff00-\uffef]+|\s+|./gsu) ?? [];
	const out: string[] = [];
	for (const tok of raw) {
		const last = out.at(-1);
		if (last !== undefined && !/\s/u.test(last) && (NO_START.test(tok) || NO_END.test(last)))
			out[out.length - 1] = last + tok;
		else out.push(tok);
	}
	return out;
}

class Measure {
	private cache = new Map<string, number>();
	constructor(private readonly font: PDFFont) {}

	/** Widths add up per character: the subset keeps no kerning or other layout features. */
	width(text: string, size: number): number {
		let w = 0;
		for (const ch of text) {
			let cw = this.cache.get(ch);
			if (cw === undefined) this.cache.set(ch, (cw = this.font.widthOfTextAtSize(ch, 1000)));
			w += cw;
		}
		return (w * size) / 1000;
	}

	/** Lines of at most `width` points; `firstIndent` narrows each paragraph's first line. */
	wrap(text: string, size: number, width: number, firstIndent = 0): string[] {
		const lines: string[] = [];
		for (const para of text.split('\n')) {
			let line = '';
			let max = width - firstIndent;
			const fits = (s: string) => this.width(s, size) <= max;
			const flush = () => {
				lines.push(line.trimEnd());
				line = '';
				max = width;
			};
			for (const tok of tokens(para)) {
				if (/^\s+$/u.test(tok)) {
					if (line) line += ' ';
				} else if (fits(line + tok)) line += tok;
				else {
					if (line) flush();
					// A word longer than a whole line breaks anywhere.
					for (const ch of fits(tok) ? [tok] : tok) {
						if (line && !fits(line + ch)) flush();
						line += ch;
					}
				}
			}
			lines.push(line.trimEnd());
		}
		return lines;
	}
}

/** Baseline of text centred in a line box: Noto CJK's em box is 0.88 above, 0.12 below. */
const baseline = (top: number, size: number, lineHeight: number) =>
	top - (lineHeight - size) / 2 - 0.88 * size;

class Writer {
	private page!: PDFPage;
	private y = TOP;
	readonly measure: Measure;

	constructor(
		private readonly doc: PDFDocument,
		private readonly font: PDFFont
	) {
		this.measure = new Measure(font);
		this.newPage();
	}

	private newPage() {
		this.page = this.doc.addPage(A4);
		this.y = TOP;
	}

	private get atTop() {
		return this.y === TOP;
	}

	/** Starts a new page unless `height` still fits on this one. */
	private ensure(height: number) {
		if (this.y - height < MARGIN.bottom && !this.atTop) this.newPage();
	}

	private text(s: string, x: number, y: number, size: number, bold = false) {
		if (!s) return;
		// Fill + thin outline: a bold look without a second font file.
		if (bold)
			this.page.pushOperators(
				pushGraphicsState(),
				setTextRenderingMode(TextRenderingMode.FillAndOutline),
				setLineWidth(size / 30),
				setStrokingColor(INK)
			);
		this.page.drawText(s, { x, y, size, font: this.font, color: INK });
		if (bold) this.page.pushOperators(popGraphicsState());
	}

	private lines(
		lines: string[],
		size: number,
		opts: { inset?: number; firstIndent?: number; center?: boolean; bold?: boolean } = {}
	) {
		const lh = size * LEADING;
		lines.forEach((line, i) => {
			this.ensure(lh);
			const left = MARGIN.left + (opts.inset ?? 0) + (i === 0 ? (opts.firstIndent ?? 0) : 0);
			const x = opts.center
				? MARGIN.left + (CONTENT_WIDTH - this.measure.width(line, size)) / 2
				: left;
			this.text(line, x, baseline(this.y, size, lh), size, opts.bold);
			this.y -= lh;
		});
	}

	block(b: Block) {
		switch (b.type) {
			case 'title':
				this.lines(this.measure.wrap(b.text, SIZE.title, CONTENT_WIDTH), SIZE.title, {
					center: true,
					bold: true
				});
				this.y -= 8;
				return;
			case 'heading': {
				// Keep a heading with at least two lines of what follows it.
				this.ensure(SIZE.heading * LEADING + SIZE.table * CELL_LEADING * 2 + 20);
				if (!this.atTop) this.y -= 8;
				this.lines([b.text], SIZE.heading, { bold: true });
				this.y -= 2;
				return;
			}
			case 'paragraph': {
				const inset = b.inset ?? 0;
				const firstIndent = b.indent ? 2 * SIZE.body : 0;
				const lines = this.measure.wrap(b.text, SIZE.body, CONTENT_WIDTH - inset, firstIndent);
				this.lines(lines, SIZE.body, { inset, firstIndent, center: b.center });
				return;
			}
			case 'space':
				if (!this.atTop) this.y -= b.height;
				return;
			case 'table':
				return this.table(b);
		}
	}

	private table(b: Extract<Block, { type: 'table' }>) {
		const total = b.widths.reduce((a, w) => a + w, 0);
		const cols = b.widths.map((w) => (w / total) * CONTENT_WIDTH);
		const size = SIZE.table;
		const lh = size * CELL_LEADING;
		const spans = (n: number) =>
			n >= cols.length
				? cols
				: [...cols.slice(0, n - 1), cols.slice(n - 1).reduce((a, w) => a + w, 0)];
		const cells = (row: string[]) =>
			spans(row.length).map((cw, i) => this.measure.wrap(row[i]!, size, cw - 2 * CELL_PAD));
		const header = b.header ? cells(b.header) : null;

		const row = (lines: string[][], shade: (col: number) => boolean) => {
			const widths = spans(lines.length);
			const n = Math.max(...lines.map((l) => l.length));
			for (let from = 0; from < n;) {
				const fit = Math.floor((this.y - MARGIN.bottom - 2 * CELL_PAD) / lh);
				// A row starts where at least three of its lines (or all of a short one) fit.
				if (fit < Math.min(n - from, 3) && !this.atTop) {
					this.newPage();
					if (header && lines !== header) row(header, () => true);
					continue;
				}
				const take = Math.min(n - from, Math.max(fit, 1));
				const height = take * lh + 2 * CELL_PAD;
				let x = MARGIN.left;
				widths.forEach((cw, i) => {
					this.page.drawRectangle({
						x,
						y: this.y - height,
						width: cw,
						height,
						borderColor: RULE,
						borderWidth: 0.6,
						...(shade(i) ? { color: SHADE } : {})
					});
					lines[i]!.slice(from, from + take).forEach((line, k) =>
						this.text(line, x + CELL_PAD, baseline(this.y - CELL_PAD - k * lh, size, lh), size)
					);
					x += cw;
				});
				this.y -= height;
				from += take;
			}
		};

		if (header) {
			this.ensure(2 * (lh + 2 * CELL_PAD));
			row(header, () => true);
		}
		for (const r of b.rows) row(cells(r), (i) => !!b.labels && i % 2 === 0);
		this.y -= 6;
	}

	footer(page: PDFPage, text: string) {
		const x = (A4[0] - this.measure.width(text, SIZE.footer)) / 2;
		page.drawText(text, {
			x,
			y: MARGIN.bottom / 2,
			size: SIZE.footer,
			font: this.font,
			color: INK
		});
	}
}

function mapText(b: Block, f: (s: string) => string): Block {
	switch (b.type) {
		case 'space':
			return b;
		case 'table':
			return {
				...b,
				rows: b.rows.map((r) => r.map(f)),
				...(b.header ? { header: b.header.map(f) } : {})
			};
		default:
			return { ...b, text: f(b.text) };
	}
}

function textOf(b: Block): string {
	if (b.type === 'space') return '';
	if (b.type === 'table') return [...(b.header ?? []), ...b.rows.flat()].join('');
	return b.text;
}

/** Lays the blocks out on A4 pages with a font subset to exactly the characters drawn. */
export async function renderPdf(spec: DocumentSpec): Promise<Uint8Array> {
	const cover = await coverText();
	const blocks = spec.blocks.map((b) => mapText(b, cover));
	const footer = (n: number, m: number) => cover(spec.footer?.(n, m) ?? '');
	const doc = await PDFDocument.create();
	doc.setTitle(spec.title);
	doc.setLanguage('zh-CN');
	doc.setCreator('Zhicheng 职称');
	const drawn = [footer(0, 0), '0123456789', ...blocks.map(textOf)].join('');
	const writer = new Writer(doc, await embedCjkFont(doc, drawn));
	for (const b of blocks) writer.block(b);
	const pages = doc.getPages();
	if (spec.footer) pages.forEach((p, i) => writer.footer(p, footer(i + 1, pages.length)));
	return doc.save();
}
