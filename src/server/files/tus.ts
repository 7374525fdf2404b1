import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import type { Server } from '@tus/server';
import { ERRORS, type DataStore, type Locker, type Upload } from '@tus/utils';
import { isEditable } from '$lib/domain/case-status';
import { safeFilename } from '$lib/domain/files/safe-name';
import { errorMessage, type ErrorCode } from '$lib/i18n/errors';
import { localeOf, type Locale } from '$lib/i18n/locale';
import { config as appConfig } from '../config';
import { db, type Sql } from '../db/client';
import { isDatabaseUnavailable, OUTAGE_MESSAGE } from '../db/outage';
import { retryAfterSeconds } from '../http/unavailable';
import { reserveUserAction } from '../auth/rate-limit';
import { sessionTokenFromHeader, validateSessionToken } from '../auth/session';
import type { SessionUser } from '../auth/users';
import { ConfirmingServer } from './confirming-server';
import { tusLocker } from './pg-locker';
import { creationFacts, findUploadByStorageKey, isUuid, recordUpload } from './uploads';
import { lapsOf, serverTiming, serverTimingEnabled, startTiming } from './upload-timing';
import { checkDeclaredType, verifyBytes } from './verify';
import { VerifyingStore } from './verifying-store';

/** The tus endpoint: `src/routes/files/[...path]/+server.ts` hands it every request. */
export const FILES_PATH = '/files';

export interface FilesConfig {
	filesDir: string;
	maxFileBytes: number;
	maxCaseBytes: number;
	/** All verified uploads of one person, every case together (MAX_APPLICANT_MB). */
	maxApplicantBytes: number;
	s3: {
		bucket: string;
		endpoint?: string;
		region: string;
		accessKeyId?: string;
		secretAccessKey?: string;
	} | null;
}

export interface FilesDeps {
	/** The database (a function, so the process's connection can be set after import). */
	sql: () => Sql;
	config: FilesConfig;
	/** The site's own origin (ORIGIN); the only one CORS answers. Null: none at all. */
	origin: string | null;
	/** The store (`loadDatastore(config)`); tests give their own. */
	datastore: DataStore;
	/** Locks uploads while a request works on one (default: tus's in-process MemoryLocker). */
	locker?: Locker;
}

/**
 * The signed-in person of a request, once known: set by `handleFiles` from the session the app's
 * hook validated, else by the first tus hook that validates it; a request is never looked up twice.
 */
const users = new WeakMap<Request, SessionUser>();

/** A tus failure answer: the body is the person's message in their language. */
interface TusError {
	status_code: number;
	body: string;
}

function statusFor(code: string): number {
	switch (code) {
		case 'login_required':
			return 401;
		case 'forbidden':
			return 403;
		case 'file_too_large':
		case 'file_case_limit':
		case 'file_applicant_limit':
			return 413;
		case 'file_type_not_allowed':
			return 415;
		case 'rate_limited':
			return 429;
		case 'file_metadata_invalid':
			return 400;
		default:
			// 422, not 409/423: tus-js-client would retry those.
			return 422;
	}
}

function fail(code: ErrorCode, locale: Locale): TusError {
	return { status_code: statusFor(code), body: errorMessage(code, locale) };
}

export function cookieValue(header: string | null, name: string): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq < 0) continue;
		if (part.slice(0, eq).trim() === name) {
			const value = part.slice(eq + 1).trim();
			try {
				return decodeURIComponent(value);
			} catch {
				return value;
			}
		}
	}
	return null;
}

function localeFor(req: Request): Locale {
	return localeOf(cookieValue(req.headers.get('cookie'), 'PARAGLIDE_LOCALE'));
}

/** The configured store; the S3 client is loaded only when S3 is configured. */
export async function loadDatastore(cfg: FilesConfig): Promise<DataStore> {
	if (cfg.s3) {
		const { createS3Store } = await import('./s3-store');
		return createS3Store(cfg.s3);
	}
	return new FileStore({ directory: cfg.filesDir });
}

/** The stored bytes of an upload, as a Node stream (FileStore and S3Store both can). */
export async function readStored(store: DataStore, key: string): Promise<Readable> {
	const reader = (store as DataStore & { read(id: string): Readable | Promise<Readable> }).read;
	return reader.call(store, key);
}

function meta(upload: Upload, key: string): string {
	return upload.metadata?.[key] ?? '';
}

