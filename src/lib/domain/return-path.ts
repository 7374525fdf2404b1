/**
 * Where to go back to after logging in: only a path of this site (`/declare/review`, with its
 * query), never another origin (`//evil.test`, `https://…`, `/\evil.test`) nor the login page.
 */
export function safeReturnPath(raw: string | null | undefined): string | null {
	if (!raw || raw.length > 512) return null;
	if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return null;
	// Control characters and the URL parser's own view: the result must stay on this origin.
	if ([...raw].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return null;
	const url = new URL(raw, 'http://zhicheng.invalid');
	if (url.origin !== 'http://zhicheng.invalid') return null;
	if (url.pathname === '/login' || url.pathname === '/register') return null;
	return url.pathname + url.search;
}

/** The login page's address that comes back to `path` afterwards. */
export function loginPathFor(path: string): string {
	const back = safeReturnPath(path);
	return back ? `/login?next=${encodeURIComponent(back)}` : '/login';
}

/** Each role's own first page: administrators 系统管理, reviewers 审核工作台, applicants 个人中心. */
export function homeOf(viewer: { isAdmin: boolean; isReviewer: boolean }): string {
	if (viewer.isAdmin) return '/admin';
	if (viewer.isReviewer) return '/review';
	return '/me';
}
