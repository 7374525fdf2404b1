import { chmod, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { createSql } from '../db/client';
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
			await writeEmbeddedDump(dump, file);
			return { counts, migration: level.migration, migrations: level.count };
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
			await dumpServer(db.url, file, row!.snapshot);
			return { counts, migration: level.migration, migrations: level.count };
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