/**
 * One tus server: every request needs a valid session; PATCH/HEAD/DELETE only on one's own
 * uploads; creation checks the metadata and limits; the bytes are verified (size, SHA-256, real
 * type) as they are written, or read back at the finish when this process did not see them all
 * (`VerifyingStore`), a PDF's content in a worker thread (./pdf-check), and the finishing
 * request records the `uploads` row. A refused upload's bytes are deleted and the answer's body
 * says why.
 */
export function createTusServer(deps: FilesDeps): Server {
	const { config: cfg } = deps;
	// Checks the bytes as PATCHes write them; the finish reads them back only when it must.
	const datastore = new VerifyingStore(deps.datastore);
	async function userOf(req: Request): Promise<SessionUser> {
		const known = users.get(req);
		if (known) return known;
		const token = sessionTokenFromHeader(req.headers.get('cookie'), new URL(req.url));
		const validated = token ? await validateSessionToken(deps.sql(), token) : null;
		if (!validated) throw fail('login_required', localeFor(req));
		users.set(req, validated.user);
		return validated.user;
	}

	/** A finished upload's verified SHA-256 (a HEAD's `Upload-Sha256`), or null. */
	async function confirmedSha256(uploadId: string): Promise<string | null> {
		const row = await findUploadByStorageKey(deps.sql(), uploadId);
		return row?.status === 'verified' ? row.sha256 : null;
	}

	const server = new ConfirmingServer(confirmedSha256, {
		path: FILES_PATH,
		datastore,
		locker: deps.locker,
		relativeLocation: true,
		maxSize: cfg.maxFileBytes,
		allowedOrigins: (origin) => deps.origin !== null && origin === deps.origin,
		exposedHeaders: ['Upload-Sha256'],
		disableTerminationForFinishedUploads: true,

		/** `<attachmentId>-<random>`: a retried creation for the same attachment never collides. */
		namingFunction(_req, metadata) {
			const attachmentId = metadata?.attachmentId;
			const prefix = isUuid(attachmentId) ? attachmentId.toLowerCase() : 'invalid';
			return `${prefix}-${randomBytes(8).toString('hex')}`;
		},

		async onIncomingRequest(req, id) {
			const user = await userOf(req);
			if (req.method === 'POST') return;
			const laps = lapsOf(req);
			laps.lap('session');
			let upload: Upload;
			try {
				upload = await datastore.getUpload(id);
			} catch (error) {
				// Gone (verified uploads stay; refused ones were deleted).
				throw error === ERRORS.FILE_NOT_FOUND || !(error instanceof Error)
					? error
					: ERRORS.FILE_NOT_FOUND;
			}
			if (meta(upload, 'ownerId') !== user.id) throw fail('forbidden', localeFor(req));
			laps.lap('owner');
		},

		async onUploadCreate(req, upload) {
			const locale = localeFor(req);
			const laps = lapsOf(req);
			const user = await userOf(req);
			laps.lap('session');
			if (!(await reserveUserAction(deps.sql(), user.id)).ok) throw fail('rate_limited', locale);
			laps.lap('limit');
			const attachmentId = meta(upload, 'attachmentId');
			const caseId = meta(upload, 'caseId');
			const givenName = meta(upload, 'filename');
			// Stored, shown and offered for saving without controls, bidi overrides or separators.
			const filename = safeFilename(givenName);
			const filetype = meta(upload, 'filetype');
			const sha256 = meta(upload, 'sha256');
			if (
				!isUuid(attachmentId) ||
				!isUuid(caseId) ||
				!givenName.trim() ||
				filename.length > 255 ||
				!/^[0-9a-fA-F]{64}$/.test(sha256) ||
				upload.size === undefined
			) {
				throw fail('file_metadata_invalid', locale);
			}
			const typeProblem = checkDeclaredType(filename, filetype);
			if (typeProblem) throw fail(typeProblem, locale);
			if (upload.size > cfg.maxFileBytes) throw fail('file_too_large', locale);
			const facts = await creationFacts(deps.sql(), user.id, caseId, attachmentId);
			laps.lap('facts');
			// Only a case the person can still change takes files: no storage for made-up ids.
			if (facts.kase && facts.kase.applicantId !== user.id) throw fail('forbidden', locale);
			if (!facts.kase || !isEditable(facts.kase.status)) {
				throw fail('file_case_not_editable', locale);
			}
			const { existing } = facts;
			if (existing && existing.ownerId !== user.id) throw fail('forbidden', locale);
			if (existing?.status === 'verified' && existing.sha256 !== sha256.toLowerCase()) {
				throw fail('file_id_reused', locale);
			}
			if (facts.verifiedBytes + upload.size > cfg.maxCaseBytes) {
				throw fail('file_case_limit', locale);
			}
			if (facts.applicantBytes + upload.size > cfg.maxApplicantBytes) {
				throw fail('file_applicant_limit', locale);
			}
			return {
				metadata: {
					...upload.metadata,
					attachmentId: attachmentId.toLowerCase(),
					caseId: caseId.toLowerCase(),
					sha256: sha256.toLowerCase(),
					filename,
					ownerId: user.id
				}
			};
		},

		async onUploadFinish(req, upload) {
			const locale = localeFor(req);
			const laps = lapsOf(req);
			laps.lap('body');
			const user = await userOf(req);
			const declared = {
				filename: safeFilename(meta(upload, 'filename')),
				filetype: meta(upload, 'filetype'),
				size: upload.size ?? -1,
				sha256: meta(upload, 'sha256')
			};
			const checked =
				(await datastore.finishVerification(upload.id, declared, laps)) ??
				(await verifyBytes(await readStored(datastore, upload.id), declared));
			laps.lap('verify');
			// An image is kept without its metadata. The row's size and SHA-256 stay those of the
			// bytes the device sent and still holds (the upload's identity: the HEAD's confirmation,
			// a retry's duplicate check, what other devices pull); a download's length is the store's.
			if (checked.cleaned) await datastore.replace(upload.id, checked.cleaned);
			const result = await recordUpload(
				deps.sql(),
				{
					id: meta(upload, 'attachmentId'),
					ownerId: user.id,
					caseId: meta(upload, 'caseId'),
					name: declared.filename,
					mime: checked.mime ?? declared.filetype,
					size: checked.size,
					sha256: checked.sha256,
					storageKey: upload.id,
					refusal: checked.reason
				},
				cfg
			);
			laps.lap('row');
			if (result.status === 'verified') {
				return { headers: { 'Upload-Sha256': checked.sha256 } };
			}
			// Refused, or a second copy of bytes already verified: these bytes are not kept.
			await datastore.remove(upload.id);
			if (result.status === 'duplicate') {
				return { headers: { 'Upload-Sha256': checked.sha256 } };
			}
			throw fail(result.reason, locale);
		},

		onResponseError(req, error) {
			// The database went away mid-request (a restart): the outage's 503, as everywhere else.
			if (isDatabaseUnavailable(error)) return { status_code: 503, body: OUTAGE_MESSAGE };
			if (error === ERRORS.ERR_MAX_SIZE_EXCEEDED || error === ERRORS.ERR_SIZE_EXCEEDED) {
				return fail('file_too_large', localeFor(req));
			}
			return undefined;
		}
	});
	return server;
}

