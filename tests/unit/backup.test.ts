import { createHash, randomBytes } from 'node:crypto';
import {
	cpSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	statSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import { Upload } from '@tus/utils';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadSessionUser } from '../../src/server/auth/users';
import { createSql, type Sql } from '../../src/server/db/client';
import { EMBEDDED_POOL_SIZE, startEmbeddedDatabase } from '../../src/server/db/embedded';
import { migrate } from '../../src/server/db/migrate';
import { downloadResponse } from '../../src/server/files/download';
import { backup, type FilesLocation } from '../../src/server/ops/backup';
import type { DatabaseLocation } from '../../src/server/ops/database-dump';
import { MANIFEST_FILE, type Manifest } from '../../src/server/ops/manifest';
import { restore, RestoreRefused } from '../../src/server/ops/restore';
import { seedDemoAccounts } from '../../src/server/seed/demo';
import { submittedReviewCase, type DraftCase } from '../helpers/cases';
import { callerFor, userIdBy } from '../helpers/context';

// On the machine's PostgreSQL (pg_dump/pg_restore) when TEST_DATABASE_URL is set, else on the
// embedded PGlite (dumpDataDir): the run that CI makes of each.
const serverUrl = process.env.TEST_DATABASE_URL;
const KIND = serverUrl ? 'postgres' : 'embedded';
const TIMEOUT = 180_000;

/** A database of the kind under test, opened and closed as the app would. */
interface Place {
	location: DatabaseLocation;
	open(): Promise<Sql>;
	close(): Promise<void>;
	drop(): Promise<void>;
}

const work = mkdtempSync(path.join(tmpdir(), 'zc-backup-'));
let admin: Sql | null = null;

async function place(name: string, fromDump: boolean): Promise<Place> {
	if (serverUrl) {
		admin ??= createSql(serverUrl, 1);
		const db = `zc_backup_${process.pid}_${name}`;
		await admin.unsafe(`drop database if exists ${db} with (force)`);
		await admin.unsafe(`create database ${db}`);
		const url = new URL(serverUrl);
		url.pathname = `/${db}`;
		let sql: Sql | null = null;
		return {
			location: { kind: 'postgres', url: url.toString() },
			async open() {
				sql = createSql(url.toString(), 4);
				return sql;
			},
			async close() {
				await sql?.end();
				sql = null;
			},
			async drop() {
				await sql?.end();
				await admin!.unsafe(`drop database if exists ${db} with (force)`);
			}
		};
	}
	const dir = path.join(work, `${name}-pg`);
	let first = fromDump;
	let running: { sql: Sql; stop(): Promise<void> } | null = null;
	async function close() {
		await running?.sql.end();
		await running?.stop();
		running = null;
	}
	return {
		location: { kind: 'embedded', dir },
		async open() {
			const dump = first ? new Blob([readFileSync(inject('pgliteDump')!)]) : undefined;
			first = false;
			const embedded = await startEmbeddedDatabase(dir, dump);
			const sql = createSql(embedded.url, EMBEDDED_POOL_SIZE);
			running = { sql, stop: () => embedded.stop() };
			return sql;
		},
		close,
		drop: close
	};
}

/** Stores `bytes` through the FileStore as tus would, and makes them the upload's stored bytes. */
async function storeBytes(sql: Sql, store: FileStore, uploadId: string, bytes: Buffer) {
	const key = `${uploadId}-${randomBytes(8).toString('hex')}`;
	await store.create(new Upload({ id: key, size: bytes.length, offset: 0, metadata: {} }));
	await store.write(Readable.from([bytes]), key, 0);
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	await sql`update uploads set size = ${bytes.length}, sha256 = ${sha256}, storage_key = ${key}
		where id = ${uploadId}`;
}

