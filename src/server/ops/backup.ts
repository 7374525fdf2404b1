import { access, chmod, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { createSql, type Sql, type TransactionSql } from '../db/client';
import {
	describeServer,
	dumpServer,
	embeddedInUse,
	withEmbedded,
	writeEmbeddedDump,
	type DatabaseLocation
} from './database-dump';
import { archiveFolder, isInside } from './files-archive';
import {
	MANIFEST_FORMAT,
	migrationLevel,
	rowCounts,
	sha256File,
	writeManifest,
	type Manifest,
	type RowCounts
} from './manifest';

/** The attachments: the FileStore folder, or an S3 bucket (which this backup does not copy). */
export type FilesLocation = { kind: 'folder'; dir: string } | { kind: 's3'; bucket: string };

export const S3_NOTE =
	'附件在 S3 存储桶中：本备份不复制它们，请以存储桶的版本控制与跨区域复制作为附件的备份。 / ' +
	'Attachments are in an S3 bucket: this backup does not copy them; the bucket’s versioning ' +
	'and replication are their backup.';

const DUMP_FILE = { postgres: 'database.dump', embedded: 'database.tar.gz' } as const;
const FILES_FILE = 'files.tar';

interface Snapshot {
	counts: RowCounts;
	migration: string | null;
	migrations: number;
	/** The FileStore keys of the verified uploads the dump knows: their bytes must be in the tar. */
	storedKeys: string[];
}

function verifiedKeys(sql: Sql | TransactionSql): Promise<string[]> {
	return sql<{ key: string }[]>`
		select storage_key as key from uploads where status = 'verified' and storage_key is not null`.then(
		(rows) => rows.map((r) => r.key)
	);
}

/** The keys among `keys` whose bytes are not in the FileStore folder `dir`. */
async function missingFiles(dir: string, keys: string[]): Promise<string[]> {
	const missing: string[] = [];
	for (const key of keys) {
		await access(path.join(dir, key)).catch(() => missing.push(key));
	}
	return missing;
}

/**
 * The database first, then the files: an attachment the dump knows was verified before it, and
 * verified bytes are never deleted, so every file the restored database names is in the tar.
 * (Bytes written after the dump are extra; the abandoned-upload sweep removes them in time.)
 */
async function backupDatabase(db: DatabaseLocation, file: string): Promise<Snapshot> {
	if (db.kind === 'embedded') {
		if (embeddedInUse(db.dir)) {
			throw new Error(
				`嵌入式数据库 ${db.dir} 正在使用中：请先停止 Zhicheng 再备份。 / ` +
					`The embedded database in ${db.dir} is open: stop Zhicheng before backing it up ` +
					'(after a crash, delete its postmaster.pid once no Zhicheng process is left).'
			);
		}
		return withEmbedded(db.dir, async (sql, dump) => {
			const level = await migrationLevel(sql);
			const counts = await rowCounts(sql);
			const storedKeys = await verifiedKeys(sql);
			await writeEmbeddedDump(dump, file);
			return { counts, migration: level.migration, migrations: level.count, storedKeys };
		});
	}
	const sql = createSql(db.url, 1);
	try {
		// The counts and pg_dump see one snapshot, so the manifest describes the dump exactly.
		return await sql.begin('isolation level repeatable read read only', async (tx) => {
			await tx`select set_config('idle_in_transaction_session_timeout', '0', true),
				set_config('statement_timeout', '0', true)`;
			const [row] = await tx<{ snapshot: string }[]>`select pg_export_snapshot() as snapshot`;
			const level = await migrationLevel(tx);
			const counts = await rowCounts(tx);
			const storedKeys = await verifiedKeys(tx);
			await dumpServer(db.url, file, row!.snapshot);
			return { counts, migration: level.migration, migrations: level.count, storedKeys };
		});
	} catch (error) {
		const why = error instanceof Error ? error.message : String(error);
		throw new Error(`${describeServer(db.url)}: ${why}`, { cause: error });
	} finally {
		await sql.end({ timeout: 5 });
	}
}

/** Writes a backup of `db` and `files` into the new or empty folder `out`; answers its manifest. */
export async function backup(
	db: DatabaseLocation,
	files: FilesLocation,
	out: string
): Promise<Manifest> {
	if (files.kind === 'folder' && isInside(path.resolve(out), path.resolve(files.dir))) {
		throw new Error(`The backup folder ${out} must not be inside the files folder ${files.dir}`);
	}
	await mkdir(out, { recursive: true });
	if ((await readdir(out)).length > 0) {
		throw new Error(
			`备份目录 ${out} 不是空的。 / The backup folder ${out} is not empty: choose a new one.`
		);
	}
	// It holds every applicant's personal data: its owner's alone, whatever the umask.
	await chmod(out, 0o700);
	const dumpName = DUMP_FILE[db.kind];
	const snapshot = await backupDatabase(db, path.join(out, dumpName));
	const sha256: Record<string, string> = {
		[dumpName]: await sha256File(path.join(out, dumpName))
	};
	let filesPart: Manifest['files'];
	if (files.kind === 'folder') {
		// Run with other settings than the app's (DATA_DIR, FILES_DIR), a backup would hold the
		// database and no attachment, and a restore of it would "succeed".
		const missing = await missingFiles(files.dir, snapshot.storedKeys);
		if (missing.length > 0) {
			await rm(path.join(out, dumpName), { force: true });
			throw new Error(
				`文件目录 ${files.dir} 中缺少 ${missing.length} 个已校验上传（共 ${snapshot.storedKeys.length} 个）的文件，` +
					`例如 ${missing[0]}：请用与应用进程相同的 DATA_DIR / FILES_DIR 设置运行备份；未写入任何备份。 / ` +
					`The files folder ${files.dir} lacks the bytes of ${missing.length} of ` +
					`${snapshot.storedKeys.length} verified uploads (e.g. ${missing[0]}): run the backup with ` +
					"the app processes' own DATA_DIR / FILES_DIR; no backup was written."
			);
		}
		const entries = await archiveFolder(files.dir, path.join(out, FILES_FILE));
		sha256[FILES_FILE] = await sha256File(path.join(out, FILES_FILE));
		filesPart = { kind: 'folder', file: FILES_FILE, entries };
	} else {
		filesPart = { kind: 's3', bucket: files.bucket, note: S3_NOTE };
	}
	const manifest: Manifest = {
		format: MANIFEST_FORMAT,
		createdAt: new Date().toISOString(),
		database: {
			kind: db.kind,
			file: dumpName,
			migration: snapshot.migration,
			migrations: snapshot.migrations
		},
		counts: snapshot.counts,
		files: filesPart,
		sha256
	};
	await writeManifest(out, manifest);
	return manifest;
}