let instance: Server | null = null;
const timing = serverTimingEnabled();
let locker: (Locker & { close?(): Promise<void> }) | null = null;

/**
 * The endpoint's entry: `user` is the session src/hooks.server.ts validated for this request
 * (null: none, and tus answers 401). Every request is still authorized by the tus hooks.
 */
export async function handleFiles(request: Request, user: SessionUser | null): Promise<Response> {
	if (user) users.set(request, user);
	startTiming(request, timing);
	const response = await tus().handleWeb(request);
	if (response.status === 503) response.headers.set('retry-after', retryAfterSeconds());
	lapsOf(request).lap('tus');
	const timings = serverTiming(request);
	if (timings) response.headers.set('server-timing', timings);
	return response;
}

/**
 * Makes the process's tus server, on the app's database and settings (at start-up: loading the
 * S3 store is asynchronous); the job queue sweeps its abandoned uploads. Its locks are
 * PostgreSQL advisory locks on a PostgreSQL server, in-process ones on the embedded database
 * (`tusLocker`).
 */
export async function startTus(): Promise<Server> {
	if (instance) return instance;
	const datastore = await loadDatastore(appConfig);
	locker ??= tusLocker(appConfig.databaseUrl);
	instance = createTusServer({
		sql: db,
		config: appConfig,
		origin: process.env.ORIGIN ? new URL(process.env.ORIGIN).origin : null,
		datastore,
		locker
	});
	return instance;
}

/** The process's tus server (made by `startTus` at start-up). */
export function tus(): Server {
	if (!instance) throw new Error('The upload server is not started yet (startTus)');
	return instance;
}

/** At shutdown, once no request is left: ends the lock connection (freeing any lock still held). */
export async function stopTus(): Promise<void> {
	await locker?.close?.();
	locker = null;
}
