import Dexie, { type EntityTable } from 'dexie';
import type {
	AttachmentRecord,
	CaseKind,
	CaseStatus,
	MutationOp,
	RejectionCode
} from '$lib/domain/sync';
import type { CaseProgress, NoticeRecord, ReviewEventRecord } from '$lib/domain/review';
import type { CertificateRecord } from '$lib/domain/certificates';
import { databaseNameFor, forgetMark } from './device-hint';
import { releaseFiles } from './held-files';
import { META } from './meta';
import { vaultMiddleware } from './vault-middleware';
import { newVaultKey, VAULT_KEY_ID, type VaultRow } from './vault';
import { sealExistingRows, SEAL_PENDING } from './vault-seal';

// Dexie turns its debug mode on for any page served from localhost or 127.0.0.1: every operation
// then runs inside a DevTools async-stack task, which costs the main thread on each query. A
// production build runs as it does on the province's own address, wherever it is served from.
if (!import.meta.env.DEV) Dexie.debug = false;

/**
 * The device's copy of one person's declarations (one database per signed-in user, so a shared
 * phone never mixes people). Nothing typed lives only in memory: every edit is written here first.
 */

export interface LocalCase {
	id: string;
	kind: CaseKind;
	status: CaseStatus;
	receiptNo: string | null;
	/** True once the server has the case (its case.create was applied or pulled). */
	onServer: boolean;
	/**
	 * A draft nobody has written anything into: it lives only on this device, and its
	 * case.create is queued with its first write (writes.ts). Absent on older rows: written.
	 */
	untouched?: boolean;
	/** The server's reason when a mutation of this case was permanently refused. */
	problem: { code: RejectionCode | 'session'; reason: string } | null;
	createdAt: string;
	updatedAt: string;
	submittedAt: string | null;
	/** The review route and where the case stands on it, as last pulled; null before 提交. */
	progress: CaseProgress | null;
}

/** An in-app notice as the device keeps it: IndexedDB cannot index null, hence the flags. */
export interface LocalNotice extends NoticeRecord {
	/** 1 while readAt is null. */
	unread: 0 | 1;
	/** 1 while the person read it here and the server has not been told yet. */
	readUnsent: 0 | 1;
}

export interface LocalModule {
	caseId: string;
	module: string;
	data: Record<string, unknown>;
	/** The server revision the local data is based on (0: the server has never seen it). */
	baseRevision: number;
	/** Local edits not yet applied by the server. */
	dirty: boolean;
	/**
	 * An unsent save of this module waits in the outbox (it reads the row when first sent), so
	 * a keystroke only rewrites the row: the hot path never searches the outbox.
	 */
	queued: boolean;
	/** A same-module edit from elsewhere met this one: both versions, until the person chooses. */
	conflict: { serverData: Record<string, unknown>; serverRevision: number; at: string } | null;
	updatedAt: string;
	/** The newest typing-journal entry folded into this row: an older one never overwrites it. */
	journalSeq?: number;
}

export type AttachmentState = 'local' | 'uploading' | 'uploaded' | 'attached' | 'failed';

/** `sha256`: hex SHA-256 computed on the device from the stored chunks. */
export interface LocalAttachment extends Omit<AttachmentRecord, 'status'> {
	state: AttachmentState;
	uploadedBytes: number;
	uploadUrl: string | null;
	/** False once the server confirmed it and the local bytes were dropped to save space. */
	hasLocalBytes: boolean;
	error: string | null;
	createdAt: string;
}

/** Attachment bytes as ArrayBuffer pieces: WebKit fails to store Blob/File in IndexedDB. */
export interface AttachmentChunk {
	attachmentId: string;
	index: number;
	data: ArrayBuffer;
}

export type OutboxState = 'pending' | 'sending' | 'needs-action';

export interface OutboxItem {
	seq?: number;
	mutationId: string;
	caseId: string;
	op: MutationOp;
	module: string | null;
	/**
	 * Frozen at the first send: a retry must carry the same payload, or the server would refuse
	 * the reused id. Before that, saves of the same module coalesce into this item.
	 */
	frozen: { baseRevision: number | null; payload: unknown } | null;
	/** For ops whose payload is known when queued (create, attach, submit, cancel). */
	payload: unknown;
	state: OutboxState;
	attempts: number;
	nextAttemptAt: number;
	lastError: string | null;
	createdAt: string;
}

/**
 * A module's words as typed, one entry per change (see journal.ts): written on every keystroke
 * to a store no screen watches, folded into the module row and its outbox entry a moment later.
 */
export interface JournalRow {
	caseId: string;
	module: string;
	/** Increases with every change on this device; the highest entry holds the latest words. */
	seq: number;
	data: Record<string, unknown>;
	at: string;
}

