import path from 'node:path';
import { config } from '../config';
import type { FilesLocation } from './backup';
import type { DatabaseLocation } from './database-dump';

/** The app's own database and attachments, as its settings name them (DATABASE_URL, DATA_DIR …). */
export function configuredLocations(): { db: DatabaseLocation; files: FilesLocation } {
	return {
		db: config.databaseUrl
			? { kind: 'postgres', url: config.databaseUrl }
			: { kind: 'embedded', dir: path.join(config.dataDir, 'pg') },
		files: config.s3
			? { kind: 's3', bucket: config.s3.bucket }
			: { kind: 'folder', dir: config.filesDir }
	};
}
