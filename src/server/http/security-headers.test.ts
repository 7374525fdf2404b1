import { describe, expect, it } from 'vitest';
import { applySecurityHeaders } from './security-headers';

describe('security headers', () => {
	function headersFor(url: string, csp?: string) {
		const response = new Response('x', csp ? { headers: { 'content-security-policy': csp } } : {});
		applySecurityHeaders(response, new URL(url));
		return response.headers;
	}

	it('sends HSTS only over https, and the same other headers either way', () => {
		const secure = headersFor('https://zhicheng.example/');
		const plain = headersFor('http://localhost:4173/');
		expect(secure.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
		expect(plain.get('strict-transport-security')).toBeNull();
		for (const h of [secure, plain]) {
			expect(h.get('x-content-type-options')).toBe('nosniff');
			expect(h.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
			expect(h.get('x-frame-options')).toBe('DENY');
			expect(h.get('cross-origin-opener-policy')).toBe('same-origin');
		}
	});

	it('allows the camera only to the app itself (the 证件照 and 拍照 capture), nothing else', () => {
		const policy = headersFor('https://zhicheng.example/').get('permissions-policy') ?? '';
		expect(policy).toContain('camera=(self)');
		expect(policy).toContain('microphone=()');
		expect(policy).toContain('geolocation=()');
	});

	it('gives a response without its own CSP one that allows nothing and no framing', () => {
		const csp = headersFor('https://zhicheng.example/api/x').get('content-security-policy') ?? '';
		expect(csp).toContain("default-src 'none'");
		expect(csp).toContain("frame-ancestors 'none'");
		const own = headersFor('https://zhicheng.example/', "script-src 'self'");
		expect(own.get('content-security-policy')).toBe("script-src 'self'");
	});
});
