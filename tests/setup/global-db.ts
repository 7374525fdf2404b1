import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createSql } from '../../src/server/db/client';
import { startEmbeddedDatabase } from '../../src/server/db/embedded';
import { migrate } from '../../src/server/db/migrate';

declare module 'vitest' {
	export interface ProvidedContext {
		/** A migrated embedded database to load (tarball path), when no TEST_DATABASE_URL is set. */
		pgliteDump: string | null;
	}
}

/**
 * PGlite takes seconds to initialise, so the embedded path is migrated once — through the same
 * socket + postgres.js path the app uses — and every test file loads that dump (under a second).
 */
export default async function setup(project: TestProject) {
	if (process.env.TEST_DATABASE_URL) {
		project.provide('pgliteDump', null);
		return;
	}
	const dir = mkdtempSync(path.join(tmpdir(), 'zc-test-'));
	const embedded = await startEmbeddedDatabase(null);
	const sql = createSql(embedded.url, 1);
	await migrate(sql, path.resolve('migrations'));
	await sql.end();
	const dumpFile = path.join(dir, 'migrated.tar.gz');
	const { pglite } = embedded;
	const dump = await pglite.dumpDataDir('gzip');
	writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
	await embedded.stop();
	project.provide('pgliteDump', dumpFile);
	return () => rmSync(dir, { recursive: true, force: true });
}
