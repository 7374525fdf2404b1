import path from 'node:path';
import { parseArgs } from 'node:util';
import { backup, S3_NOTE } from './backup';
import { configuredLocations } from './locations';

// npm run backup [-- --out <folder>]: the database and the attachments of this configuration.
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, 'Z');
const out = path.resolve(values.out ?? path.join('backups', `zhicheng-${stamp}`));
const { db, files } = configuredLocations();
try {
	const manifest = await backup(db, files, out);
	const { counts, database } = manifest;
	console.log(`备份完成 / Backup written: ${out}`);
	console.log(
		`  database (${database.kind}): migration ${database.migration ?? 'none'}, ` +
			`${counts.cases} cases, ${counts.uploads} uploads (${counts.verifiedUploads} verified), ` +
			`${counts.attachments} attachments, ${counts.users} users`
	);
	if (manifest.files.kind === 'folder') {
		console.log(`  files: ${manifest.files.entries} stored files in ${manifest.files.file}`);
	} else {
		console.log(`  files: ${S3_NOTE}`);
	}
} catch (error) {
	console.error(`备份失败 / Backup failed: ${error instanceof Error ? error.message : error}`);
	process.exitCode = 1;
}
