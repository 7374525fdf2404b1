/** Nearest-rank percentile (p in 0..100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
	return sorted[rank - 1]!;
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * A valid one-page PDF of exactly `size` bytes whose padding (a comment line with `tag`, then
 * spaces) sits between the header and the first object, with a correct cross-reference table:
 * the server's type sniffing and script scan accept it, and a distinct `tag` gives distinct bytes.
 */
export function pdfOfSize(size: number, tag: string): Uint8Array<ArrayBuffer> {
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>',
		'<< /Length 35 >>\nstream\nBT /F1 12 Tf 20 100 Td (Hi) Tj ET\nendstream'
	];
	const build = (pad: number) => {
		let out = `%PDF-1.4\n%bench ${tag}\n${' '.repeat(pad)}\n`;
		const offsets: number[] = [];
		objects.forEach((body, i) => {
			offsets.push(Buffer.byteLength(out, 'latin1'));
			out += `${i + 1} 0 obj\n${body}\nendobj\n`;
		});
		const xref = Buffer.byteLength(out, 'latin1');
		out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
		for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
		out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
		return out;
	};
	// Offsets are fixed-width, but startxref's digit count moves with the padding: settle it.
	let pad = Math.max(0, size - build(0).length);
	for (let i = 0; i < 3 && build(pad).length !== size; i++) {
		pad = Math.max(0, pad + size - build(pad).length);
	}
	const text = build(pad);
	if (text.length !== size) throw new Error(`pdfOfSize: cannot make exactly ${size} bytes`);
	return new Uint8Array(Buffer.from(text, 'latin1'));
}
