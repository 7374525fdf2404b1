import path from 'node:path';

/** Server settings, read from the environment once. */
export const config = {
	databaseUrl: process.env.DATABASE_URL || null,
	dataDir: path.resolve(process.env.DATA_DIR ?? 'data'),
	/** Demo accounts are created on an empty database unless DEMO_DATA=0. */
	demoData: process.env.DEMO_DATA !== '0',
	migrationsDir: path.resolve(process.env.MIGRATIONS_DIR ?? 'migrations')
};
