import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit, { type Font } from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import subsetFont from 'subset-font';

/** Noto Serif SC: full GB2312 plus rare name characters (䶮, 㛃), TrueType outlines. */
const FONT_FILE = createRequire(import.meta.url).resolve(
	'@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf'
);

/** Drawn instead of a character the font lacks (the typesetters' 缺字 mark). */
export const MISSING_MARK = '〓';

interface Source {
	bytes: Buffer;
	face: Font;
}

let source: Promise<Source> | null = null;

/** The 14 MB TTF, read and parsed once per process. */
function loadSource(): Promise<Source> {
	source ??= readFile(FONT_FILE).then((bytes) => ({ bytes, face: fontkit.create(bytes) }));
	source.catch(() => (source = null));
	return source;
}

/** Control characters go; tabs become spaces; line breaks stay for the layout. */
function clean(text: string): string {
	return text
		.replace(/\r\n?/g, '\n')
		.replace(/\t/g, ' ')
		.replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/gu, (c) => (c === '\n' ? c : ''));
}

/**
 * Text the font can draw: every character it lacks becomes 〓 followed by its code point, so a
 * name with a character outside the font shows that something is there and what it was — a
 * subset drops unknown characters silently otherwise.
 */
export async function coverText(): Promise<(text: string) => string> {
	const { face } = await loadSource();
	return (text) =>
		Array.from(clean(text), (ch) => {
			const cp = ch.codePointAt(0)!;
			if (ch === '\n' || ch === ' ' || face.hasGlyphForCodePoint(cp)) return ch;
			return `${MISSING_MARK}(U+${cp.toString(16).toUpperCase().padStart(4, '0')})`;
		}).join('');
}

/** Subsets the font to exactly these characters and embeds it in the document. */
export async function embedCjkFont(doc: PDFDocument, text: string): Promise<PDFFont> {
	const { bytes } = await loadSource();
	const chars = [...new Set(text.replace(/\s/g, ''))].join('') + ' ';
	// No layout features: pdf-lib would draw GSUB alternates with wrong widths (pitfall 9).
	const subset = await subsetFont(bytes, chars, { targetFormat: 'sfnt', keepFeatures: [] });
	doc.registerFontkit(fontkit);
	return doc.embedFont(subset, { subset: false });
}
