import { Readable } from 'node:stream';
import { DataStore, Upload } from '@tus/utils';
import type { PdfCheckPool } from './pdf-check/pool';
import { receivedBody } from './received-body';
import type { Laps } from './upload-timing';
import {
	ByteVerifier,
	checkContent,
	needsContentCheck,
	type Declared,
	type Verified
} from './verify';

/**
 * A tus DataStore that checks the bytes while PATCHes write them: each write of an upload is
 * fed through a `ByteVerifier` kept in this process's memory, so the finishing request need
 * not read the whole file back. The state is used only when it saw exactly [0, size) written
 * in order; anything else (this process restarted, a PATCH went to another process, a write
 * failed, the state was evicted) leaves the finish to read the stored bytes again. The content
 * check of a PDF or an image needs the whole file at once: the pieces written are kept in memory
 * for it (up to `maxKeptBytes` for all uploads together), else read back when it is finished.
 * An image's cleaned copy replaces the received bytes (`replace`).
 * Everything else is the wrapped store's.
 */

export interface VerifyingLimits {
	/** Uploads followed at a time; the least recently written are dropped first. */
	maxTracked: number;
	/** A followed upload not written for this long is dropped. */
	maxIdleMs: number;
	/** Received bytes kept in memory for the content check, all uploads together. */
	maxKeptBytes: number;
}

const DEFAULT_LIMITS: VerifyingLimits = {
	maxTracked: 64,
	maxIdleMs: 30 * 60 * 1000,
	maxKeptBytes: 64 * 1024 * 1024
};

interface Tracked {
	verifier: ByteVerifier;
	/** The bytes [0, covered) went through `verifier`, and are what the store holds. */
	covered: number;
	touched: number;
	/** The pieces [0, covered) as received, or null once over the budget (then read back). */
	kept: Buffer[] | null;
}

export class VerifyingStore extends DataStore {
	private readonly tracked = new Map<string, Tracked>();
	private readonly limits: VerifyingLimits;
	private keptBytes = 0;

	constructor(
		readonly inner: DataStore,
		limits: Partial<VerifyingLimits> = {},
		private readonly now: () => number = Date.now,
		/** Where PDFs are checked (default: the process's pool). */
		private readonly pdfChecks?: PdfCheckPool
	) {
		super();
		this.extensions = inner.extensions;
		this.limits = { ...DEFAULT_LIMITS, ...limits };
	}

	/** Uploads followed right now (tests). */
	get trackedCount(): number {
		return this.tracked.size;
	}

	/** Received bytes held in memory right now (tests). */
	get keptByteCount(): number {
		return this.keptBytes;
	}

	override async write(readable: Readable, id: string, offset: number): Promise<number> {
		let entry = this.tracked.get(id);
		this.tracked.delete(id);
		if (entry && entry.covered !== offset) {
			this.release(entry);
			entry = undefined;
		}
		if (!entry && offset === 0) {
			entry = { verifier: new ByteVerifier(), covered: 0, touched: this.now(), kept: [] };
		}
		// Untracked (a resume this process did not follow): the bytes only pass through.
		const following = entry;
		const verifier = following?.verifier;
		let seen = 0;
		let broken = false;
		const body = receivedBody(
			readable,
			verifier &&
				((chunk) => {
					if (broken) return;
					try {
						verifier.push(chunk);
						seen += chunk.length;
						if (following) this.keep(following, chunk);
					} catch {
						broken = true;
					}
				})
		);
		// The state goes back only once the store says every byte the verifier saw was written
		// (also when the body broke off: what came is written, and a resume continues from it).
		const written = await this.inner.write(body.stream, id, offset);
		if (entry && !broken && written === offset + seen && entry.verifier.size === written) {
			entry.covered = written;
			entry.touched = this.now();
			this.tracked.set(id, entry);
			this.evict();
		} else if (entry) {
			this.release(entry);
		}
		if (body.failure()) throw body.failure();
		return written;
	}

