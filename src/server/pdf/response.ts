/** An RFC 6266 disposition: an ASCII fallback name plus the exact UTF-8 one. */
function disposition(type: 'inline' | 'attachment', filename: string): string {
	const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_').replace(/^_*\.pdf$/, 'document.pdf');
	const encoded = encodeURIComponent(filename).replace(
		/['()*]/g,
		(c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()
	);
	return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * A generated PDF: shown in the browser's viewer (预览) or saved (下载). Its own CSP lets the
 * viewer embed it (the site's fallback forbids objects) while still running no script.
 */
export function pdfResponse(pdf: Uint8Array, filename: string, download: boolean): Response {
	return new Response(new Blob([pdf as Uint8Array<ArrayBuffer>]), {
		status: 200,
		headers: {
			'content-type': 'application/pdf',
			'content-length': String(pdf.byteLength),
			'content-disposition': disposition(download ? 'attachment' : 'inline', filename),
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-store',
			'content-security-policy': "default-src 'none'; object-src 'self'; frame-ancestors 'self'"
		}
	});
}
