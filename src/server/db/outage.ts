/**
 * Errors that mean "the database cannot answer right now" (it restarts, it is gone, a connection
 * was cut, a wait ran into a timeout) as opposed to a bug or a bad request: requests that hit one
 * answer 503 with Retry-After, and the device keeps its outbox and tries again.
 */

/** One message in both languages: during an outage the page's locale may not be known. */
export const OUTAGE_MESSAGE =
	'数据库暂时无法访问，服务将很快恢复，请稍后重试。' +
	' The database is briefly unavailable; please try again in a few seconds.';

/** Node's socket errors and postgres.js's own connection and timeout codes. */
const CONNECTION_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENOTFOUND',
	'EAI_AGAIN',
	'CONNECTION_CLOSED',
	'CONNECTION_DESTROYED',
	'CONNECTION_ENDED',
	'CONNECT_TIMEOUT',
	'QUEUE_TIMEOUT',
	'QUERY_TIMEOUT',
	'CANCEL_UNANSWERED'
]);

/** SQLSTATEs: shutdown, starting up, too many connections, and the per-connection timeouts. */
const SQLSTATES = new Set([
	'57P01', // admin_shutdown (pg_ctl stop -m fast, pg_terminate_backend)
	'57P02', // crash_shutdown (a sibling backend crashed, -m immediate)
	'57P03', // cannot_connect_now (starting up, shutting down, in recovery)
	'57P05', // idle_session_timeout
	'53300', // too_many_connections
	'53400', // configuration_limit_exceeded
	'57014', // query_canceled (statement_timeout)
	'55P03', // lock_not_available (lock_timeout, advisory locks included)
	'25P03', // idle_in_transaction_session_timeout
	'40001', // serialization_failure
	'40P01' // deadlock_detected
]);

function codeOf(error: object): string | undefined {
	const code = (error as { code?: unknown }).code;
	return typeof code === 'string' ? code : undefined;
}

/**
 * The code (`ECONNREFUSED`, `57P01`, …) that makes `error`, or an error in its `cause` chain, an
 * outage; null for any other error.
 */
export function outageCode(error: unknown): string | null {
	for (let e = error, depth = 0; e && typeof e === 'object' && depth < 8; depth++) {
		const code = codeOf(e);
		if (code && (CONNECTION_CODES.has(code) || SQLSTATES.has(code) || code.startsWith('08'))) {
			return code;
		}
		e = (e as { cause?: unknown }).cause;
	}
	return null;
}

/** True when the database is briefly unavailable rather than the request or the code wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
	return outageCode(error) !== null;
}