	/**
	 * The checks on a finished upload's bytes, when this process saw all of them written:
	 * null when it did not (read the stored bytes instead). Forgets the upload either way.
	 */
	async finishVerification(id: string, declared: Declared, laps?: Laps): Promise<Verified | null> {
		const entry = this.tracked.get(id);
		// What it kept is used below, no longer counted.
		const kept = entry?.kept ?? null;
		this.forget(id);
		if (!entry || entry.covered !== declared.size || entry.verifier.size !== declared.size) {
			return null;
		}
		const verified = entry.verifier.finish(declared);
		laps?.lap('hash');
		if (!needsContentCheck(verified)) return verified;
		let chunks = kept;
		if (!chunks) {
			chunks = [];
			for await (const chunk of await this.read(id)) chunks.push(Buffer.from(chunk as Uint8Array));
		}
		const bytes = Buffer.concat(chunks);
		laps?.lap(kept ? 'kept' : 'read');
		const checked = await checkContent(verified, bytes, this.pdfChecks);
		laps?.lap('content');
		return checked;
	}

	/**
	 * Stores `bytes` under a finished upload's id instead of what it received (an image without
	 * its metadata), through the wrapped store's own create and write, so the file store and S3
	 * alike. Done before the upload's row is recorded: until then nobody can download it, and a
	 * crash in between leaves an upload without a row, which the client sends again.
	 */
	async replace(id: string, bytes: Uint8Array): Promise<void> {
		this.forget(id);
		const upload = await this.inner.getUpload(id);
		await this.inner.remove(id);
		const fresh = new Upload({
			id,
			size: bytes.length,
			offset: 0,
			metadata: upload.metadata,
			creation_date: upload.creation_date
		});
		await this.inner.create(fresh);
		const written = await this.inner.write(Readable.from([Buffer.from(bytes)]), id, 0);
		if (written !== bytes.length) throw new Error(`replace ${id}: wrote ${written} bytes`);
	}

	/** Forgets an upload's state (its bytes are about to be read back or are gone). */
	forget(id: string): void {
		const entry = this.tracked.get(id);
		if (entry) this.release(entry);
		this.tracked.delete(id);
	}

	/** Keeps a received piece for the content check while the budget allows, else none of them. */
	private keep(entry: Tracked, chunk: Buffer) {
		if (!entry.kept) return;
		if (this.keptBytes + chunk.length > this.limits.maxKeptBytes) {
			this.release(entry);
			return;
		}
		entry.kept.push(chunk);
		this.keptBytes += chunk.length;
	}

	private release(entry: Tracked) {
		for (const chunk of entry.kept ?? []) this.keptBytes -= chunk.length;
		entry.kept = null;
	}

	private evict() {
		const { maxTracked, maxIdleMs } = this.limits;
		const now = this.now();
		// Map order is least recently written first.
		for (const [id, entry] of this.tracked) {
			if (this.tracked.size <= maxTracked && now - entry.touched <= maxIdleMs) break;
			this.forget(id);
		}
	}

	// --- the wrapped store ---------------------------------------------------------------------

	override async create(upload: Upload): Promise<Upload> {
		this.forget(upload.id);
		return this.inner.create(upload);
	}

	override async remove(id: string): Promise<void> {
		this.forget(id);
		return this.inner.remove(id);
	}

	override getUpload(id: string): Promise<Upload> {
		return this.inner.getUpload(id);
	}

	override declareUploadLength(id: string, length: number): Promise<void> {
		return this.inner.declareUploadLength(id, length);
	}

	override deleteExpired(): Promise<number> {
		return this.inner.deleteExpired();
	}

	override getExpiration(): number {
		return this.inner.getExpiration();
	}

	override hasExtension(extension: string): boolean {
		return this.inner.hasExtension(extension);
	}

	/** The stored bytes (FileStore and S3Store both can). */
	read(id: string): Readable | Promise<Readable> {
		const inner = this.inner as DataStore & { read?(id: string): Readable | Promise<Readable> };
		if (!inner.read) throw new Error('this store cannot read uploads back');
		return inner.read(id);
	}

	// tus listens to its store's events: those are the wrapped store's.
	override on(event: string | symbol, listener: (...args: unknown[]) => void): this {
		this.inner.on(event, listener);
		return this;
	}

	override removeListener(event: string | symbol, listener: (...args: unknown[]) => void): this {
		this.inner.removeListener(event, listener);
		return this;
	}
}
