import path from 'node:path';
import { parseArgs } from 'node:util';
import { S3_NOTE } from './backup';
import { configuredLocations } from './locations';
import { restore } from './restore';

// npm run restore -- <backup folder> [--force]: into this configuration's database and files.
const { values, positionals } = parseArgs({
	options: { force: { type: 'boolean', default: false } },
	allowPositionals: true
});
if (positionals.length !== 1) {
	console.error('用法 / Usage: npm run restore -- <backup folder> [--force]');
	process.exit(2);
}
const from = path.resolve(positionals[0]!);
const { db, files } = configuredLocations();
try {
	const { manifest, counts, files: restored } = await restore(from, db, files, values.force);
	console.log(`恢复完成 / Restored from ${from} (made ${manifest.createdAt})`);
	console.log(
		`  database: migration ${manifest.database.migration ?? 'none'}, ${counts.cases} cases, ` +
			`${counts.uploads} uploads, ${counts.attachments} attachments, ${counts.users} users`
	);
	console.log(
		restored === null ? `  files: ${S3_NOTE}` : `  files: ${restored} stored files restored`
	);
	console.log('  Newer migrations, if any, are applied when Zhicheng starts (or npm run migrate).');
} catch (error) {
	console.error(`恢复失败 / Restore failed: ${error instanceof Error ? error.message : error}`);
	process.exitCode = 1;
}
