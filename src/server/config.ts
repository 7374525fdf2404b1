import path from 'node:path';

/** Server settings, read from the environment once. */
export const config = {
	databaseUrl: process.env.DATABASE_URL || null,
	dataDir: path.resolve(process.env.DATA_DIR ?? 'data'),
	/**
	 * Demo accounts (with their published password) on an empty database: only on the embedded
	 * one, unless DEMO_DATA=1 asks for them on a real server too (DEMO_DATA=0: never).
	 */
	demoData: demoDataWanted(process.env),
	migrationsDir: path.resolve(process.env.MIGRATIONS_DIR ?? 'migrations'),
	/** Uploaded attachments (tus FileStore), unless S3_BUCKET names object storage. */
	filesDir: path.resolve(
		process.env.FILES_DIR ?? path.join(process.env.DATA_DIR ?? 'data', 'files')
	),
	/** One attachment at most MAX_FILE_MB (default 10 MB). */
	maxFileBytes: megabytes(process.env.MAX_FILE_MB, 10),
	/** All verified attachments of one case together at most MAX_CASE_MB (default 50 MB). */
	maxCaseBytes: megabytes(process.env.MAX_CASE_MB, 50),
	/** All verified attachments of one person, every case together, at most MAX_APPLICANT_MB (200). */
	maxApplicantBytes: megabytes(process.env.MAX_APPLICANT_MB, 200),
	/**
	 * Stored upload bytes nobody wrote to for UPLOAD_ABANDON_DAYS (default 7) and that are no
	 * attachment (a partial upload never resumed, a finished one never recorded) are deleted.
	 */
	abandonedUploadMs: days(process.env.UPLOAD_ABANDON_DAYS, 7),
	/** Bounds on every database connection, so a dead or locked database fails fast. */
	db: {
		/** Seconds to open a connection (TCP, TLS, authentication): DB_CONNECT_TIMEOUT_S. */
		connectTimeoutS: positive(process.env.DB_CONNECT_TIMEOUT_S, 5),
		/** Longest statement, milliseconds: DB_STATEMENT_TIMEOUT_MS. */
		statementTimeoutMs: positive(process.env.DB_STATEMENT_TIMEOUT_MS, 15_000),
		/** Longest wait for a row or advisory lock, milliseconds: DB_LOCK_TIMEOUT_MS. */
		lockTimeoutMs: positive(process.env.DB_LOCK_TIMEOUT_MS, 5_000),
		/** A transaction left idle this long is ended by the server: DB_IDLE_TX_TIMEOUT_MS. */
		idleInTransactionTimeoutMs: positive(process.env.DB_IDLE_TX_TIMEOUT_MS, 30_000),
		/** Seconds a query may wait for a free pooled connection: DB_QUEUE_TIMEOUT_S. */
		queueTimeoutS: positive(process.env.DB_QUEUE_TIMEOUT_S, 10),
		/** Seconds a request is told to wait before retrying during an outage (Retry-After). */
		retryAfterS: positive(process.env.DB_RETRY_AFTER_S, 5)
	},
	/** S3-compatible object storage for attachments (AWS, R2, MinIO, …) when S3_BUCKET is set. */
	s3: process.env.S3_BUCKET
		? {
				bucket: process.env.S3_BUCKET,
				endpoint: process.env.S3_ENDPOINT || undefined,
				region: process.env.S3_REGION || 'us-east-1',
				accessKeyId: process.env.S3_ACCESS_KEY_ID || undefined,
				secretAccessKey: process.env.S3_SECRET_ACCESS_KEY || undefined
			}
		: null
};

/** Whether `npm start` seeds the demo accounts: see `config.demoData`. */
export function demoDataWanted(env: Record<string, string | undefined>): boolean {
	if (env.DEMO_DATA === '1') return true;
	if (env.DEMO_DATA === '0') return false;
	return !env.DATABASE_URL;
}

/** A positive number from the environment, else `fallback`. */
function positive(value: string | undefined, fallback: number): number {
	const n = Number(value);
	return value && Number.isFinite(n) && n > 0 ? n : fallback;
}

function megabytes(value: string | undefined, fallback: number): number {
	return Math.round(positive(value, fallback) * 1024 * 1024);
}

function days(value: string | undefined, fallback: number): number {
	return positive(value, fallback) * 24 * 60 * 60 * 1000;
}
