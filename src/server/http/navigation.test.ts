import { describe, expect, it } from 'vitest';
import { isPageNavigation } from './navigation';

const request = (headers: Record<string, string>, method = 'GET') =>
	new Request('http://localhost/me', { method, headers });

describe('a page load, as opposed to a script’s fetch', () => {
	it('is what the browser marks as a navigation', () => {
		expect(isPageNavigation(request({ 'sec-fetch-mode': 'navigate' }))).toBe(true);
		expect(isPageNavigation(request({ 'sec-fetch-mode': 'cors', accept: 'text/html' }))).toBe(
			false
		);
		expect(isPageNavigation(request({ 'sec-fetch-mode': 'same-origin' }))).toBe(false);
	});

	it('without fetch metadata, a GET for HTML', () => {
		expect(isPageNavigation(request({ accept: 'text/html,application/xhtml+xml' }))).toBe(true);
		expect(isPageNavigation(request({ accept: 'application/json' }))).toBe(false);
		expect(isPageNavigation(request({ accept: 'text/html' }, 'POST'))).toBe(false);
	});
});
