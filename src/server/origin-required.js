// Shared by src/server/runtime-env.js (plain Node, before the app loads) and src/server/start.ts.

/**
 * Why a production start on a real database must not go on, or null. Without ORIGIN behind a TLS
 * proxy the app cannot tell it is served over https: the session cookie would lose `Secure`.
 * @param {Record<string, string | undefined>} env
 * @returns {string | null}
 */
export function missingOriginProblem(env) {
	if (env.NODE_ENV !== 'production' || !env.DATABASE_URL || env.ORIGIN) return null;
	return (
		'未设置 ORIGIN：在生产环境使用 DATABASE_URL 时必须把 ORIGIN 设为对外的 https:// 地址' +
		'（例如 ORIGIN=https://zhicheng.example.cn），否则会话 Cookie 在 TLS 代理之后会失去 Secure。\n' +
		'ORIGIN is not set: with NODE_ENV=production and DATABASE_URL, set ORIGIN to the public ' +
		'https:// address (e.g. ORIGIN=https://zhicheng.example.cn); without it the session cookie ' +
		'loses Secure behind a TLS proxy.'
	);
}
