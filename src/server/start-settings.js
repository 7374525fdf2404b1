// Shared by src/server/runtime-env.js (plain Node, before the app loads) and src/server/start.ts.

/**
 * A production start on a real database: NODE_ENV=production with DATABASE_URL.
 * @param {Record<string, string | undefined>} env
 */
function isDeployment(env) {
	return env.NODE_ENV === 'production' && !!env.DATABASE_URL;
}

/**
 * Why a production start on a real database must not go on, or null. Without ORIGIN behind a TLS
 * proxy the app cannot tell it is served over https: the session cookie would lose `Secure`.
 * @param {Record<string, string | undefined>} env
 * @returns {string | null}
 */
export function missingOriginProblem(env) {
	if (!isDeployment(env) || env.ORIGIN) return null;
	return (
		'未设置 ORIGIN：在生产环境使用 DATABASE_URL 时必须把 ORIGIN 设为对外的 https:// 地址' +
		'（例如 ORIGIN=https://zhicheng.example.cn），否则会话 Cookie 在 TLS 代理之后会失去 Secure。\n' +
		'ORIGIN is not set: with NODE_ENV=production and DATABASE_URL, set ORIGIN to the public ' +
		'https:// address (e.g. ORIGIN=https://zhicheng.example.cn); without it the session cookie ' +
		'loses Secure behind a TLS proxy.'
	);
}

/**
 * Why a production start on a real database must not fall back on the development SMS sender
 * (codes in the log) and identity registry (made-up ID numbers pass), or null: with them anyone
 * registers as anyone. A test or staging deployment says it means it with ALLOW_DEV_IDENTITY=1.
 * @param {Record<string, string | undefined>} env
 * @returns {string | null}
 */
export function devIdentityProblem(env) {
	if (!isDeployment(env) || env.ALLOW_DEV_IDENTITY === '1') return null;
	const missing = ['SMS_HTTP_URL', 'IDENTITY_REGISTRY_URL'].filter((name) => !env[name]);
	if (missing.length === 0) return null;
	return (
		`未设置 ${missing.join('、')}：生产环境不能使用开发用的短信发送（验证码只写入日志）和实名核验` +
		'（虚构的身份证号也能通过），否则任何人都能冒用他人身份注册。请设置短信网关和实名核验服务的地址；' +
		'仅供测试的部署可设置 ALLOW_DEV_IDENTITY=1。\n' +
		`${missing.join(' and ')} not set: a production deployment must not use the development SMS ` +
		'sender (codes only in the log) or identity registry (made-up ID numbers pass), or anyone ' +
		'could register as anyone. Set the SMS gateway and identity registry addresses; a deployment ' +
		'for testing only may set ALLOW_DEV_IDENTITY=1.'
	);
}

/**
 * The first reason a start must not go on, or null.
 * @param {Record<string, string | undefined>} env
 * @returns {string | null}
 */
export function startProblem(env) {
	return missingOriginProblem(env) ?? devIdentityProblem(env);
}
