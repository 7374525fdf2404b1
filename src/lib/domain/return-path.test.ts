import { describe, expect, it } from 'vitest';
import { homeOf, loginPathFor, safeReturnPath } from './return-path';

describe('the return address after logging in', () => {
	it('keeps a path of this site with its query', () => {
		expect(safeReturnPath('/declare/review')).toBe('/declare/review');
		expect(safeReturnPath('/review?queue=done')).toBe('/review?queue=done');
		expect(loginPathFor('/declare/review')).toBe('/login?next=%2Fdeclare%2Freview');
	});

	it('refuses anything that could leave the site or loop', () => {
		for (const raw of [
			'//evil.test/x',
			'https://evil.test/',
			'/\\evil.test',
			'javascript:alert(1)',
			'evil.test',
			'/login',
			'/register?x=1',
			'/\tevil',
			'',
			null,
			'/' + 'a'.repeat(600)
		]) {
			expect(safeReturnPath(raw), String(raw)).toBeNull();
		}
		expect(loginPathFor('//evil.test')).toBe('/login');
	});

	it('sends each role to its own first page', () => {
		expect(homeOf({ isAdmin: true, isReviewer: false })).toBe('/admin');
		expect(homeOf({ isAdmin: false, isReviewer: true })).toBe('/review');
		expect(homeOf({ isAdmin: false, isReviewer: false })).toBe('/me');
	});
});
