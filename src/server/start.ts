import { config } from './config';
import { openDatabase, type Connection } from './db/connect';
import { installProcessGuards } from './process-guard';
import { seedDemoAccounts } from './seed/demo';

/**
 * What `node build` does before it listens: guards against errors nobody caught, opens and
 * migrates the database, seeds an empty one. A failure says why and ends the process with code 1
 * (a supervisor tries again; serving without a database that never answered helps nobody).
 */
export async function startServer(): Promise<void> {
	installProcessGuards();
	let conn: Connection;
	try {
		conn = await openDatabase();
		if (config.demoData && (await seedDemoAccounts(conn.sql, { cases: true }))) {
			console.log('Zhicheng: created the demo accounts (password Zhicheng#2026)');
		}
	} catch (error) {
		console.error(`Zhicheng: cannot start: ${error instanceof Error ? error.message : error}`);
		process.exit(1);
	}
	process.once('sveltekit:shutdown', () => void conn.close());
}
