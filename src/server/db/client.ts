import postgres from 'postgres';
import { config } from '../config';

export type Sql = postgres.Sql;
export type TransactionSql = postgres.TransactionSql;

let current: Sql | null = null;

/** The client's own bound exceeds the server's statement_timeout by this, so the server's acts first. */
const QUERY_TIMEOUT_MARGIN_S = 5;

/**
 * Seconds before the next connection attempt after `attempt` failed ones. postgres.js's own
 * backoff grows to 20 s, and queries fail at once while it waits: after an outage of some seconds
 * the app would stay down that long after PostgreSQL is back. Capped at 1 s instead.
 */
export function reconnectBackoff(attempt: number): number {
	return Math.min(0.05 * 2 ** attempt, 1) * (0.5 + Math.random() / 2);
}

/**
 * A pool on `url`. `queryTimeout` adds a bound kept by the client, for a server that stops
 * answering without closing the connection (a frozen host, a network partition): such a query is
 * cancelled, and its connection dropped when the cancel is not answered either. Off by default:
 * migrations may rightly run longer, and PGlite cannot cancel a statement.
 */
export function createSql(url: string, max: number, opts: { queryTimeout?: boolean } = {}): Sql {
	const limits = config.db;
	return postgres(url, {
		max,
		idle_timeout: 30,
		connect_timeout: limits.connectTimeoutS,
		queue_timeout: limits.queueTimeoutS,
		query_timeout: opts.queryTimeout
			? limits.statementTimeoutMs / 1000 + QUERY_TIMEOUT_MARGIN_S
			: 0,
		backoff: reconnectBackoff,
		onnotice: () => {},
		// Sent in the startup message, so they hold from a connection's first statement on.
		// pglite-socket ignores startup parameters (and PGlite has no timers): embedded, these are
		// moot, as one statement runs at a time and no lock can be waited for.
		connection: {
			application_name: 'zhicheng',
			statement_timeout: limits.statementTimeoutMs,
			lock_timeout: limits.lockTimeoutMs,
			idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs
		},
		// Column names only: postgres.camel would also rename the keys inside jsonb values,
		// and module data must come back exactly as the device sent it.
		transform: { column: { from: postgres.toCamel, to: postgres.fromCamel } }
	});
}

/** The process's one postgres.js instance (set at start-up by `connectDatabase`). */
export function db(): Sql {
	if (!current) throw new Error('The database is not connected yet');
	return current;
}

export function setDb(sql: Sql | null): void {
	current = sql;
}