export interface MetaRow {
	key: string;
	value: unknown;
}

/** tus-js-client's resumable upload URLs, kept across reloads. */
export interface UploadUrlRow {
	key: string;
	fingerprint: string;
	upload: unknown;
}

/** A certificate's PDF kept on this device after 下载 or 预览 (ch. 6: it opens offline). */
export interface CertificateFile {
	/** The certificate's id. */
	id: string;
	/** The certificate's version the bytes show: an older copy is not offered as current. */
	version: number;
	bytes: ArrayBuffer;
	savedAt: string;
}

export class ZhichengDB extends Dexie {
	cases!: EntityTable<LocalCase, 'id'>;
	modules!: Dexie.Table<LocalModule, [string, string]>;
	attachments!: EntityTable<LocalAttachment, 'id'>;
	chunks!: Dexie.Table<AttachmentChunk, [string, number]>;
	outbox!: EntityTable<OutboxItem, 'seq'>;
	meta!: EntityTable<MetaRow, 'key'>;
	uploadUrls!: EntityTable<UploadUrlRow, 'key'>;
	journal!: Dexie.Table<JournalRow, [string, string, number]>;
	reviewEvents!: EntityTable<ReviewEventRecord, 'id'>;
	notices!: EntityTable<LocalNotice, 'id'>;
	certificates!: EntityTable<CertificateRecord, 'id'>;
	certificateFiles!: EntityTable<CertificateFile, 'id'>;
	vault!: EntityTable<VaultRow, 'id'>;
	/** This database's key (vault.ts), loaded or made when it opens, before anything else runs. */
	vaultKey: CryptoKey | null = null;

	constructor(name: string) {
		super(name);
		this.use(vaultMiddleware(() => this.vaultKey));
		this.on('ready', (vip) => this.unlock(vip as ZhichengDB), true);
		this.version(1).stores({
			cases: 'id, status, updatedAt',
			modules: '[caseId+module], caseId, dirty',
			attachments: 'id, caseId, state',
			chunks: '[attachmentId+index], attachmentId',
			outbox: '++seq, &mutationId, caseId, state',
			meta: 'key',
			uploadUrls: 'key, fingerprint'
		});
		this.version(2).stores({ journal: '[caseId+module+seq]' });
		this.version(3)
			.stores({
				reviewEvents: 'id, caseId',
				notices: 'id, caseId, readAt, unread, readUnsent'
			})
			.upgrade((tx) =>
				tx
					.table<LocalCase>('cases')
					.toCollection()
					.modify((c) => {
						c.progress ??= null;
					})
			);
		// The applicant's certificates arrive with the pull from now on, from the start.
		this.version(4)
			.stores({ certificates: 'id, caseId, status', certificateFiles: 'id' })
			.upgrade((tx) => tx.table<MetaRow>('meta').delete(META.pullCursor));
		// Drafts encrypted at rest: rows written before are sealed when the database next opens.
		this.version(5)
			.stores({ vault: 'id' })
			.upgrade((tx) => tx.table<MetaRow>('meta').put({ key: SEAL_PENDING, value: true }));
	}

	private async unlock(vip: ZhichengDB): Promise<void> {
		this.vaultKey = (await vip.vault.get(VAULT_KEY_ID))?.key ?? null;
		if (!this.vaultKey) {
			const made = await newVaultKey();
			// Another tab may have made one meanwhile: the first stored is everyone's.
			this.vaultKey = await vip.transaction('rw', vip.vault, async () => {
				const stored = await vip.vault.get(VAULT_KEY_ID);
				if (stored) return stored.key;
				await vip.vault.add({ id: VAULT_KEY_ID, key: made, createdAt: new Date().toISOString() });
				return made;
			});
		}
		// Plain rows still read as they are; a sealing cut short (a full disk) is retried next open.
		await sealExistingRows(vip).catch((error: unknown) => console.warn('vault: sealing', error));
	}
}

export { databaseNameFor };

const open = new Map<string, ZhichengDB>();

/** The signed-in user's local database (opened once per page). */
export function localDb(userId: string): ZhichengDB {
	let db = open.get(userId);
	if (!db) {
		db = new ZhichengDB(databaseNameFor(userId));
		open.set(userId, db);
	}
	return db;
}

/** After a clean logout: removes everything this user left on the device. */
export async function deleteLocalDb(userId: string): Promise<void> {
	open.get(userId)?.close();
	open.delete(userId);
	releaseFiles(databaseNameFor(userId));
	await Dexie.delete(databaseNameFor(userId));
	forgetMark(databaseNameFor(userId));
}
