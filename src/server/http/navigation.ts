/**
 * A page load (the browser navigating), not a fetch a script sent. Browsers send
 * `Sec-Fetch-Mode: navigate`; one that sends no fetch metadata counts when it asks for HTML.
 */
export function isPageNavigation(request: Request): boolean {
	const mode = request.headers.get('sec-fetch-mode');
	if (mode) return mode === 'navigate';
	return request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html');
}
