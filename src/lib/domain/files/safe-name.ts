/**
 * A file name as it may be stored, shown and offered for saving: no control characters (NUL
 * included), no bidirectional controls (a U+202E before `fdp.exe` makes it read `exe.pdf`), no
 * path separators or characters Windows refuses, no leading dots or spaces, NFC, at most
 * `MAX_NAME_LENGTH` characters with its extension kept.
 */

export const MAX_NAME_LENGTH = 255;

// C0 and C1 controls, DEL; bidi marks, embeddings, overrides and isolates; zero-width and
// line/paragraph separators, BOM.
const INVISIBLE =
	// eslint-disable-next-line no-control-regex
	/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
// Path separators and what Windows refuses in a name.
const RESERVED = /[/\\:*?"<>|]/g;

export function safeFilename(name: string, fallback = 'file'): string {
	let clean = name
		.normalize('NFC')
		.replace(INVISIBLE, '')
		.replace(RESERVED, '_')
		.replace(/^[.\s]+/, '')
		.replace(/[.\s]+$/, '')
		.trim();
	if (!clean) clean = fallback;
	const chars = [...clean];
	if (chars.length <= MAX_NAME_LENGTH) return clean;
	const ext = /\.[A-Za-z0-9]{1,8}$/.exec(clean)?.[0] ?? '';
	return chars.slice(0, MAX_NAME_LENGTH - ext.length).join('') + ext;
}