/** What the app serves: the applicant's sync pull, the reviewer's queue, the files' downloads. */
async function served(sql: Sql, store: FileStore, c: DraftCase) {
	const applicant = await callerFor(sql, c.login);
	const pull = await applicant.sync.pull({ since: '0' });
	const reviewer = await callerFor(sql, 'unit01');
	const queue = await reviewer.review.queue({ queue: 'pending' });
	const user = await loadSessionUser(sql, await userIdBy(sql, c.login));
	const files: Record<string, { status: number; sha256: string | null; bytes: Buffer }> = {};
	for (const id of Object.values(c.files)) {
		const response = await downloadResponse(sql, store, user, id);
		files[id] = {
			status: response.status,
			sha256: response.headers.get('upload-sha256'),
			bytes: Buffer.from(await response.arrayBuffer())
		};
	}
	return { pull, queueCases: queue.rows.map((r) => r.caseId).sort(), files };
}

describe(`backup and restore (${KIND})`, () => {
	const source = { files: path.join(work, 'source-files') } as { files: string; place: Place };
	const target = { files: path.join(work, 'target-files') } as { files: string; place: Place };
	const out = path.join(work, 'backup');
	let c: DraftCase;
	let before: Awaited<ReturnType<typeof served>>;
	let originals: Record<string, Buffer>;
	let manifest: Manifest;

	beforeAll(async () => {
		source.place = await place('source', true);
		target.place = await place('target', false);
		const sql = await source.place.open();
		await migrate(sql, path.resolve('migrations'));
		await seedDemoAccounts(sql);
		c = await submittedReviewCase(sql);
		const store = new FileStore({ directory: source.files });
		originals = {};
		for (const id of Object.values(c.files)) {
			// A PDF's first bytes and then every byte value: any change would show.
			originals[id] = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(300_000)]);
			await storeBytes(sql, store, id, originals[id]);
		}
		before = await served(sql, store, c);
		// The embedded database can be backed up only when no process has it open.
		if (KIND === 'embedded') await source.place.close();
	}, TIMEOUT);

	afterAll(async () => {
		await source.place?.drop();
		await target.place?.drop();
		await admin?.end();
		rmSync(work, { recursive: true, force: true });
	});

	it(
		'writes the dump, the files and a manifest with counts and SHA-256s',
		async () => {
			const files: FilesLocation = { kind: 'folder', dir: source.files };
			manifest = await backup(source.place.location, files, out);
			expect(manifest.database.kind).toBe(KIND);
			expect(manifest.database.migration).toMatch(/^\d{4}_\w+\.sql$/);
			expect(manifest.counts.cases).toBeGreaterThanOrEqual(1);
			expect(manifest.counts.verifiedUploads).toBeGreaterThanOrEqual(2);
			expect(manifest.counts.attachments).toBeGreaterThanOrEqual(2);
			// Each upload: its bytes and tus's `.json` metadata.
			expect(manifest.files).toMatchObject({ kind: 'folder', entries: 4 });
			expect(Object.keys(manifest.sha256).sort()).toEqual(
				[manifest.database.file, 'files.tar'].sort()
			);
			const written = JSON.parse(readFileSync(path.join(out, MANIFEST_FILE), 'utf8'));
			expect(written).toEqual(manifest);
			expect((statSync(out).mode & 0o777).toString(8), 'only its owner opens it').toBe('700');
		},
		TIMEOUT
	);

	it(
		'restores into a fresh database and folder that serve the same cases and identical files',
		async () => {
			const files: FilesLocation = { kind: 'folder', dir: target.files };
			const result = await restore(out, target.place.location, files);
			expect(result.counts).toEqual(manifest.counts);
			expect(result.files).toBe(4);

			const sql = await target.place.open();
			const after = await served(sql, new FileStore({ directory: target.files }), c);
			expect(after.pull).toEqual(before.pull);
			expect(after.pull.changes.some((ch) => ch.type === 'case')).toBe(true);
			expect(after.queueCases).toContain(c.caseId);
			expect(after.queueCases).toEqual(before.queueCases);
			for (const [id, original] of Object.entries(originals)) {
				expect(after.files[id]!.status).toBe(200);
				expect(after.files[id]!.bytes.equals(original)).toBe(true);
				expect(after.files[id]!.sha256).toBe(createHash('sha256').update(original).digest('hex'));
			}
			await target.place.close();
		},
		TIMEOUT
	);

	it(
		'refuses to restore over a database or folder that holds data, unless --force',
		async () => {
			const files: FilesLocation = { kind: 'folder', dir: target.files };
			const refused = await restore(out, target.place.location, files).catch((e: unknown) => e);
			expect(refused).toBeInstanceOf(RestoreRefused);
			const message = (refused as Error).message;
			expect(message).toContain('目标数据库不是空的');
			expect(message).toContain('The target database is not empty');
			expect(message).toContain('--force');
			expect(message).toContain(`The files folder ${target.files} is not empty`);

			// A stray file in the folder is gone after a forced restore; the counts match again.
			writeFileSync(path.join(target.files, 'stray'), 'not in the backup');
			const forced = await restore(out, target.place.location, files, true);
			expect(forced.counts).toEqual(manifest.counts);
			expect(forced.files).toBe(4);
		},
		TIMEOUT
	);

	it(
		'refuses a backup whose files no longer match their SHA-256',
		async () => {
			const damaged = path.join(work, 'damaged');
			cpSync(out, damaged, { recursive: true });
			const tar = path.join(damaged, 'files.tar');
			const bytes = readFileSync(tar);
			bytes[bytes.length >> 1]! ^= 0xff;
			writeFileSync(tar, bytes);
			const empty: FilesLocation = { kind: 'folder', dir: path.join(work, 'unused') };
			await expect(restore(damaged, target.place.location, empty, true)).rejects.toThrow(
				/SHA-256 mismatch\): files\.tar/
			);
		},
		TIMEOUT
	);

	it(
		'refuses, writing no backup, when the files folder lacks verified uploads (settings not the app’s)',
		async () => {
			const elsewhere: FilesLocation = { kind: 'folder', dir: path.join(work, 'not-the-files') };
			const wrongOut = path.join(work, 'backup-wrong-folder');
			const refused = await backup(source.place.location, elsewhere, wrongOut).then(
				() => new Error('backed up'),
				(e: unknown) => e as Error
			);
			expect(refused.message).not.toBe('backed up');
			const verified = manifest.counts.verifiedUploads;
			expect(refused.message).toContain(
				`lacks the bytes of ${verified} of ${verified} verified uploads`
			);
			expect(refused.message).toContain('缺少');
			expect(readdirSync(wrongOut)).toEqual([]);
		},
		TIMEOUT
	);

	it(
		'with S3 storage, backs up the database alone and says the bucket is the files’ backup',
		async () => {
			const s3: FilesLocation = { kind: 's3', bucket: 'zhicheng-files' };
			const s3out = path.join(work, 'backup-s3');
			const written = await backup(source.place.location, s3, s3out);
			expect(written.files).toMatchObject({ kind: 's3', bucket: 'zhicheng-files' });
			expect(written.files.kind === 's3' && written.files.note).toContain('versioning');
			expect(Object.keys(written.sha256)).toEqual([written.database.file]);
			const restored = await restore(s3out, target.place.location, s3, true);
			expect(restored.counts).toEqual(manifest.counts);
			expect(restored.files).toBeNull();
		},
		TIMEOUT
	);

	it.runIf(!serverUrl)(
		'refuses to back up or restore an embedded database some process has open',
		async () => {
			await target.place.open();
			try {
				const files: FilesLocation = { kind: 'folder', dir: target.files };
				await expect(backup(target.place.location, files, path.join(work, 'b'))).rejects.toThrow(
					/stop Zhicheng/
				);
				await expect(restore(out, target.place.location, files, true)).rejects.toThrow(
					/is open: stop Zhicheng first/
				);
			} finally {
				await target.place.close();
			}
		},
		TIMEOUT
	);

	it.runIf(serverUrl)('never names the password of DATABASE_URL in its errors', async () => {
		const url = new URL(serverUrl!);
		url.password = 'Secret-Pw-31337';
		url.pathname = `/zc_backup_${process.pid}_missing`;
		const error = (await backup(
			{ kind: 'postgres', url: url.toString() },
			{ kind: 'folder', dir: path.join(work, 'none') },
			path.join(work, 'never')
		).then(
			() => null,
			(e: unknown) => e
		)) as Error | null;
		expect(error).toBeInstanceOf(Error);
		expect(error!.message).toContain('does not exist');
		expect(error!.message).not.toContain('Secret-Pw-31337');
	});
});
