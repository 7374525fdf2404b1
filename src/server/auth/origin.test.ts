import { describe, expect, it } from 'vitest';
import { isSameOriginRequest } from './origin';

const url = new URL('http://localhost:3000/api/trpc/auth.login');
const req = (method: string, headers: Record<string, string>) =>
	new Request(url, { method, headers: { host: 'localhost:3000', ...headers } });

describe('origin check for non-GET requests', () => {
	it('lets safe methods through', () => {
		expect(isSameOriginRequest(req('GET', { 'sec-fetch-site': 'cross-site' }), url)).toBe(true);
	});
	it('accepts same-origin by Sec-Fetch-Site or by a matching Origin', () => {
		expect(isSameOriginRequest(req('POST', { 'sec-fetch-site': 'same-origin' }), url)).toBe(true);
		expect(isSameOriginRequest(req('POST', { origin: 'http://localhost:3000' }), url)).toBe(true);
	});
	it('refuses cross-site, same-site and header-less POSTs', () => {
		expect(isSameOriginRequest(req('POST', { 'sec-fetch-site': 'cross-site' }), url)).toBe(false);
		expect(isSameOriginRequest(req('POST', { 'sec-fetch-site': 'same-site' }), url)).toBe(false);
		expect(isSameOriginRequest(req('POST', { origin: 'https://evil.example' }), url)).toBe(false);
		expect(isSameOriginRequest(req('PATCH', {}), url)).toBe(false);
		expect(isSameOriginRequest(req('DELETE', { origin: 'null' }), url)).toBe(false);
	});
});
