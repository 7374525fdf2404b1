/** One piece of a diff of two texts: kept, removed (only before) or added (only after). */
export interface Piece {
	op: 'same' | 'del' | 'ins';
	text: string;
}

/** Sentences (with their end mark) and line breaks: the unit a reader compares by. */
export function sentences(text: string): string[] {
	return text.split(/(?<=[。！？；!?;\n])/u).filter((s) => s.length > 0);
}

const MAX_UNITS = 600;

/**
 * A sentence-level diff (longest common subsequence): a 工作总结 of thousands of characters
 * with one sentence rewritten reads as that sentence struck out and its new wording. Null when
 * the texts are too long to compare this way (both versions are shown instead).
 */
export function diffText(before: string, after: string): Piece[] | null {
	const a = sentences(before);
	const b = sentences(after);
	if (a.length > MAX_UNITS || b.length > MAX_UNITS) return null;
	// lcs[i][j]: length of the common subsequence of a[i..] and b[j..].
	const lcs: Uint16Array[] = Array.from(
		{ length: a.length + 1 },
		() => new Uint16Array(b.length + 1)
	);
	for (let i = a.length - 1; i >= 0; i--) {
		for (let j = b.length - 1; j >= 0; j--) {
			lcs[i]![j] =
				a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
		}
	}
	const out: Piece[] = [];
	const push = (op: Piece['op'], text: string) => {
		const last = out.at(-1);
		if (last && last.op === op) last.text += text;
		else out.push({ op, text });
	};
	let i = 0;
	let j = 0;
	while (i < a.length && j < b.length) {
		if (a[i] === b[j]) {
			push('same', a[i]!);
			i++;
			j++;
		} else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
			push('del', a[i++]!);
		} else {
			push('ins', b[j++]!);
		}
	}
	while (i < a.length) push('del', a[i++]!);
	while (j < b.length) push('ins', b[j++]!);
	return out;
}

/** Long unchanged stretches shrink to their ends, so the changes stand out. */
export function elide(pieces: Piece[], keep = 40): Piece[] {
	return pieces.map((p) =>
		p.op === 'same' && p.text.length > keep * 3
			? { op: 'same', text: `${p.text.slice(0, keep)} … ${p.text.slice(-keep)}` }
			: p
	);
}
