import { expect, test } from '@playwright/test';
import { BASE_URL } from '../../playwright.config';

test.describe('security', () => {
	test('pages carry a strict CSP and the security headers', async ({ request }) => {
		for (const path of ['/', '/login', '/register']) {
			const res = await request.get(path);
			expect(res.status()).toBe(200);
			const h = res.headers();
			const csp = h['content-security-policy'] ?? '';
			expect(csp).toContain("object-src 'none'");
			expect(csp).toContain("base-uri 'none'");
			expect(csp).toContain("frame-ancestors 'none'");
			expect(csp).toMatch(/script-src 'self'( 'sha256-[^']+')*(;|$)/);
			expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
			expect(h['x-content-type-options']).toBe('nosniff');
			expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
			expect(h['permissions-policy']).toBe('camera=(self), microphone=(), geolocation=()');
			// Plain http on loopback: HSTS is only sent over https.
			expect(h['strict-transport-security']).toBeUndefined();
		}
	});

	test('API responses carry the security headers too', async ({ request }) => {
		const res = await request.get('/api/trpc/auth.session');
		expect(res.status()).toBe(200);
		const h = res.headers();
		expect(h['x-content-type-options']).toBe('nosniff');
		expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
		expect(h['content-security-policy']).toContain("default-src 'none'");
	});

	test('a cross-site POST is refused before it reaches the procedure', async ({ request }) => {
		const body = { identifier: '13800000001', password: 'Zhicheng#2026' };
		const cross = await request.post('/api/trpc/auth.login', {
			headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
			data: body
		});
		expect(cross.status()).toBe(403);
		expect(cross.headers()['set-cookie']).toBeUndefined();
		const noOrigin = await request.post('/api/trpc/auth.login', { data: body });
		expect(noOrigin.status()).toBe(403);
		const same = await request.post('/api/trpc/auth.login', {
			headers: { origin: BASE_URL },
			data: body
		});
		expect(same.status()).toBe(200);
		expect(same.headers()['set-cookie']).toMatch(/zc_session=.*HttpOnly.*SameSite=Lax/i);
	});

	test('a cross-site form posted from another page is refused', async ({ page }) => {
		// A page on another origin submitting a form at the app.
		await page.route('http://evil.test/', (route) =>
			route.fulfill({
				contentType: 'text/html',
				body: `<form method="post" action="${BASE_URL}/api/trpc/auth.logout"><button>go</button></form>`
			})
		);
		await page.goto('http://evil.test/');
		const [response] = await Promise.all([
			page.waitForResponse((r) => r.url().includes('/api/trpc/auth.logout')),
			page.getByRole('button', { name: 'go' }).click()
		]);
		expect(response.status()).toBe(403);
	});
});
