const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery guard for every non-GET request (JSON and tus included, which
 * SvelteKit's own form-only check does not cover): the browser must say the request is
 * same-origin, through Sec-Fetch-Site or else an Origin whose host matches the request's.
 */
export function isSameOriginRequest(request: Request, url: URL): boolean {
	if (SAFE_METHODS.has(request.method)) return true;
	const site = request.headers.get('sec-fetch-site');
	if (site) return site === 'same-origin';
	const origin = request.headers.get('origin');
	if (!origin) return false;
	try {
		const o = new URL(origin);
		const host = request.headers.get('host') ?? url.host;
		return o.host === host || o.origin === url.origin;
	} catch {
		return false;
	}
}
