import path from 'node:path';
import { createSql, type Sql } from '../db/client';
import type { FilesLocation } from './backup';
import {
	describeServer,
	embeddedInUse,
	emptyServer,
	folderEntries,
	loadEmbedded,
	restoreServer,
	serverObjectCount,
	type DatabaseLocation
} from './database-dump';
import { countFiles, extractFolder } from './files-archive';
import { damagedFiles, readManifest, rowCounts, type Manifest, type RowCounts } from './manifest';

/** A restore that would overwrite data or cannot match the backup: nothing was changed. */
export class RestoreRefused extends Error {
	override name = 'RestoreRefused';
}

function describe(db: DatabaseLocation): { zh: string; en: string } {
	return db.kind === 'postgres'
		? { zh: describeServer(db.url), en: describeServer(db.url) }
		: { zh: `嵌入式数据库 ${db.dir}`, en: `the embedded database in ${db.dir}` };
}

/** Every reason not to start; checked before anything is written. */
async function refusals(
	manifest: Manifest,
	db: DatabaseLocation,
	files: FilesLocation,
	force: boolean
): Promise<string[]> {
	const problems: string[] = [];
	if (manifest.database.kind !== db.kind) {
		problems.push(
			`备份来自${manifest.database.kind === 'postgres' ? ' PostgreSQL' : '嵌入式数据库'}，` +
				`目标却不是。 / The backup is of a ${manifest.database.kind} database; ` +
				`the target is ${describe(db).en}. ` +
				(manifest.database.kind === 'postgres'
					? 'Set DATABASE_URL to an empty database.'
					: 'Unset DATABASE_URL to restore into the embedded database.')
		);
	} else if (db.kind === 'embedded' && embeddedInUse(db.dir)) {
		problems.push(
			`嵌入式数据库 ${db.dir} 正在使用中，请先停止 Zhicheng。 / ` +
				`The embedded database in ${db.dir} is open: stop Zhicheng first.`
		);
	} else if (!force) {
		const used =
			db.kind === 'postgres' ? await serverObjectCount(db.url) : await folderEntries(db.dir);
		if (used > 0) {
			problems.push(
				`目标数据库不是空的（${describe(db).zh}）：为免覆盖现有数据，拒绝恢复；确需替换其全部内容，请加 --force。 / ` +
					`The target database is not empty (${describe(db).en}): refusing to restore over ` +
					'its data. Add --force to replace everything in it.'
			);
		}
	}
	if (manifest.files.kind === 'folder') {
		if (files.kind !== 'folder') {
			problems.push(
				'备份中的附件是一个文件夹，目标却是 S3：请恢复到 FILES_DIR 再上传到存储桶。 / ' +
					'The backup holds a files folder but S3 is configured: restore into FILES_DIR ' +
					'(unset S3_BUCKET), then copy it to the bucket.'
			);
		} else if (!force && (await countFiles(files.dir)) > 0) {
			problems.push(
				`目标附件目录 ${files.dir} 不是空的：拒绝恢复；确需替换，请加 --force。 / ` +
					`The files folder ${files.dir} is not empty: refusing to restore over it. ` +
					'Add --force to replace its contents.'
			);
		}
	}
	return problems;
}

export interface RestoreResult {
	manifest: Manifest;
	counts: RowCounts;
	files: number | null;
}

/**
 * Restores the backup in `from` into `db` and `files`, after checking every file's SHA-256 and
 * that neither target holds data (unless `force`: then their contents are replaced). Afterwards
 * the restored rows are counted against the manifest.
 */
export async function restore(
	from: string,
	db: DatabaseLocation,
	files: FilesLocation,
	force = false
): Promise<RestoreResult> {
	const manifest = await readManifest(from);
	const damaged = await damagedFiles(from, manifest);
	if (damaged.length > 0) {
		throw new RestoreRefused(
			`备份已损坏（SHA-256 不符）：${damaged.join(', ')}。 / ` +
				`The backup is damaged (SHA-256 mismatch): ${damaged.join(', ')}.`
		);
	}
	const problems = await refusals(manifest, db, files, force);
	if (problems.length > 0) throw new RestoreRefused(problems.join('\n'));

	const dump = path.join(from, manifest.database.file);
	let counts: RowCounts;
	if (db.kind === 'embedded') {
		counts = await loadEmbedded(db.dir, dump, rowCounts);
	} else {
		if (force) await emptyServer(db.url);
		await restoreServer(db.url, dump);
		const sql: Sql = createSql(db.url, 1);
		try {
			counts = await rowCounts(sql);
		} finally {
			await sql.end({ timeout: 5 });
		}
	}
	let restoredFiles: number | null = null;
	if (manifest.files.kind === 'folder' && files.kind === 'folder') {
		await extractFolder(path.join(from, manifest.files.file), files.dir);
		restoredFiles = await countFiles(files.dir);
	}
	const mismatch =
		(Object.keys(manifest.counts) as (keyof RowCounts)[]).some(
			(k) => counts[k] !== manifest.counts[k]
		) ||
		(restoredFiles !== null &&
			manifest.files.kind === 'folder' &&
			restoredFiles !== manifest.files.entries);
	if (mismatch) {
		throw new Error(
			'恢复后的数量与备份清单不符。 / The restored data does not match the manifest: ' +
				JSON.stringify({ restored: { ...counts, files: restoredFiles }, manifest: manifest.counts })
		);
	}
	return { manifest, counts, files: restoredFiles };
}
