import { config } from './config';
import { db } from './db/client';
import { openDatabase, type Connection } from './db/connect';
import { startTus } from './files/tus';
import { startJobs } from './jobs/queue';
import { startProblem } from './start-settings.js';
import { installProcessGuards } from './process-guard';
import { seedDemoAccounts } from './seed/demo';
import { publishKey, signingKey } from './services/certificates/keys';
import { installGracefulShutdown } from './shutdown';

/**
 * What `node build` does before it listens: guards against errors nobody caught, opens and
 * migrates the database, seeds an empty one, starts the upload server (its store and locks), the
 * job queue (src/server/jobs) and the graceful shutdown. A failure says why and ends the process
 * with code 1 (a supervisor tries again; serving without a database that never answered helps
 * nobody).
 */
export async function startServer(): Promise<void> {
	installProcessGuards();
	let conn: Connection;
	try {
		// `node build` without src/server/runtime-env.js: the same rule as `npm start`.
		const problem = startProblem(process.env);
		if (problem) throw new Error(problem);
		conn = await prepareDatabase();
		const uploads = await startTus();
		await startJobs({
			sql: db,
			uploads: () => uploads,
			abandonedUploadMs: config.abandonedUploadMs
		});
	} catch (error) {
		console.error(`Zhicheng: cannot start: ${error instanceof Error ? error.message : error}`);
		process.exit(1);
	}
	installGracefulShutdown(() => conn.close());
}

/**
 * Opens and migrates the configured database; an empty one gets the demo accounts only where
 * `config.demoData` allows (the embedded database, or DEMO_DATA=1). The certificate signing key
 * is loaded (a development one made in DATA_DIR when none is configured) and its public half
 * published, so a bad key stops the start rather than the first 通过.
 */
export async function prepareDatabase(): Promise<Connection> {
	const conn = await openDatabase();
	await publishKey(conn.sql, await signingKey());
	if (config.demoData && (await seedDemoAccounts(conn.sql, { cases: true }))) {
		console.log('Zhicheng: created the demo accounts (password Zhicheng#2026)');
	}
	return conn;
}
